# SPDX-License-Identifier: GPL-2.0-or-later
"""Integration cases for the response explanations (issue: every SIP response explained).

Expected values are per frame and exact. Each capture is checked in every way Wireshark is
used: single pass, two passes (-2), a display filter (-Y) and the expert table (-z expert),
because priming bugs only show in some of them.
"""
import harness
from harness import TestFailure, expect_equal

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


ADVICE_FIELDS = ["sipadv.code", "sipadv.class", "sipadv.phrase", "sipadv.registered",
                 "sipadv.rfc", "sipadv.method", "sipadv.treated_as"]
TEXT_FIELDS = ["sipadv.meaning", "sipadv.context", "sipadv.remedy"]


def frames_filter(*numbers):
    """A display filter for these frames, in a syntax every Wireshark version accepts."""
    return " || ".join("frame.number == %d" % n for n in numbers)


def response_rows(rows):
    """Only the per-response items: transfer findings have their own cases."""
    return sorted(r for r in rows if r[1] in ("Response", "Malformed"))


def check_all_modes(ts, capture, fields, want):
    """The same per-frame values in single pass, with -2, with -2 -Y sipadv and with -Y
    sipadv in a single pass."""
    for two_pass in (False, True):
        for dfilter in (None, "sipadv"):
            got = ts.fields(capture, fields, two_pass=two_pass, dfilter=dfilter)
            expect_equal("%s fields (two_pass=%s, -Y %s)" % (capture, two_pass, dfilter),
                         got, want)


def check_texts_consistent(ts, capture, frames):
    """Meaning, context and remedy are present on every response frame and identical in
    every mode."""
    base = ts.fields(capture, TEXT_FIELDS)
    if sorted(base) != sorted(frames):
        raise TestFailure("text fields on frames %s, want %s" % (sorted(base), sorted(frames)))
    for frame, texts in base.items():
        for t in texts:
            if len(t) < 40:
                raise TestFailure("frame %d: text too short: %r" % (frame, t))
    expect_equal("texts with -2", ts.fields(capture, TEXT_FIELDS, two_pass=True), base)
    expect_equal("texts with -2 -Y", ts.fields(capture, TEXT_FIELDS, two_pass=True,
                                               dfilter="sipadv.meaning"), base)
    return base


R3261 = "RFC 3261"
UDP = "crafted-responses-udp.pcapng"
UDP_WANT = {
    2: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    3: ("180", "1", "Ringing", "1", R3261, "INVITE", ""),
    4: ("486", "4", "Busy Here", "1", R3261, "INVITE", ""),
    7: ("401", "4", "Unauthorized", "1", R3261, "REGISTER", ""),
    9: ("200", "2", "OK", "1", R3261, "REGISTER", ""),
    11: ("200", "2", "OK", "1", R3261, "OPTIONS", ""),
    13: ("481", "4", "Call/Transaction Does Not Exist", "1", R3261, "BYE", ""),
    15: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    16: ("180", "1", "Ringing", "1", R3261, "INVITE", ""),
    18: ("200", "2", "OK", "1", R3261, "CANCEL", ""),
    19: ("487", "4", "Request Terminated", "1", R3261, "INVITE", ""),
    22: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    23: ("487", "4", "Request Terminated", "1", R3261, "INVITE", ""),
    26: ("408", "4", "Request Timeout", "1", R3261, "MESSAGE", ""),
    28: ("202", "2", "Accepted (Deprecated)", "1", "RFC 6665", "SUBSCRIBE", ""),
    30: ("500", "5", "Server Internal Error", "1", R3261, "INVITE", ""),
    33: ("503", "5", "Service Unavailable", "1", R3261, "INVITE", ""),
    36: ("603", "6", "Decline", "1", R3261, "INVITE", ""),
    39: ("202", "2", "Accepted (Deprecated)", "1", "RFC 6665", "REFER", ""),
    41: ("405", "4", "Method Not Allowed", "1", R3261, "REFER", ""),
    43: ("501", "5", "Not Implemented", "1", R3261, "REFER", ""),
    45: ("603", "6", "Decline", "1", R3261, "REFER", ""),
    47: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    48: ("302", "3", "Moved Temporarily", "1", R3261, "INVITE", ""),
    51: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    52: ("183", "1", "Session Progress", "1", R3261, "INVITE", ""),
    54: ("431", "4", "", "0", "", "INVITE", "400"),
    57: ("409", "4", "", "0", "", "INVITE", "400"),
    60: ("599", "5", "", "0", "", "INVITE", "500"),
    63: ("150", "1", "", "0", "", "INVITE", "183"),
    65: ("699", "6", "", "0", "", "INVITE", "600"),
    68: ("100", "1", "Trying", "1", R3261, "INVITE", ""),
    69: ("180", "1", "Ringing", "1", R3261, "INVITE", ""),
    70: ("486", "4", "Busy Here", "1", R3261, "INVITE", ""),
}


