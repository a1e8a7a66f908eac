# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for the REFER follow-up check: every transfer's verdict and links, per
frame, on crafted scenarios and on transfers recorded from real SIPp agents."""
from harness import TestFailure, expect_equal

CASES = {}

FIELDS = ["sipadv.refer.verdict", "sipadv.refer.result", "sipadv.refer.request_frame",
          "sipadv.refer.response_frame", "sipadv.refer.notify_frame", "sipadv.refer.id",
          "sipadv.refer.sipfrag", "sipadv.refer.outcome", "sipadv.refer.invite_frame",
          "sipadv.refer.invite_result", "sipadv.refer.triggered_by"]

# Per capture, per frame, in -2 (the whole capture known): the FIELDS above separated by
# blanks, "-" for an absent field, "|" between values of a frame with several.
WANT = {
    "crafted-refer-ambiguous": {
        1: "pending - 1 2 5 101 - - - - -",
        2: "pending - 1 2 5 101 - - - - -",
        3: "pending - 3 4 - 102 - - - - -",
        4: "pending - 3 4 - 102 - - - - -",
        5: "pending - 1 2 5 101 100 - - - -",
    },
    "crafted-refer-challenged-abandoned": {
        1: "rejected 401 1 2 - 101 - - - - -",
        2: "rejected 401 1 2 - 101 - - - - -",
    },
    "crafted-refer-challenged-capture-ends": {
        1: "pending - 1 2 - 101 - - - - -",
        2: "pending - 1 2 - 101 - - - - -",
    },
    "crafted-refer-challenged-retried": {
        1: "challenged 407 1 2 - 101 - - - - -",
        2: "challenged 407 1 2 - 101 - - - - -",
        3: "succeeded 200 3 4 5 102 - - - - -",
        4: "succeeded 200 3 4 5 102 - - - - -",
        5: "succeeded 200 3 4 5 102 200 200 - - -",
    },
    "crafted-refer-ends-early": {
        1: "pending - 1 2 - 101 - - - - -",
        2: "pending - 1 2 - 101 - - - - -",
    },
    "crafted-refer-fail-500": {
        1: "failed 500 1 2 3|5 101 - - - - -",
        2: "failed 500 1 2 3|5 101 - - - - -",
        3: "failed 500 1 2 3|5 101 100 - - - -",
        5: "failed 500 1 2 3|5 101 500 500 - - -",
    },
    "crafted-refer-fail-after-ringing": {
        1: "failed 486 1 2 3|5|7 101 - - - - -",
        2: "failed 486 1 2 3|5|7 101 - - - - -",
        3: "failed 486 1 2 3|5|7 101 100 - - - -",
        5: "failed 486 1 2 3|5|7 101 180 - - - -",
        7: "failed 486 1 2 3|5|7 101 486 486 - - -",
    },
    "crafted-refer-final-left-active": {
        1: "succeeded 200 1 2 3|5 101 - - - - -",
        2: "succeeded 200 1 2 3|5 101 - - - - -",
        3: "succeeded 200 1 2 3|5 101 100 - - - -",
        5: "succeeded 200 1 2 3|5 101 200 200 - - -",
    },
    "crafted-refer-ipv6": {
        1: "succeeded 200 1 2 3|5 101 - - - - -",
        2: "succeeded 200 1 2 3|5 101 - - - - -",
        3: "succeeded 200 1 2 3|5 101 100 - - - -",
        5: "succeeded 200 1 2 3|5 101 200 200 - - -",
    },
    "crafted-refer-no-notify": {
        1: "no-notify - 1 2 - 101 - - - - -",
        2: "no-notify - 1 2 - 101 - - - - -",
    },
    "crafted-refer-notify-before-202": {
        1: "succeeded 200 1 3 2|5 101 - - - - -",
        2: "succeeded 200 1 3 2|5 101 100 - - - -",
        3: "succeeded 200 1 3 2|5 101 - - - - -",
        5: "succeeded 200 1 3 2|5 101 200 200 - - -",
    },
    "crafted-refer-notify-despite-refersub-false": {
        1: "succeeded 200 1 2 3 101 - - - - -",
        2: "succeeded 200 1 2 3 101 - - - - -",
        3: "succeeded 200 1 2 3 101 200 200 - - -",
    },
    "crafted-refer-notify-no-id": {
        1: "succeeded 200 1 2 3|5 101 - - - - -",
        2: "succeeded 200 1 2 3|5 101 - - - - -",
        3: "succeeded 200 1 2 3|5 101 100 - - - -",
        5: "succeeded 200 1 2 3|5 101 200 200 - - -",
    },
    "crafted-refer-orphan-notify": {
    },
    "crafted-refer-out-of-dialog": {
        1: "succeeded 200 1 2 3|5 1 - - - - -",
        2: "succeeded 200 1 2 3|5 1 - - - - -",
        3: "succeeded 200 1 2 3|5 1 100 - - - -",
        5: "succeeded 200 1 2 3|5 1 200 200 - - -",
    },
    "crafted-refer-refersub-false": {
        1: "no-subscription 200 1 2 - 101 - - - - -",
        2: "no-subscription 200 1 2 - 101 - - - - -",
    },
    "crafted-refer-rejected-405": {
        1: "rejected 405 1 2 - 101 - - - - -",
        2: "rejected 405 1 2 - 101 - - - - -",
    },
    "crafted-refer-rejected": {
        1: "rejected 603 1 2 - 101 - - - - -",
        2: "rejected 603 1 2 - 101 - - - - -",
    },
    "crafted-refer-retransmit": {
        1: "succeeded 200 1 3 5 101 - - - - -",
        2: "succeeded 200 1 3 5 101 - - - - -",
        3: "succeeded 200 1 3 5 101 - - - - -",
        4: "succeeded 200 1 3 5 101 - - - - -",
        5: "succeeded 200 1 3 5 101 200 200 - - -",
        # The NOTIFY's retransmission names its transfer but is not a NOTIFY of its own:
        # without SIP's verdict it would be listed in frame 6 and count as a second report.
        6: "succeeded 200 1 3 5 101 200 - - - -",
    },
    "crafted-refer-success": {
        4: "succeeded 200 4 5 6|8 101 - - - - -",
        5: "succeeded 200 4 5 6|8 101 - - - - -",
        6: "succeeded 200 4 5 6|8 101 100 - - - -",
        8: "succeeded 200 4 5 6|8 101 200 200 - - -",
    },
    "crafted-refer-tcp-202-notify-one-segment": {
        1: "succeeded 200 1 2 2|4 101 - - - - -",
        2: "succeeded|succeeded 200|200 1|1 2|2 2|4|2|4 101|101 100 - - - -",
        4: "succeeded 200 1 2 2|4 101 200 200 - - -",
    },
    # RFC 3515 sec. 2.4.4: a first NOTIFY may end the subscription; the outcome is unreported.
    "crafted-refer-terminated-no-final": {
        1: "unreported - 1 2 3 101 - - - - -",
        2: "unreported - 1 2 3 101 - - - - -",
        3: "unreported - 1 2 3 101 100 - - - -",
    },
    # reason=rejected before any final status: refused after acceptance (RFC 3515 sec. 2.4.7).
    "crafted-refer-terminated-rejected-no-final": {
        1: "failed - 1 2 3|5 101 - - - - -",
        2: "failed - 1 2 3|5 101 - - - - -",
        3: "failed - 1 2 3|5 101 100 - - - -",
        5: "failed - 1 2 3|5 101 100 - - - -",
    },
    # ... unless the triggered INVITE's own final response is in the capture.
    "crafted-refer-terminated-no-final-invite": {
        1: "failed 486 1 2 3 101 - - 5 486 -",
        2: "failed 486 1 2 3 101 - - 5 486 -",
        3: "failed 486 1 2 3 101 100 - 5 486 -",
        5: "- - - - - - - - - - 1",
        6: "- - - - - - - - - - 1",
    },
    # Require: nosub answered by a plain 202, 60 s of silence: no NOTIFY was due.
    "crafted-refer-nosub": {
        1: "no-subscription 202 1 2 - 101 - - - - -",
        2: "no-subscription 202 1 2 - 101 - - - - -",
    },
    # Require: explicitsub: the NOTIFYs come in the referrer's own SUBSCRIBE dialog (frame 3).
    "crafted-refer-explicitsub": {
        1: "succeeded 200 1 2 5|7 101 - - - - -",
        2: "succeeded 200 1 2 5|7 101 - - - - -",
        3: "succeeded 200 1 2 5|7 101 - - - - -",
        5: "succeeded 200 1 2 5|7 101 100 - - - -",
        7: "succeeded 200 1 2 5|7 101 200 200 - - -",
    },
    "crafted-refer-explicitsub-no-subscribe": {
        1: "no-subscription 200 1 2 - 101 - - - - -",
        2: "no-subscription 200 1 2 - 101 - - - - -",
    },
    "crafted-refer-terminated-reason-rejected": {
        1: "failed 603 1 2 3|5 101 - - - - -",
        2: "failed 603 1 2 3|5 101 - - - - -",
        3: "failed 603 1 2 3|5 101 100 - - - -",
        5: "failed 603 1 2 3|5 101 603 603 - - -",
    },
    "crafted-refer-triggered-invite-disagrees": {
        4: "succeeded 200 4 5 6|12 101 - - 8 486 -",
        5: "succeeded 200 4 5 6|12 101 - - 8 486 -",
        6: "succeeded 200 4 5 6|12 101 100 - 8 486 -",
        8: "- - - - - - - - - - 4",
        9: "- - - - - - - - - - 4",
        10: "- - - - - - - - - - 4",
        12: "succeeded 200 4 5 6|12 101 200 200 8 486 -",
    },
    "crafted-refer-triggered-invite": {
        4: "succeeded 200 4 5 6|12 101 - - 8 200 -",
        5: "succeeded 200 4 5 6|12 101 - - 8 200 -",
        6: "succeeded 200 4 5 6|12 101 100 - 8 200 -",
        8: "- - - - - - - - - - 4",
        9: "- - - - - - - - - - 4",
        10: "- - - - - - - - - - 4",
        12: "succeeded 200 4 5 6|12 101 200 200 8 200 -",
    },
    "crafted-refer-two-refers-ids": {
        4: "succeeded 200 4 5 6|12 101 - - - - -",
        5: "succeeded 200 4 5 6|12 101 - - - - -",
        6: "succeeded 200 4 5 6|12 101 100 - - - -",
        8: "failed 486 8 9 10|14 102 - - - - -",
        9: "failed 486 8 9 10|14 102 - - - - -",
        10: "failed 486 8 9 10|14 102 100 - - - -",
        12: "succeeded 200 4 5 6|12 101 200 200 - - -",
        14: "failed 486 8 9 10|14 102 486 486 - - -",
    },
    "crafted-refer-unanswered": {
        1: "unanswered - 1 - - 101 - - - - -",
        2: "unanswered - 1 - - 101 - - - - -",
        3: "unanswered - 1 - - 101 - - - - -",
        4: "unanswered - 1 - - 101 - - - - -",
        5: "unanswered - 1 - - 101 - - - - -",
    },
    "real-sipp-transfer-fail": {
        6: "failed 486 6 7 8|14 2 - - 10 486 -",
        7: "failed 486 6 7 8|14 2 - - 10 486 -",
        8: "failed 486 6 7 8|14 2 100 - 10 486 -",
        10: "- - - - - - - - - - 6",
        11: "- - - - - - - - - - 6",
        12: "- - - - - - - - - - 6",
        14: "failed 486 6 7 8|14 2 486 486 10 486 -",
    },
    "real-sipp-transfer": {
        6: "succeeded 200 6 7 8|15 2 - - 10 200 -",
        7: "succeeded 200 6 7 8|15 2 - - 10 200 -",
        8: "succeeded 200 6 7 8|15 2 100 - 10 200 -",
        10: "- - - - - - - - - - 6",
        11: "- - - - - - - - - - 6",
        12: "- - - - - - - - - - 6",
        13: "- - - - - - - - - - 6",
        15: "succeeded 200 6 7 8|15 2 200 200 10 200 -",
    },
}

# Transfer expert items (groups Sequence, Protocol, Malformed) per capture, in -2.
EXPERT = {
    "crafted-refer-ambiguous": [
        ('Notes', 'Sequence', 1, 'Transfer pending: the capture ended, before the 32 s timeout: the outcome is unknown, not failed'),
        ('Notes', 'Sequence', 1, 'Transfer pending: the last NOTIFY reported 100 Trying; the capture ended, before a final status arrived'),
        ('Warns', 'Protocol', 1, 'NOTIFY without an id while several REFERs are outstanding in the dialog: taken for the first one (sipadv.refer.request_frame)'),
    ],
    "crafted-refer-challenged-abandoned": [
        ('Warns', 'Sequence', 1, 'Transfer rejected: REFER challenged with 401 Unauthorized and not retried within 32 s: the transfer died silently'),
    ],
    "crafted-refer-challenged-capture-ends": [
        ('Notes', 'Sequence', 1, 'Transfer pending: REFER challenged with 401 Unauthorized; the capture ended, before a retry with credentials or the 32 s timeout: the outcome is unknown, not failed'),
    ],
    "crafted-refer-challenged-retried": [
        ('Chats', 'Sequence', 1, 'Transfer challenged: REFER challenged with 407 Proxy Authentication Required and retried with credentials; the retry carries its own verdict'),
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-ends-early": [
        ('Notes', 'Sequence', 1, 'Transfer pending: the capture ended, before the 32 s timeout: the outcome is unknown, not failed'),
    ],
    "crafted-refer-fail-500": [
        ('Warns', 'Sequence', 1, 'Accepted is not completed: 202 Accepted, then the transfer failed with 500 Server Internal Error'),
        ('Warns', 'Sequence', 1, 'Transfer failed: 202 Accepted, then the transfer failed with 500 Server Internal Error'),
    ],
    "crafted-refer-fail-after-ringing": [
        ('Warns', 'Sequence', 1, 'Accepted is not completed: 202 Accepted, then the transfer failed with 486 Busy Here'),
        ('Warns', 'Sequence', 1, 'Transfer failed: 202 Accepted, then the transfer failed with 486 Busy Here'),
    ],
    "crafted-refer-final-left-active": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
        ('Notes', 'Protocol', 1, 'Final status reported, but no NOTIFY ended the subscription within 32 s (Subscription-State stayed active)'),
    ],
    "crafted-refer-ipv6": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-no-notify": [
        ('Errors', 'Sequence', 1, 'Transfer no-notify: 202 Accepted, but no NOTIFY arrived within 32 s: the outcome was never reported'),
    ],
    "crafted-refer-notify-before-202": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-notify-despite-refersub-false": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
        ('Notes', 'Protocol', 1, 'NOTIFY although the 2xx granted Refer-Sub: false (RFC 4488)'),
    ],
    "crafted-refer-notify-no-id": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-orphan-notify": [
        ('Notes', 'Sequence', 1, 'NOTIFY (Event: refer) for a REFER not in the capture: the capture probably started late'),
    ],
    "crafted-refer-out-of-dialog": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-refersub-false": [
        ('Chats', 'Sequence', 1, 'Transfer no-subscription: 200 OK with Refer-Sub: false (no subscription): no NOTIFY is due, so the capture cannot show whether the transfer worked'),
    ],
    "crafted-refer-rejected-405": [
        ('Warns', 'Sequence', 1, 'Transfer rejected: REFER rejected with 405 Method Not Allowed: the transfer was never attempted'),
    ],
    "crafted-refer-rejected": [
        ('Warns', 'Sequence', 1, 'Transfer rejected: REFER rejected with 603 Decline: the transfer was never attempted'),
    ],
    "crafted-refer-retransmit": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-success": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-tcp-202-notify-one-segment": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-terminated-no-final": [
        ('Notes', 'Sequence', 1, "Transfer unreported: the referee ended the subscription without reporting a final status (allowed, RFC 3515 sec. 2.4.4); the outcome is unknown"),
    ],
    "crafted-refer-terminated-rejected-no-final": [
        ('Warns', 'Sequence', 1, "Transfer failed: the referee ended the subscription with reason=rejected before any final status: it refused the transfer after accepting it (RFC 3515 sec. 2.4.7)"),
    ],
    "crafted-refer-terminated-no-final-invite": [
        ('Warns', 'Sequence', 1, "Transfer failed: the subscription ended without a final status, but the triggered INVITE got 486 Busy Here"),
    ],
    "crafted-refer-nosub": [
        ('Chats', 'Sequence', 1, 'Transfer no-subscription: 202 Accepted to a REFER with Require: nosub (RFC 7614, no subscription): no NOTIFY is due, so the capture cannot show whether the transfer worked'),
    ],
    "crafted-refer-explicitsub": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-explicitsub-no-subscribe": [
        ('Chats', 'Sequence', 1, 'Transfer no-subscription: 200 OK to a REFER with Require: explicitsub (RFC 7614 sec. 4): no implicit subscription; the referrer subscribes itself, and no such SUBSCRIBE is in the capture'),
    ],
    "crafted-refer-terminated-reason-rejected": [
        ('Warns', 'Protocol', 1, 'Subscription terminated with reason=rejected, not noresource (RFC 3515 sec. 2.4.7)'),
        ('Warns', 'Sequence', 1, 'Accepted is not completed: 202 Accepted, then the transfer failed with 603 Decline'),
        ('Warns', 'Sequence', 1, 'Transfer failed: 202 Accepted, then the transfer failed with 603 Decline'),
    ],
    "crafted-refer-triggered-invite-disagrees": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
        ('Warns', 'Sequence', 1, 'The NOTIFY reported 200 OK but the triggered INVITE got 486 Busy Here'),
    ],
    "crafted-refer-triggered-invite": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
    "crafted-refer-two-refers-ids": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
        ('Warns', 'Sequence', 1, 'Accepted is not completed: 202 Accepted, then the transfer failed with 486 Busy Here'),
        ('Warns', 'Sequence', 1, 'Transfer failed: 202 Accepted, then the transfer failed with 486 Busy Here'),
    ],
    "crafted-refer-unanswered": [
        ('Errors', 'Sequence', 1, 'Transfer unanswered: no final response to the REFER within 32 s'),
    ],
    "real-sipp-transfer-fail": [
        ('Warns', 'Sequence', 1, 'Accepted is not completed: 202 Accepted, then the transfer failed with 486 Busy Here'),
        ('Warns', 'Sequence', 1, 'Transfer failed: 202 Accepted, then the transfer failed with 486 Busy Here'),
    ],
    "real-sipp-transfer": [
        ('Chats', 'Sequence', 1, 'Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the target'),
    ],
}


def want_fields(capture):
    out = {}
    for frame, text in WANT[capture].items():
        out[frame] = tuple("" if v == "-" else v for v in text.split(" "))
    return out


def transfer_frames(ts, capture, two_pass=True, dfilter="sipadv.refer.verdict || sipadv.refer.triggered_by", prefs=()):
    return ts.fields(capture + ".pcapng", FIELDS, two_pass=two_pass, dfilter=dfilter,
                     prefs=prefs)


def make_case(capture):
    def run(ts):
        want = want_fields(capture)
        expect_equal(capture + " -2 -Y", transfer_frames(ts, capture), want)
        # Without a display filter the same frames, and no others, carry transfer fields.
        expect_equal(capture + " -2", transfer_frames(ts, capture, dfilter=None), want)
        rows = sorted(r for r in ts.expert(capture + ".pcapng", two_pass=True)
                      if r[1] != "Response")
        expect_equal(capture + " -2 -z expert", rows, sorted(EXPERT[capture]))
    run.__name__ = "transfer_" + capture.replace("crafted-refer-", "").replace("-", "_")
    CASES[run.__name__] = run


for _capture in WANT:
    make_case(_capture)


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def transfer_single_pass_shows_what_is_known(ts):
    """tshark without -2 reads each frame once: a REFER is pending when shown; the final
    NOTIFY already knows the outcome."""
    got = transfer_frames(ts, "crafted-refer-fail-500", two_pass=False)
    expect_equal("single pass", got, {
        1: ("pending", "", "1", "", "", "101", "", "", "", "", ""),
        2: ("pending", "", "1", "2", "", "101", "", "", "", "", ""),
        3: ("pending", "", "1", "2", "3", "101", "100", "", "", "", ""),
        5: ("failed", "500", "1", "2", "3|5", "101", "500", "500", "", "", ""),
    })
    rows = sorted(r for r in ts.expert("crafted-refer-fail-500.pcapng") if r[1] != "Response")
    # Single pass: no verdict item on the REFER (not known yet), no "accepted then failed"
    # on the 202 (the failure comes later).
    expect_equal("single pass expert", rows, [])


@case
def transfer_waits_for_challenge_retry_and_explicit_subscribe(ts):
    """A 401/407 to a REFER, or a 2xx that leaves the referrer to subscribe itself, decides
    nothing until the timeout: in a single pass the retry or the SUBSCRIBE is still to come.
    (With -2, crafted-refer-challenged-capture-ends ends before the timeout: pending.)"""
    for capture, want in (("crafted-refer-challenged-retried", {1: "pending", 2: "pending"}),
                          ("crafted-refer-challenged-abandoned", {1: "pending", 2: "pending"}),
                          ("crafted-refer-explicitsub", {1: "pending", 2: "pending"})):
        got = transfer_frames(ts, capture, two_pass=False)
        expect_equal(capture + ", single pass",
                     {k: v[0] for k, v in got.items() if k <= 2}, want)
        rows = [r for r in ts.expert(capture + ".pcapng") if r[1] == "Sequence"]
        expect_equal(capture + ", single pass: no early verdict", [
            r for r in rows if "not retried" in r[3] or "no such SUBSCRIBE" in r[3]], [])
    info = "_ws.col.Info" if ts.ws_version == "4.0" else "_ws.col.info"
    got = ts.fields("crafted-refer-challenged-retried.pcapng", [info],
                    dfilter="frame.number == 2")
    expect_equal("no early tag", [v for v in got[2][0].split("|") if "Transfer" in v], [])


@case
def transfer_explicit_subscribe_frame(ts):
    """The explicitsub transfer names the SUBSCRIBE whose NOTIFYs report it, in -2 and in a
    single pass (the SUBSCRIBE and the NOTIFYs come after the 200, so nothing is guessed)."""
    for two_pass, frames in ((True, (1, 2, 3, 5, 7)), (False, (3, 5, 7))):
        got = ts.fields("crafted-refer-explicitsub.pcapng", ["sipadv.refer.subscribe_frame"],
                        two_pass=two_pass, dfilter="sipadv.refer.subscribe_frame")
        expect_equal("subscribe frame, two_pass=%s" % two_pass, got,
                     {f: ("3",) for f in frames})
    rows = [r for r in ts.expert("crafted-refer-explicitsub.pcapng", two_pass=True)
            if "no-notify" in r[3] or "although" in r[3]]
    expect_equal("no false no-notify or despite note", rows, [])


@case
def transfer_unreported_single_pass(ts):
    """The terminating first NOTIFY already knows the outcome is unreported in one pass, and
    it is no longer flagged as a bad termination."""
    got = transfer_frames(ts, "crafted-refer-terminated-no-final", two_pass=False)
    expect_equal("single pass", {k: v[0] for k, v in got.items()},
                 {1: "pending", 2: "pending", 3: "unreported"})
    rows = [r for r in ts.expert("crafted-refer-terminated-no-final.pcapng")
            if r[1] == "Protocol"]
    expect_equal("no bad-termination warning", rows, [])


@case
def transfer_timeout_preference(ts):
    """With a 90 s timeout, 60 s of silence after the 202 is no longer a finding."""
    got = transfer_frames(ts, "crafted-refer-no-notify", prefs=["sipadv.refer_timeout:90"])
    expect_equal("no-notify with 90 s", {k: v[0] for k, v in got.items()},
                 {1: "pending", 2: "pending"})
    rows = [r for r in ts.expert("crafted-refer-no-notify.pcapng", two_pass=True,
                                 prefs=["sipadv.refer_timeout:90"]) if r[1] != "Response"]
    expect_equal("no-notify with 90 s, expert", rows, [
        ("Notes", "Sequence", 1, "Transfer pending: the capture ended, before the 90 s timeout: "
                                 "the outcome is unknown, not failed")])


@case
def transfer_outcome_explained_on_final_notify(ts):
    got = ts.fields("crafted-refer-fail-500.pcapng",
                    ["sipadv.refer.outcome", "sipadv.refer.outcome_phrase",
                     "sipadv.refer.summary", "sipadv.refer.duration"],
                    two_pass=True, dfilter="sipadv.refer.outcome")
    expect_equal("outcome", got, {5: ("500", "Server Internal Error",
                                      "202 Accepted, then the transfer failed with 500 Server "
                                      "Internal Error", "0.900000000")})
    meaning = ts.fields("crafted-refer-fail-500.pcapng", ["sipadv.refer.outcome_meaning"],
                        two_pass=True, dfilter="sipadv.refer.outcome")[5][0]
    if "Retry-After" not in meaning:
        raise TestFailure("outcome meaning is not the 500 explanation: %r" % meaning)


@case
def transfer_notify_retransmission_marked(ts):
    """The NOTIFY's retransmission (frame 6) says it is one, in every mode, and is the only
    frame that does; the original (frame 5) stays the transfer's NOTIFY."""
    for two_pass in (True, False):
        for dfilter in ("sipadv.refer.notify_resend", None):
            got = ts.fields("crafted-refer-retransmit.pcapng",
                            ["sipadv.refer.notify_resend", "sipadv.refer.notify_frame"],
                            two_pass=two_pass, dfilter=dfilter)
            resent = {f: v[0] for f, v in got.items() if v[0]}
            expect_equal("resent NOTIFY, two_pass=%s, -Y %s" % (two_pass, dfilter), resent,
                         {6: "1"})
            expect_equal("its transfer's NOTIFY", got[6][1], "5")


