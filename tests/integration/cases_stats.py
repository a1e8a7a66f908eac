# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for the statistics tree (tshark -q -z sipadv,tree): its counts equal
counts made independently from Wireshark's own SIP fields (sip.Status-Code, sip.CSeq.method)
and from the advisor's verdict and finding fields, in single pass and with -2."""
import collections
import os
import re
import xml.etree.ElementTree as ET

from harness import expect_equal

CASES = {}
CAPTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "captures")
ROW = re.compile(r"^( *)(\S.*?)\s{2,}(\d+)\s")
CLASS = {1: "1xx Provisional", 2: "2xx Success", 3: "3xx Redirection",
         4: "4xx Client Failure", 5: "5xx Server Failure", 6: "6xx Global Failure"}
FINDINGS = {
    "sipadv.early_retry": "Retried sooner than Retry-After",
    "sipadv.credentials_rejected": "Credentials rejected",
    "sipadv.reason_mismatch": "Reason disagrees with the code",
    "sipadv.header_not_understood": "Header not understood",
    "sipadv.malformed_status": "Malformed status code",
    "sipadv.phrase_not_utf8": "Reason phrase not UTF-8",
    "sipadv.refer.orphan_notify": "NOTIFY matching no REFER",
    "sipadv.refer.bad_sipfrag": "Bad sipfrag in a NOTIFY",
    "sipadv.refer.trigger_unchecked": "INVITE not compared with every open transfer",
}
CSEQ_FINDINGS = ("sipadv.cseq_missing", "sipadv.cseq_duplicate", "sipadv.cseq_method_mismatch")


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def captures():
    return sorted(f for f in os.listdir(CAPTURE_DIR) if f.endswith(".pcapng"))


def stats_tree(ts, cap, two_pass):
    """{path tuple: count} from tshark's stats_tree text output."""
    args = ["-n", "-q", "-r", ts.capture(cap), "-z", "sipadv,tree"]
    if two_pass:
        args.insert(0, "-2")
    out = ts.run(args).stdout
    body = out.split("-" * 20, 1)[1] if "-" * 20 in out else ""
    rows, path = {}, []
    for line in body.splitlines():
        m = ROW.match(line)
        if not m:
            continue
        depth = len(m.group(1))
        path = path[:depth] + [m.group(2)]
        rows[tuple(path)] = int(m.group(3))
    return rows


def leaves(rows, top, depth):
    return {p[1:]: n for p, n in rows.items() if p[0] == top and len(p) == depth + 1 and n}


def own_fields(proto):
    """The fields of a PDML <proto>, without those of a protocol nested in it (a
    message/sip body holds a whole SIP message: content, not a message on the wire)."""
    for child in proto:
        if child.tag == "field":
            yield child
            yield from own_fields(child)


def want_responses(ts, cap, two_pass):
    """{(code, CSeq method): count} over every SIP response message, from Wireshark's own
    fields in PDML (one <proto name="sip"> per message, so requests and responses sharing a
    frame stay apart). Also checks that the advisor explains exactly those responses."""
    args = ["-n", "-r", ts.capture(cap), "-T", "pdml"]
    if two_pass:
        args.insert(0, "-2")
    by_code_method = collections.Counter()
    for packet in ET.fromstring(ts.run(args).stdout).iter("packet"):
        theirs, ours = [], []
        for proto in packet.findall("proto"):
            fields = {f.get("name"): f.get("show") for f in own_fields(proto)}
            if proto.get("name") == "sip" and "sip.Status-Code" in fields:
                code = int(fields["sip.Status-Code"])
                if 100 <= code <= 699:
                    theirs.append(code)
                    by_code_method[(code, fields.get("sip.CSeq.method",
                                                     "(no CSeq method)"))] += 1
            elif proto.get("name") == "sipadv" and "sipadv.code" in fields:
                code = int(fields["sipadv.code"])
                if 100 <= code <= 699 and "sipadv.status_line" not in fields:
                    ours.append(code)
        expect_equal("%s: advisor responses are Wireshark's" % cap, sorted(ours),
                     sorted(theirs))
    return by_code_method


@case
def stats_responses_match_wiresharks_fields(ts):
    for cap in captures():
        for two_pass in (False, True):
            rows = stats_tree(ts, cap, two_pass)
            got = collections.Counter()
            for (cls, code, method), n in leaves(rows, "Responses", 3).items():
                c = int(code.split()[0])
                expect_equal("%s class of %s" % (cap, code), cls, CLASS[c // 100])
                got[(c, method)] += n
            want = want_responses(ts, cap, two_pass)
            expect_equal("%s responses by code and method (%s)" % (
                cap, "-2" if two_pass else "single pass"), dict(got), dict(want))
            expect_equal("%s responses total" % cap, rows.get(("Responses",), 0),
                         sum(want.values()))


@case
def stats_transfers_match_verdict_fields(ts):
    seen = set()
    for cap in captures():
        rows = stats_tree(ts, cap, True)
        got = leaves(rows, "Transfers", 2)
        facts = ts.fields(cap, ["sipadv.refer.verdict", "sipadv.refer.request_frame",
                                "sipadv.refer.response_frame", "sipadv.refer.result"],
                          two_pass=True)
        codes = {f: v[0].split("|")[0] for f, v in ts.fields(cap, ["sip.Status-Code"]).items()}
        want = collections.Counter()
        for frame, (verdict, refer, response, result) in facts.items():
            v, r = verdict.split("|")[0], refer.split("|")[0]
            if not r or int(r) != frame:
                continue  # a transfer counts once, on its REFER
            # The deciding status: the reported outcome, or for a transfer decided by the
            # REFER's own answer, that answer's code.
            status = result.split("|")[0] if result else ""
            if v in ("rejected", "challenged", "no-notify", "no-subscription") and response:
                status = codes.get(int(response.split("|")[0]), status)
            if status:
                words = [k[2] for k in rows if len(k) == 3 and k[0] == "Transfers"
                         and k[1] == v and k[2].split()[0] == status]
                status = words[0] if words else status
            else:
                status = "no final status"
            want[(v, status)] += 1
            seen.add(v)
        expect_equal(cap + " transfers by verdict and deciding status", got, dict(want))
    expect_equal("verdicts exercised", seen >= {"succeeded", "failed", "rejected", "no-notify",
                                                "unanswered", "no-subscription"}, True)


@case
def stats_findings_match_expert_fields(ts):
    total = 0
    for cap in captures():
        rows = stats_tree(ts, cap, True)
        got = leaves(rows, "Findings", 1)
        facts = ts.fields(cap, list(FINDINGS) + list(CSEQ_FINDINGS), two_pass=True)
        want = collections.Counter()
        for values in facts.values():
            # -E occurrence=a: one value per message that raised the item.
            counts = [len(v.split("|")) if v else 0 for v in values]
            for name, n in zip(FINDINGS.values(), counts):
                if n:
                    want[(name,)] += n
            if max(counts[len(FINDINGS):]):
                want[("CSeq missing, repeated or not the method",)] += max(counts[len(FINDINGS):])
        want = dict(want)
        expect_equal(cap + " findings", got, want)
        total += sum(want.values())
    expect_equal("findings exercised", total > 10, True)