@case
def udp_every_response_all_modes(ts):
    check_all_modes(ts, UDP, ADVICE_FIELDS, UDP_WANT)


@case
def udp_texts_depend_on_method_and_cancel(ts):
    texts = check_texts_consistent(ts, UDP, UDP_WANT.keys())
    # 487 after the CANCEL (frame 19) is routine; 487 with no CANCEL (23) is not.
    if texts[19][0] == texts[23][0] or "CANCEL" not in texts[19][0]:
        raise TestFailure("487 texts do not tell CANCEL from no CANCEL: %r / %r"
                          % (texts[19][0], texts[23][0]))
    # 202 to REFER is not 202 to SUBSCRIBE; the REFER one sends you to the NOTIFYs.
    if texts[39] == texts[28] or "NOTIFY" not in " ".join(texts[39]):
        raise TestFailure("202 REFER advice is not REFER-specific: %r" % (texts[39],))
    # 200 to CANCEL is not 200 to REGISTER.
    if texts[18][0] == texts[9][0]:
        raise TestFailure("200 CANCEL and 200 REGISTER share a meaning")
    # 408 to MESSAGE is about RFC 4320, not about an unanswered INVITE.
    if "4320" not in " ".join(texts[26]):
        raise TestFailure("408 to MESSAGE does not cite RFC 4320: %r" % (texts[26],))
    # 500 mentions Retry-After (the seed page did not).
    if "Retry-After" not in " ".join(texts[30]):
        raise TestFailure("500 advice lacks Retry-After: %r" % (texts[30],))
    # Unregistered codes borrow their class's x00 text: 431 and 409 both read as 400.
    if texts[54] != texts[57]:
        raise TestFailure("431 and 409 should both be explained as 400")


@case
def udp_packet_phrase_only_when_it_differs(ts):
    # 202's phrase is "Accepted": the registry's "(Deprecated)" is a note, not a phrase
    # (frames 28 and 39 send plain "Accepted").
    want = {
        70: ("User Busy Now",),
    }
    expect_equal("packet phrase", ts.fields(UDP, ["sipadv.packet_phrase"]), want)
    expect_equal("packet phrase -2",
                 ts.fields(UDP, ["sipadv.packet_phrase"], two_pass=True), want)


@case
def udp_filter_by_class(ts):
    want = {30: ("500",), 33: ("503",), 43: ("501",), 60: ("599",)}
    for two_pass in (False, True):
        got = ts.fields(UDP, ["sipadv.code"], two_pass=two_pass, dfilter="sipadv.class == 5")
        expect_equal("-Y sipadv.class == 5 (two_pass=%s)" % two_pass, got, want)
    got = ts.fields(UDP, ["sipadv.code"], two_pass=True,
                    dfilter="sipadv.registered == 0 && sipadv.class >= 5")
    expect_equal("unregistered 5xx/6xx", got, {60: ("599",), 65: ("699",)})
    got = ts.fields(UDP, ["sipadv.code"], two_pass=True,
                    dfilter='sipadv.method == "REFER" && sipadv.class >= 4')
    expect_equal("failed REFERs", got, {41: ("405",), 43: ("501",), 45: ("603",)})