@case
def transfer_filters(ts):
    got = ts.fields("crafted-refer-two-refers-ids.pcapng", ["sipadv.refer.id"], two_pass=True,
                    dfilter='sipadv.refer.verdict == "failed" && sip.Method == "REFER"')
    expect_equal("failed REFERs", got, {8: ("102",)})
    got = ts.fields("crafted-refer-fail-500.pcapng", ["sipadv.code"], two_pass=True,
                    dfilter="sipadv.refer.accepted_then_failed")
    expect_equal("202 that then failed", got, {2: ("202",)})


@case
def transfer_trigger_scan_limit_is_said(ts):
    """An INVITE is compared with at most 64 open transfers to its target, so that a hostile
    capture cannot make one INVITE cost more. When more are open and none of the 64 fits,
    the INVITE says so in every mode; the next INVITE is linked as usual."""
    cap = "crafted-refer-trigger-scan-limit.pcapng"
    note = ("More than 64 transfers to this INVITE's target are open: it was compared with "
            "the oldest 64 only, so a transfer among the others may have triggered it")
    for two_pass in (False, True):
        got = ts.fields(cap, ["frame.len"], two_pass=two_pass,
                        dfilter="sipadv.refer.trigger_unchecked")
        expect_equal("noted INVITE, two_pass=%s" % two_pass, set(got), {66})
        got = ts.fields(cap, ["sipadv.refer.triggered_by"], two_pass=two_pass)
        expect_equal("triggered INVITE, two_pass=%s" % two_pass, got, {67: ("1",)})
        got = ts.fields(cap, ["_ws.col.Info"], two_pass=two_pass,
                        dfilter="frame.number >= 66")
        expect_equal("Info tags, two_pass=%s" % two_pass, got, {
            66: ("Request: INVITE sip:carol@example.com | [Trigger not checked]",),
            67: ("Request: INVITE sip:carol@example.com | ",)})
        rows = [r for r in ts.expert(cap, two_pass=two_pass) if r[3] == note]
        expect_equal("-z expert, two_pass=%s" % two_pass, rows,
                     [("Notes", "Sequence", 1, note)])


