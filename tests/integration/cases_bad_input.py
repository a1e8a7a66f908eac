# SPDX-License-Identifier: GPL-2.0-or-later
"""The bad-input catalogue: each kind of bad input in crafted-bad-input.pcapng gets its own
clear expert note on its own frame, and the rest of the capture is still analysed."""
from harness import expect_equal
from cases_responses import frames_filter

CASES = {}
CAP = "crafted-bad-input.pcapng"

# Expert item -> the frames it must be on (and no others).
NOTES = {
    "sipadv.malformed_status": {2, 4, 6, 8, 10},   # 000, 099, 700, 999, 4x6
    "sipadv.cseq_missing": {12},
    "sipadv.cseq_duplicate": {14},
    "sipadv.cseq_method_mismatch": {15},           # OPTIONS with CSeq: 5 INVITE
    "sipadv.phrase_not_utf8": {18},
    "sipadv.refer.bad_sipfrag": {21, 27},          # header-only and empty sipfrag
    "sipadv.refer.bogus_sipfrag_phrase": {23},     # SIP/2.0 487 487
    "sipadv.refer.bad_event_id": {31},             # id=99999999999999999999
    "sipadv.refer.orphan_notify": {31},
}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def bad_input_each_gets_its_note(ts):
    for two_pass in (False, True):
        for note, frames in NOTES.items():
            got = ts.fields(CAP, ["frame.len"], two_pass=two_pass, dfilter=note)
            expect_equal("%s (two_pass=%s)" % (note, two_pass), set(got), frames)


@case
def bad_input_rest_still_analysed(ts):
    got = ts.fields(CAP, ["sipadv.code", "sipadv.status_line", "sipadv.request_frame"],
                    two_pass=True, dfilter=frames_filter(2, 10, 12, 14, 16, 18, 34))
    expect_equal("codes around the bad input", got, {
        2: ("0", "SIP/2.0 000 Zero", ""),
        10: ("", "SIP/2.0 4x6 Letters", ""),
        12: ("486", "", ""),            # no CSeq: nothing to link it with
        14: ("486", "", "13"),          # the first CSeq is used
        16: ("200", "", ""),            # its request's CSeq method says INVITE, not OPTIONS
        18: ("480", "", "17"),
        34: ("486", "", "33"),
    })
    # The transfers around the broken NOTIFYs still get their verdicts.
    got = ts.fields(CAP, ["sipadv.refer.verdict", "sipadv.refer.result"], two_pass=True,
                    dfilter='sip.Method == "REFER"')
    expect_equal("transfer verdicts", got, {19: ("failed", "487"), 25: ("succeeded", "200")})


REPAIR_CAP = "crafted-utf8-repair.pcapng"


@case
def display_text_repaired_as_wireshark_does(ts):
    """Bad bytes in kept packet text: one U+FFFD per maximal ill-formed subpart, exactly as
    Wireshark's own sip.Status-Line shows them; a NUL replaced too; a cut never leaves half
    a character behind, and ends in "..."."""
    want = {
        2: ("480", "Gone \ufffd Away", ""),                       # \xe2\x82: cut short
        4: ("486", "Busy \ufffd\ufffd\ufffd Here", ""),           # encoded surrogate
        6: ("404", "x" * 113 + "...", ""),                        # U+1F600 across the cut
        8: ("", "", "SIP/2.0 4x0 Bad\ufffdZero"),                 # NUL in a malformed line
    }
    for two_pass in (False, True):
        got = ts.fields(REPAIR_CAP, ["sipadv.code", "sipadv.packet_phrase",
                                     "sipadv.status_line"], two_pass=two_pass,
                        dfilter="sipadv")
        expect_equal("repaired texts (two_pass=%s)" % two_pass, got, want)
        lines = ts.fields(REPAIR_CAP, ["sip.Status-Line"], two_pass=two_pass,
                          dfilter=frames_filter(2, 4))
        expect_equal("the same repair as Wireshark's (two_pass=%s)" % two_pass, lines,
                     {n: ("SIP/2.0 %s %s" % want[n][:2],) for n in (2, 4)})
        notes = ts.fields(REPAIR_CAP, ["frame.len"], two_pass=two_pass,
                          dfilter="sipadv.phrase_not_utf8")
        expect_equal("not-UTF-8 notes (two_pass=%s)" % two_pass, set(notes), {2, 4, 8})
    rows = [r for r in ts.expert(REPAIR_CAP, two_pass=True) if r[3].startswith("Malformed")]
    expect_equal("the malformed line in -z expert", rows, [
        ("Notes", "Malformed", 1,
         'Malformed SIP status code: "SIP/2.0 4x0 Bad\ufffdZero" (must be three digits, '
         '100-699)')])