UDP_EXPERT = sorted([
    ("Errors", "Response", 1, "SIP 500 Server Internal Error (5xx Server Failure) answering INVITE"),
    ("Errors", "Response", 1, "SIP 503 Service Unavailable (5xx Server Failure) answering INVITE"),
    ("Errors", "Response", 1, "SIP 603 Decline (6xx Global Failure) answering INVITE"),
    ("Errors", "Response", 1, "SIP 599, not registered (5xx Server Failure, treated as 500) answering INVITE"),
    ("Errors", "Response", 1, "SIP 699, not registered (6xx Global Failure, treated as 600) answering INVITE"),
    ("Warns", "Response", 2, "SIP 486 Busy Here (4xx Client Failure) answering INVITE"),
    ("Warns", "Response", 1, "SIP 481 Call/Transaction Does Not Exist (4xx Client Failure) answering BYE"),
    ("Warns", "Response", 1, "SIP 487 Request Terminated (4xx Client Failure) answering INVITE"),
    ("Warns", "Response", 1, "SIP 408 Request Timeout (4xx Client Failure) answering MESSAGE"),
    ("Warns", "Response", 1, "SIP 405 Method Not Allowed (4xx Client Failure) answering REFER"),
    ("Warns", "Response", 1, "SIP 501 Not Implemented (5xx Server Failure) answering REFER"),
    ("Warns", "Response", 1, "SIP 603 Decline (6xx Global Failure) answering REFER"),
    ("Warns", "Response", 1, "SIP 431, not registered (4xx Client Failure, treated as 400) answering INVITE"),
    ("Warns", "Response", 1, "SIP 409, not registered (4xx Client Failure, treated as 400) answering INVITE"),
    ("Notes", "Response", 1, "SIP 202 Accepted (Deprecated) (2xx Success) answering SUBSCRIBE"),
    ("Notes", "Response", 1, "SIP 302 Moved Temporarily (3xx Redirection) answering INVITE"),
])
UDP_CHATS = sorted([
    ("Chats", "Response", 6, "SIP 100 Trying (1xx Provisional) answering INVITE"),
    ("Chats", "Response", 3, "SIP 180 Ringing (1xx Provisional) answering INVITE"),
    ("Chats", "Response", 1, "SIP 401 Unauthorized (4xx Client Failure) answering REGISTER"),
    ("Chats", "Response", 1, "SIP 200 OK (2xx Success) answering REGISTER"),
    ("Chats", "Response", 1, "SIP 200 OK (2xx Success) answering OPTIONS"),
    ("Chats", "Response", 1, "SIP 200 OK (2xx Success) answering CANCEL"),
    ("Chats", "Response", 1, "SIP 487 Request Terminated (4xx Client Failure) answering INVITE"),
    ("Chats", "Response", 1, "SIP 202 Accepted (Deprecated) (2xx Success) answering REFER"),
    ("Chats", "Response", 1, "SIP 183 Session Progress (1xx Provisional) answering INVITE"),
    ("Chats", "Response", 1, "SIP 150, not registered (1xx Provisional, treated as 183) answering INVITE"),
])


@case
def udp_expert_table_single_and_two_pass(ts):
    for two_pass in (False, True):
        got = response_rows(ts.expert(UDP, two_pass=two_pass))
        expect_equal("-z expert (two_pass=%s)" % two_pass, got, sorted(UDP_EXPERT + UDP_CHATS))


@case
def udp_expert_severity_filter_and_routine_pref(ts):
    got = response_rows(ts.expert(UDP, two_pass=True, level="warn"))
    expect_equal("-z expert,warn", got, sorted(r for r in UDP_EXPERT if r[0] != "Notes"))
    got = response_rows(ts.expert(UDP, two_pass=True, prefs=["sipadv.show_routine:FALSE"]))
    expect_equal("show_routine off", got, UDP_EXPERT)
    # The fields stay when the routine items are hidden.
    got = ts.fields(UDP, ADVICE_FIELDS, two_pass=True, prefs=["sipadv.show_routine:FALSE"])
    expect_equal("fields with show_routine off", got, UDP_WANT)


