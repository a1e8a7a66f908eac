# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases on captures recorded from real SIP software (SIPp, Kamailio) on
loopback: exact per-frame values in every mode, and the expert table."""
from harness import TestFailure, expect_equal
from cases_responses import check_all_modes

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


FIELDS = ["sipadv.code", "sipadv.class", "sipadv.method"]


def frames(spec):
    """'2:100:INVITE 3:180:INVITE' -> {2: ('100', '1', 'INVITE'), ...}"""
    out = {}
    for item in spec.split():
        frame, code, method = item.split(":")
        out[int(frame)] = (code, code[0], method)
    return out


SIPP_UDP = frames("2:100:INVITE 3:180:INVITE 4:200:INVITE 7:200:BYE 9:486:INVITE "
                  "12:100:INVITE 13:500:INVITE 16:404:INVITE 19:100:INVITE 20:180:INVITE "
                  "21:603:INVITE 24:100:INVITE 25:180:INVITE 27:200:CANCEL 28:487:INVITE "
                  "31:100:INVITE 32:180:INVITE 33:200:INVITE 36:202:REFER 38:200:NOTIFY "
                  "40:200:BYE")
SIPP_TCP = frames("6:100:INVITE 8:180:INVITE 10:200:INVITE 16:200:BYE 19:486:INVITE "
                  "25:100:INVITE 26:500:INVITE 32:404:INVITE 37:100:INVITE 39:180:INVITE "
                  "41:603:INVITE 47:100:INVITE 49:180:INVITE 52:200:CANCEL 54:487:INVITE "
                  "60:100:INVITE 62:180:INVITE 64:200:INVITE 70:202:REFER 74:200:NOTIFY "
                  "78:200:BYE")
SIPP_V6 = frames("2:100:INVITE 3:180:INVITE 4:200:INVITE 7:200:BYE 9:100:INVITE "
                 "10:480:INVITE")
KAMAILIO = frames("2:401:REGISTER 4:200:REGISTER 6:401:REGISTER 8:423:REGISTER "
                  "10:401:REGISTER 12:200:REGISTER 14:405:PUBLISH 16:420:OPTIONS "
                  "18:420:OPTIONS 20:503:INVITE")

# The failures a troubleshooter must see in the SIPp call set, identical over UDP and TCP.
SIPP_FAILURES = sorted([
    ("Errors", "Response", 1, "SIP 500 Server Internal Error (5xx Server Failure) answering INVITE"),
    ("Errors", "Response", 1, "SIP 603 Decline (6xx Global Failure) answering INVITE"),
    ("Warns", "Response", 1, "SIP 486 Busy Here (4xx Client Failure) answering INVITE"),
    ("Warns", "Response", 1, "SIP 404 Not Found (4xx Client Failure) answering INVITE"),
])


def non_chat(rows):
    return sorted(r for r in rows if r[0] != "Chats" and r[1] == "Response")


@case
def real_sipp_udp_responses(ts):
    check_all_modes(ts, "real-sipp-responses-udp.pcapng", FIELDS, SIPP_UDP)
    for two_pass in (False, True):
        rows = ts.expert("real-sipp-responses-udp.pcapng", two_pass=two_pass)
        expect_equal("sipp udp failures", non_chat(rows), SIPP_FAILURES)
        # The 487 followed SIPp's CANCEL: routine, so chat.
        if ("Chats", "Response", 1,
                "SIP 487 Request Terminated (4xx Client Failure) answering INVITE") not in rows:
            raise TestFailure("487 after CANCEL is not a chat item: %r" % rows)


@case
def real_sipp_tcp_responses(ts):
    check_all_modes(ts, "real-sipp-tcp.pcapng", FIELDS, SIPP_TCP)
    rows = ts.expert("real-sipp-tcp.pcapng", two_pass=True)
    expect_equal("sipp tcp failures", non_chat(rows), SIPP_FAILURES)


@case
def real_sipp_ipv6_responses(ts):
    check_all_modes(ts, "real-sipp-ipv6.pcapng", FIELDS, SIPP_V6)
    got = ts.fields("real-sipp-ipv6.pcapng", ["ipv6.src"], dfilter="sipadv.class == 4")
    expect_equal("ipv6 480", got, {10: ("::1",)})


@case
def real_kamailio_responses(ts):
    cap = "real-kamailio.pcapng"
    check_all_modes(ts, cap, FIELDS, KAMAILIO)
    # Kamailio's own non-standard phrase is noted, not mistaken for another code.
    expect_equal("packet phrase", ts.fields(cap, ["sipadv.packet_phrase"], two_pass=True),
                 {18: ("Bad Proxy Require Extension",)})
    rows = sorted(ts.expert(cap, two_pass=True))
    expect_equal("kamailio expert", rows, sorted([
        ("Errors", "Response", 1, "SIP 503 Service Unavailable (5xx Server Failure) answering INVITE"),
        ("Warns", "Response", 1, "SIP 405 Method Not Allowed (4xx Client Failure) answering PUBLISH"),
        ("Warns", "Response", 2, "SIP 420 Bad Extension (4xx Client Failure) answering OPTIONS"),
        ("Notes", "Response", 1, "SIP 423 Interval Too Brief (4xx Client Failure) answering REGISTER"),
        ("Chats", "Response", 3, "SIP 401 Unauthorized (4xx Client Failure) answering REGISTER"),
        ("Chats", "Response", 2, "SIP 200 OK (2xx Success) answering REGISTER"),
    ]))


@case
def real_kamailio_hints(ts):
    """Kamailio's own 401, 423 with Min-Expires, 405 with Allow, 420 with Unsupported and
    503 with Retry-After give hints that quote the packets' values."""
    cap = "real-kamailio.pcapng"
    challenge = "Challenge for realm '127.0.0.1' (Digest, algorithm MD5)"
    unsupported = ("Option tags the server does not support (Unsupported): foo; remove them "
                   "from Require/Proxy-Require and retry")
    want = {
        2: (challenge, "1"),
        6: (challenge, "5"),
        8: ("Asked 10 s (Expires header), the server's minimum is 60 s (Min-Expires): retry "
            "with Expires >= 60", "7"),
        10: (challenge, "9"),
        14: ("Allowed methods: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER. PUBLISH is not "
             "among them: this element does not take PUBLISH requests here", "13"),
        16: (unsupported, "15"),
        18: (unsupported, "17"),
        20: ("Retry-After: the sender asks for a retry in 120 s; retrying sooner will likely "
             "fail the same way", "19"),
    }
    for two_pass in (False, True):
        got = ts.fields(cap, ["sipadv.hint", "sipadv.request_frame"], two_pass=two_pass,
                        dfilter="sipadv.hint")
        expect_equal("kamailio hints (two_pass=%s)" % two_pass, got, want)