@case
def transfer_many_notifies_says_the_cut(ts):
    """A transfer lists at most 64 NOTIFY frames (a hostile capture must not grow the list
    without bound). Past that the count of all is shown, so the cut is never silent: in -2
    on every frame of the transfer, in a single pass from the 65th NOTIFY on."""
    cap = "crafted-refer-many-notifies.pcapng"
    listed = "|".join(str(2 * k + 1) for k in range(1, 65))
    got = ts.fields(cap, ["sipadv.refer.notify_count", "sipadv.refer.notify_frame"],
                    two_pass=True, dfilter="sipadv.refer.verdict")
    expect_equal("-2, transfer frames", got,
                 {f: ("70", listed) for f in [1, 2] + [2 * k + 1 for k in range(1, 71)]})
    for two_pass in (False, True):
        got = ts.fields(cap, ["sipadv.refer.notify_count"], two_pass=two_pass,
                        dfilter="sipadv.refer.notify_count")
        want = ({2 * k + 1: (str(k),) for k in range(65, 71)} if not two_pass else
                {f: ("70",) for f in [1, 2] + [2 * k + 1 for k in range(1, 71)]})
        expect_equal("notify_count, two_pass=%s" % two_pass, got, want)
    rows = [r for r in ts.expert(cap, two_pass=True) if r[1] == "Sequence"]
    expect_equal("one verdict per transfer frame",
                 sorted(set(r[3] for r in rows)),
                 ["Transfer succeeded: the NOTIFY reported 200 OK: the transferee reached the "
                  "target"])