@case
def udp_expert_items_as_filter_fields(ts):
    got = ts.fields(UDP, ["sipadv.code"], two_pass=True, dfilter="sipadv.response.error")
    expect_equal("-Y sipadv.response.error", got,
                 {30: ("500",), 33: ("503",), 36: ("603",), 60: ("599",), 65: ("699",)})
    got = ts.fields(UDP, ["sipadv.code"], two_pass=True,
                    dfilter='_ws.expert.message contains "Busy Here"')
    expect_equal("_ws.expert.message", got, {4: ("486",), 70: ("486",)})


@case
def udp_packet_details_text(ts):
    out = ts.run(["-2", "-n", "-r", ts.capture(UDP), "-O", "sipadv", "-Y", "frame.number == 4"]).stdout
    for want in ("SIP Response Advisor: SIP 486 Busy Here (4xx Client Failure) answering INVITE",
                 "[Class: 4xx Client Failure (4)]",
                 "[Registered phrase: Busy Here]",
                 "[Defined in: RFC 3261]",
                 "[Expert Info (Warning/Response): SIP 486 Busy Here"):
        if want not in out:
            raise TestFailure("-O sipadv output lacks %r:\n%s" % (want, out))
    # A text longer than Wireshark's label limit is also shown whole, in wrapped lines.
    out = ts.run(["-2", "-n", "-r", ts.capture(UDP), "-O", "sipadv", "-Y", "frame.number == 30"]).stdout
    remedy = ts.fields(UDP, ["sipadv.remedy"], dfilter="frame.number == 30")[30][0]
    lines = out.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip().startswith("[Remedy"))
    wrapped = []
    for l in lines[start + 1:]:
        if not l.startswith("        ") or l.strip().startswith("["):
            break
        wrapped.append(l.strip())
    if " ".join(wrapped) != remedy or any(len(w) > 100 for w in wrapped):
        raise TestFailure("remedy not wrapped whole: %r vs %r" % (wrapped, remedy))


TCP = "crafted-tcp-segments.pcapng"


@case
def tcp_two_responses_in_one_segment_and_reassembly(ts):
    want = {
        2: ("100|180", "1|1", "INVITE|INVITE"),
        4: ("486", "4", "INVITE"),
    }
    check_all_modes(ts, TCP, ["sipadv.code", "sipadv.class", "sipadv.method"], want)
    got = sorted(ts.expert(TCP, two_pass=True))
    expect_equal("tcp expert", got, sorted([
        ("Warns", "Response", 1, "SIP 486 Busy Here (4xx Client Failure) answering INVITE"),
        ("Chats", "Response", 1, "SIP 100 Trying (1xx Provisional) answering INVITE"),
        ("Chats", "Response", 1, "SIP 180 Ringing (1xx Provisional) answering INVITE"),
    ]))


IPV6 = "crafted-ipv6.pcapng"


@case
def ipv6_responses(ts):
    want = {
        2: ("100", "INVITE", "2001:db8::20"),
        3: ("180", "INVITE", "2001:db8::20"),
        4: ("200", "INVITE", "2001:db8::20"),
        7: ("200", "BYE", "2001:db8::10"),
        9: ("404", "OPTIONS", "2001:db8::20"),
    }
    got = ts.fields(IPV6, ["sipadv.code", "sipadv.method", "ipv6.src"], two_pass=True,
                    dfilter="sipadv")
    expect_equal("ipv6", got, want)
    got = ts.fields(IPV6, ["sipadv.code"], dfilter="sipadv.class == 4")
    expect_equal("ipv6 -Y", got, {9: ("404",)})


NESTED = "crafted-nested-message.pcapng"


@case
def nested_message_is_content_not_a_response(ts):
    """Frame 4 is a MESSAGE whose message/sip body is a copy of the 486 of frame 2. The
    copy was never sent on its own: it gets no advice, no link to the INVITE and no
    expert item, so -z expert counts one 486, as on the wire. The SIP dissector flags the
    copy as a retransmission; that verdict must stay with the copy: were it given to the
    MESSAGE around it, the MESSAGE would not be taken as a request, and its 200 OK in
    frame 5 would link to nothing."""
    fields = ["sipadv.code", "sipadv.method", "sipadv.request_frame"]
    check_all_modes(ts, NESTED, fields, {
        2: ("486", "INVITE", "1"),
        5: ("200", "MESSAGE", "4"),
    })
    for two_pass in (False, True):
        expect_equal("nested -z expert (two_pass=%s)" % two_pass,
                     sorted(ts.expert(NESTED, two_pass=two_pass)), sorted([
                         ("Warns", "Response", 1,
                          "SIP 486 Busy Here (4xx Client Failure) answering INVITE"),
                         ("Chats", "Response", 1,
                          "SIP 200 OK (2xx Success) answering MESSAGE")]))


