# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for the findings the plugin appends to the Info column: the same tag in
tshark's default output, in -T fields' Info column and with -2; none on routine frames; none
when the info_tags preference is off."""
import re

from harness import expect_equal

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


TAG = re.compile(r"\[([A-Z][^\]]*)\]$")

# Per capture, with -2 (the whole capture known): the tag each frame's Info ends in. Every
# other frame must end in none of ours.
WANT_TWO_PASS = {
    "real-sipp-transfer-fail.pcapng": {
        6: "Transfer failed: 486 Busy Here",   # the REFER
        7: "Transfer failed: 486 Busy Here",   # its 202
        14: "Transfer failed: 486 Busy Here",  # the NOTIFY whose sipfrag decided it
    },
    "real-sipp-transfer.pcapng": None,  # filled from the verdict field below
    "crafted-hints-udp.pcapng": {
        2: "Retried sooner than Retry-After",
        22: "Transfer rejected: 405 Method Not Allowed",
        23: "Transfer rejected: 405 Method Not Allowed",
        51: "Reason disagrees: Q.850 17",
        67: "Credentials rejected",
    },
    "crafted-refer-no-notify.pcapng": {1: "No NOTIFY", 2: "No NOTIFY"},
    "crafted-refer-orphan-notify.pcapng": {1: "NOTIFY matches no REFER"},
    "crafted-refer-rejected.pcapng": {1: "Transfer rejected: 603 Decline",
                                      2: "Transfer rejected: 603 Decline"},
    "crafted-refer-unanswered.pcapng": {1: "REFER unanswered"},
    "crafted-malformed.pcapng": {n: "Malformed status code" for n in (2, 4, 6, 8, 10, 12, 14)},
}

# Single pass: only what is known when the frame is read. A transfer's REFER and 2xx come
# before its outcome, and a Retry-After before the client's retry.
WANT_ONE_PASS = {
    "real-sipp-transfer-fail.pcapng": {14: "Transfer failed: 486 Busy Here"},
    "crafted-hints-udp.pcapng": {
        23: "Transfer rejected: 405 Method Not Allowed",
        51: "Reason disagrees: Q.850 17",
        67: "Credentials rejected",
    },
    "crafted-refer-no-notify.pcapng": {},
    "crafted-refer-rejected.pcapng": {2: "Transfer rejected: 603 Decline"},
    "crafted-malformed.pcapng": {n: "Malformed status code" for n in (2, 4, 6, 8, 10, 12, 14)},
}


def info_field(ts):
    # The column fields were renamed in 4.2 (_ws.col.Info -> _ws.col.info).
    return "_ws.col.Info" if ts.ws_version == "4.0" else "_ws.col.info"


def tags_from_fields(ts, cap, two_pass, prefs=()):
    rows = ts.fields(cap, [info_field(ts)], two_pass=two_pass, prefs=prefs)
    out = {}
    for frame, (info,) in rows.items():
        m = TAG.search(info)
        if m and not m.group(1).startswith("TCP "):
            out[frame] = m.group(1)
    return out


def tags_from_summary(ts, cap, two_pass, prefs=()):
    """The same tags from tshark's default one-line-per-frame output."""
    args = ["-n", "-r", ts.capture(cap)]
    for p in prefs:
        args += ["-o", p]
    if two_pass:
        args.insert(0, "-2")
    out = {}
    for line in ts.run(args).stdout.splitlines():
        words = line.split()
        m = TAG.search(line.rstrip())
        if words and words[0].isdigit() and m and not m.group(1).startswith("TCP "):
            out[int(words[0])] = m.group(1)
    return out


def succeeded_frames(ts, cap):
    """REFER, final response and deciding NOTIFY of each succeeded transfer, from the verdict
    fields (independent of the Info column)."""
    rows = ts.fields(cap, ["sipadv.refer.verdict", "sipadv.refer.request_frame",
                           "sipadv.refer.response_frame", "sipadv.refer.notify_frame",
                           "sipadv.refer.sipfrag"], two_pass=True)
    want = {}
    for frame, (verdict, refer, response, notifies, sipfrag) in rows.items():
        deciding = {int(refer), int(response)} if refer and response else set()
        if sipfrag and int(sipfrag) >= 200:
            deciding.add(frame)
        if verdict == "succeeded" and frame in deciding:
            want[frame] = "Transfer succeeded"
    return want


@case
def info_tags_two_pass(ts):
    for cap, want in WANT_TWO_PASS.items():
        if want is None:
            want = succeeded_frames(ts, cap)
            expect_equal(cap + " has a succeeded transfer", bool(want), True)
        # From 4.2 on, _ws.col.info is a field filled before post-dissectors run: the
        # plugin sets it again after tagging (sipadv_info_field_sync).
        expect_equal(cap + " Info tags, -2 -T fields", tags_from_fields(ts, cap, True), want)
        expect_equal(cap + " Info tags, -2 summary lines", tags_from_summary(ts, cap, True),
                     want)


@case
def info_tags_display_filter(ts):
    """From 4.2 on the Info column is a filterable field; a filter on it sees the tags."""
    if ts.ws_version == "4.0":
        return  # 4.0 has no _ws.col.info field to filter on
    cap = "real-sipp-transfer-fail.pcapng"
    got = ts.fields(cap, ["sipadv.refer.verdict"], two_pass=True,
                    dfilter='_ws.col.info contains "[Transfer failed: 486 Busy Here]"')
    expect_equal(cap + " -Y on the tagged Info field", sorted(got), [6, 7, 14])


@case
def info_tags_single_pass(ts):
    for cap, want in WANT_ONE_PASS.items():
        expect_equal(cap + " Info tags, single pass", tags_from_fields(ts, cap, False), want)
        expect_equal(cap + " Info tags, single-pass summary lines",
                     tags_from_summary(ts, cap, False), want)


@case
def info_tags_preference_off(ts):
    for cap in WANT_TWO_PASS:
        expect_equal(cap + " Info tags with sipadv.info_tags:FALSE",
                     tags_from_summary(ts, cap, True, prefs=("sipadv.info_tags:FALSE",)), {})
        expect_equal(cap + " Info tags with sipadv.info_tags:FALSE, -T fields",
                     tags_from_fields(ts, cap, True, prefs=("sipadv.info_tags:FALSE",)), {})
