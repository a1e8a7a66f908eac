# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for the "SIP Advisor" configuration profile (plugin/profile): with
tshark -C, its coloring rules colour the right frames and its columns print the right values.
What is right is computed from other fields (Wireshark's sip.Status-Code and the advisor's
own verdict fields), not from the profile's output."""
import os
import shutil
import xml.etree.ElementTree as ET

from harness import expect_equal

CASES = {}
PROFILE = "SIP Advisor"
PROFILE_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "plugin",
                           "profile")
CAPTURES = ["real-sipp-transfer-fail.pcapng", "real-sipp-transfer.pcapng",
            "crafted-hints-udp.pcapng", "crafted-refer-no-notify.pcapng",
            "crafted-refer-rejected.pcapng", "crafted-malformed.pcapng",
            "real-kamailio.pcapng"]
CLASS_NAMES = {1: "1xx Provisional", 2: "2xx Success", 3: "3xx Redirection",
               4: "4xx Client Failure", 5: "5xx Server Failure", 6: "6xx Global Failure"}
FINDINGS = ["sipadv.early_retry", "sipadv.credentials_rejected", "sipadv.reason_mismatch",
            "sipadv.malformed_status", "sipadv.refer.orphan_notify"]


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def install_profile(ts):
    d = os.path.join(ts.home, ".config", "wireshark", "profiles", PROFILE)
    if not os.path.isdir(d):
        os.makedirs(d)
        for f in ("colorfilters", "preferences", "dfilter_buttons"):
            shutil.copy(os.path.join(PROFILE_SRC, f), d)
            os.chmod(os.path.join(d, f), 0o644)
        for p in (os.path.join(ts.home, ".config"), os.path.join(ts.home, ".config", "wireshark"),
                  os.path.dirname(d), d):
            os.chmod(p, 0o755)


def first(v):
    return v.split("|")[0] if v else ""


def expected_rule(verdict, code, findings):
    """The profile's rules in their order; the first that matches wins."""
    if verdict in ("failed", "rejected"):
        return "SIP transfer failed or rejected"
    if verdict in ("no-notify", "unanswered", "unreported"):
        return "SIP transfer went silent"
    if findings:
        return "SIP advisor finding"
    if code and int(code) // 100 >= 5:
        return "SIP 5xx-6xx response"
    if code and int(code) // 100 == 4:
        return "SIP 4xx response"
    if verdict == "succeeded":
        return "SIP transfer succeeded"
    return ""


@case
def profile_coloring_rules(ts):
    install_profile(ts)
    fields = ["sipadv.refer.verdict", "sipadv.code"] + FINDINGS
    seen = set()
    for cap in CAPTURES:
        facts = ts.fields(cap, fields, two_pass=True)
        rows = ts.fields(cap, ["frame.coloring_rule.name"], two_pass=True,
                         extra=["-C", PROFILE, "--color"])
        got = {f: r[0] for f, r in rows.items() if r[0].startswith("SIP ")}
        want = {}
        for frame, vals in facts.items():
            rule = expected_rule(first(vals[0]), first(vals[1]), any(vals[2:]))
            if rule:
                want[frame] = rule
        expect_equal(cap + " colours with -C '%s'" % PROFILE, got, want)
        seen |= set(want.values())
    # Every rule of the profile is exercised by the captures above.
    expect_equal("rules exercised", sorted(seen), sorted([
        "SIP transfer failed or rejected", "SIP transfer went silent", "SIP advisor finding",
        "SIP 5xx-6xx response", "SIP 4xx response", "SIP transfer succeeded"]))


def psml_rows(ts, cap):
    out = ts.run(["-C", PROFILE, "-2", "-n", "-r", ts.capture(cap), "-T", "psml"]).stdout
    root = ET.fromstring(out)
    titles = [s.text for s in root.find("structure").findall("section")]
    rows = {}
    for packet in root.findall("packet"):
        vals = dict(zip(titles, [(s.text or "") for s in packet.findall("section")]))
        rows[int(vals["No."])] = vals
    return titles, rows


@case
def profile_columns(ts):
    install_profile(ts)
    for cap in CAPTURES:
        titles, rows = psml_rows(ts, cap)
        expect_equal(cap + " profile columns", titles,
                     ["No.", "Time", "Source", "Destination", "Protocol", "Class", "Code",
                      "Transfer", "Response time", "Info"])
        facts = ts.fields(cap, ["sip.Status-Code", "sipadv.refer.verdict",
                                "sipadv.response_time"], two_pass=True)
        got, want = {}, {}
        for frame, vals in rows.items():
            cols = (vals["Class"], vals["Code"], vals["Transfer"], vals["Response time"])
            if any(cols):
                got[frame] = cols
        for frame, (code, verdict, rtime) in facts.items():
            code = first(code)
            cls = CLASS_NAMES.get(int(code) // 100, "") if code.isdigit() else ""
            valid = code.isdigit() and 100 <= int(code) <= 699
            want_row = (cls if valid else "", code if valid else "", verdict, first(rtime))
            if any(want_row):
                want[frame] = want_row
        # Malformed status codes are not SIP responses to Wireshark: no sip.Status-Code.
        if cap == "crafted-malformed.pcapng":
            got = {f: r for f, r in got.items() if f in want}
        expect_equal(cap + " profile column values", got, want)