MALFORMED_LINES = {
    2: ("99", "SIP/2.0 099 Low"),
    4: ("700", "SIP/2.0 700 High"),
    6: ("999", "SIP/2.0 999 Way High"),
    8: ("0", "SIP/2.0 000 Zero"),
    10: ("48", "SIP/2.0 48 Short"),
    12: ("4866", "SIP/2.0 4866 Long"),
    14: ("", "SIP/2.0 4a6 Letters"),
}


def check_malformed(ts, capture):
    fields = ["sipadv.code", "sipadv.status_line", "sipadv.class"]
    want = {f: (c, line, "") for f, (c, line) in MALFORMED_LINES.items()}
    want[16] = ("486", "", "4")
    check_all_modes(ts, capture, fields, want)
    rows = sorted(ts.expert(capture, two_pass=True))
    want_rows = sorted(
        [("Notes", "Malformed", 1,
          'Malformed SIP status code: "%s" (must be three digits, 100-699)' % line)
         for _, line in MALFORMED_LINES.values()]
        + [("Warns", "Response", 1, "SIP 486 Busy Here (4xx Client Failure) answering INVITE")])
    expect_equal("malformed expert", rows, want_rows)
    got = ts.fields(capture, ["sipadv.status_line"], dfilter="sipadv.malformed_status")
    expect_equal("-Y sipadv.malformed_status", set(got), set(MALFORMED_LINES))


@case
def malformed_codes_udp(ts):
    check_malformed(ts, "crafted-malformed.pcapng")


@case
def malformed_codes_tcp(ts):
    check_malformed(ts, "crafted-malformed-tcp.pcapng")


@case
def requests_get_no_response_subtree(ts):
    got = ts.fields(UDP, ["sipadv.code"], dfilter="sip.Method", two_pass=True)
    expect_equal("requests with sipadv fields", got, {})


@case
def tests_fail_without_the_plugin(ts):
    """The guard every case relies on: a tshark without our plugin is refused, and its
    output has none of our fields."""
    import os
    import shutil
    os.remove(ts.plugin)
    try:
        ts._check_loaded()
    except TestFailure:
        pass
    else:
        raise TestFailure("the load check passed with the plugin removed")
    p = ts.run(["-n", "-r", ts.capture(UDP), "-Y", "sipadv"], check=False)
    if p.returncode == 0:
        raise TestFailure("-Y sipadv was accepted without the plugin")
    del shutil


@case
def request_linkage_udp(ts):
    """Our own transaction table: the 200 to CANCEL links to the CANCEL and the 487 to the
    INVITE (Wireshark's sip.response-request gets both of these wrong)."""
    got = ts.fields(UDP, ["sipadv.request_frame", "sipadv.response_time"], two_pass=True,
                    dfilter=frames_filter(4, 18, 19, 23, 70))
    expect_equal("request links", got, {
        4: ("1", "2.120000000"),
        18: ("17", "0.015000000"),
        19: ("14", "1.520000000"),
        23: ("21", "3.000000000"),
        70: ("67", "0.900000000"),
    })
    expect_equal("request links, single pass",
                 ts.fields(UDP, ["sipadv.request_frame"], dfilter=frames_filter(18, 19)),
                 {18: ("17",), 19: ("14",)})


@case
def request_linkage_tcp(ts):
    """Over TCP Wireshark links nothing; we do."""
    got = ts.fields("crafted-tcp-segments.pcapng", ["sipadv.request_frame"], two_pass=True,
                    dfilter="sipadv")
    expect_equal("tcp request links", got, {2: ("1|1",), 4: ("1",)})
