# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for hints quoting a response's own headers and its request, on crafted
captures with one transaction per hint kind (UDP) and the linkage-dependent ones over TCP."""
from harness import expect_equal

CASES = {}

# frame: (status code, request frame, [hints in order]), in -2.
HINTS_UDP = {
    2: ('503', '1', [
        "Retry-After: the sender asks for a retry in 120 s (comment: 'in a meeting'), and says the callee stays available for 3600 s after that (duration); retrying sooner will likely fail the same way",
        'The same client retried after 3.0 s (frame 4), sooner than the 120 s asked in Retry-After',
    ]),
    8: ('500', '7', [
        'Retry-After: the sender asks for a retry in 30 s; retrying sooner will likely fail the same way',
        'The same client retried after 40.0 s (frame 10), respecting the 30 s asked in Retry-After',
    ]),
    16: ('423', '15', [
        "Asked 60 s (Expires header), the server's minimum is 3600 s (Min-Expires): retry with Expires >= 3600",
    ]),
    18: ('423', '17', [
        "Asked 30 s (Contact expires parameter), the server's minimum is 600 s (Min-Expires): retry with Expires >= 600",
    ]),
    20: ('422', '19', [
        "Asked Session-Expires 60 s, the server's minimum is 1800 s (Min-SE): retry with Session-Expires >= 1800 (RFC 4028)",
    ]),
    23: ('405', '22', [
        'Allowed methods: INVITE, ACK, CANCEL, BYE, OPTIONS. REFER is not among them: this element does not take REFER requests here',
    ]),
    25: ('489', '24', [
        'Event packages this notifier supports (Allow-Events): presence, dialog',
    ]),
    27: ('415', '26', [
        'Body types accepted (Accept): text/plain, message/cpim; send one of them',
        'Encodings accepted (Accept-Encoding): identity',
        'Languages accepted (Accept-Language): en, fr',
    ]),
    29: ('420', '28', [
        'Option tags the server does not support (Unsupported): foo; remove them from Require/Proxy-Require and retry',
    ]),
    32: ('421', '31', [
        'The server insists on (Require): 100rel; the client must support and use these extensions to proceed',
    ]),
    38: ('469', '37', [
        'INFO packages the peer accepts (Recv-Info): dtmf',
    ]),
    42: ('417', '41', [
        'Resource-Priority namespaces the peer knows (Accept-Resource-Priority): wps.0, wps.1',
    ]),
    45: ('488', '44', [
        'The offer was refused for: Incompatible media format (Warning 305 from sbc.example.com)',
        'Warning 370 from sbc.example.com: Insufficient bandwidth',
    ]),
    48: ('606', '47', [
        "Warning 399 from gw.example.net (free text, not for automatic action): 'No codec in common, see ticket 42'",
    ]),
    51: ('503', '50', [
        "Reason: Q.850 cause 17 (User busy), text 'User busy'",
        'Q.850 cause 17 maps to 486 under RFC 3398, not to 503: a gateway mapped it differently, or an element downstream rewrote the status',
    ]),
    54: ('486', '53', [
        "Reason: Q.850 cause 17 (User busy), text 'User busy'",
    ]),
    59: ('199', '56', [
        "Reason: SIP cause 486 (Busy Here), text 'Busy Here'",
    ]),
    65: ('401', '64', [
        "Challenge for realm 'example.com' (Digest, algorithm MD5, qop auth)",
    ]),
    67: ('401', '66', [
        "Challenge for realm 'example.com' (Digest, algorithm MD5, qop auth)",
        "The request already carried credentials for realm 'example.com' and was challenged again: the credentials were rejected (wrong password or username; the classic registration loop)",
    ]),
    69: ('401', '68', [
        "Challenge for realm 'example.com' (Digest, algorithm MD5, qop auth)",
        'stale=true: only the nonce expired; the client should retry with the new nonce, the password is fine',
    ]),
    71: ('407', '70', [
        "Challenge for realm 'proxy.example.com' (Digest, algorithm SHA-256, qop auth)",
    ]),
    74: ('302', '73', [
        'Alternative targets (Contact): sip:bob@198.51.100.7:5060, sip:bob-mobile@198.51.100.8:5060',
    ]),
    77: ('485', '76', [
        'Alternative targets (Contact): sip:bob.smith@example.com, sip:bob.jones@example.com',
    ]),
    80: ('405', '79', [
        '405 without an Allow header, which RFC 3261 sec. 21.4.6 makes mandatory: the server does not say what it accepts',
    ]),
    83: ('503', '82', [
        "Retry-After 'soon' is not valid (delta-seconds, RFC 3261 sec. 20.33): clients will ignore it",
    ]),
}
HINTS_TCP = {
    2: ('423', '1', [
        "Asked 60 s (Expires header), the server's minimum is 3600 s (Min-Expires): retry with Expires >= 3600",
    ]),
    4: ('401', '3', [
        "Challenge for realm 'example.com' (Digest, algorithm MD5, qop auth)",
    ]),
    6: ('401', '5', [
        "Challenge for realm 'example.com' (Digest, algorithm MD5, qop auth)",
        "The request already carried credentials for realm 'example.com' and was challenged again: the credentials were rejected (wrong password or username; the classic registration loop)",
    ]),
}

# Hints that need later frames (the retry watch) are only known once the whole capture is
# read; every other hint is the same in a single pass.
LATER_FRAMES_ONLY = {
    2: "The same client retried after 3.0 s (frame 4), sooner than the 120 s asked in Retry-After",
    8: "The same client retried after 40.0 s (frame 10), respecting the 30 s asked in Retry-After",
}


def as_fields(table, drop_later=False):
    out = {}
    for frame, (code, req, hints) in table.items():
        if drop_later:
            hints = [h for h in hints if h != LATER_FRAMES_ONLY.get(frame)]
        out[frame] = (code, req, "|".join(hints))
    return out


def case(fn):
    CASES[fn.__name__] = fn
    return fn


FIELDS = ["sipadv.code", "sipadv.request_frame", "sipadv.hint"]


@case
def hints_udp_every_kind(ts):
    cap = "crafted-hints-udp.pcapng"
    expect_equal("hints -2 -Y", ts.fields(cap, FIELDS, two_pass=True, dfilter="sipadv.hint"),
                 as_fields(HINTS_UDP))
    expect_equal("hints single pass -Y", ts.fields(cap, FIELDS, dfilter="sipadv.hint"),
                 as_fields(HINTS_UDP, drop_later=True))


@case
def hints_tcp_request_linkage(ts):
    cap = "crafted-hints-tcp.pcapng"
    for two_pass in (False, True):
        expect_equal("tcp hints", ts.fields(cap, FIELDS, two_pass=two_pass,
                                            dfilter="sipadv.hint"), as_fields(HINTS_TCP))


@case
def hints_expert_items(ts):
    rows = sorted(r for r in ts.expert("crafted-hints-udp.pcapng", two_pass=True)
                  if r[1] in ("Security", "Malformed", "Protocol")
                  or r[3].startswith("The same client"))
    expect_equal("hint expert items", rows, sorted([
        ("Notes", "Malformed", 1, "A header the advice needs could not be parsed"),
        ("Notes", "Protocol", 1,
         "The Reason's Q.850 cause disagrees with the status code (RFC 3398)"),
        ("Warns", "Security", 1, "Challenged again although the request carried credentials "
                                 "for this realm: they were rejected"),
        ("Warns", "Sequence", 1, "The same client retried sooner than the 120 s asked in "
                                 "Retry-After"),
    ]))
    got = ts.fields("crafted-hints-udp.pcapng", ["sipadv.code"], two_pass=True,
                    dfilter="sipadv.credentials_rejected || sipadv.reason_mismatch || "
                            "sipadv.early_retry || sipadv.header_not_understood")
    expect_equal("hint expert filters", got,
                 {2: ("503",), 51: ("503",), 67: ("401",), 83: ("503",)})
    got = ts.fields("crafted-hints-tcp.pcapng", ["sipadv.code"], two_pass=True,
                    dfilter="sipadv.credentials_rejected")
    expect_equal("tcp registration loop", got, {6: ("401",)})
