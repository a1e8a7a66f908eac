/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the header-value parsers and the Warning / Q.850 tables, including hostile
 * input: absurd numbers, 10 000 commas, invalid UTF-8, embedded NUL and every truncation of
 * a sample in an exact-size heap buffer (so a sanitizer build catches any over-read). */
#include "check.h"
#include "sipadv_headers.h"
#include "sipadv_lex.h"

#include <stdlib.h>

/* Does the span hold exactly these bytes? */
static bool span_is(sipadv_span sp, const char *text)
{
    size_t n = strlen(text);
    return sp.ptr != NULL && sp.len == n && memcmp(sp.ptr, text, n) == 0;
}

static bool num_ok(sipadv_num n, uint32_t value)
{
    return n.status == SIPADV_NUM_OK && n.value == value;
}

static sipadv_num delta(const char *s)
{
    return sipadv_parse_delta_seconds(s, strlen(s));
}

/* ---- Delta-seconds ---------------------------------------------------------------------- */

static void test_delta_seconds(void)
{
    CHECK(num_ok(delta("3600"), 3600));
    CHECK(num_ok(delta("  60 \r\n"), 60));
    CHECK(num_ok(delta("0"), 0));
    CHECK(num_ok(delta("000000000000000000000042"), 42)); /* many digits, small value */
    CHECK(num_ok(delta("4294967295"), 4294967295u));
    CHECK(delta("4294967296").status == SIPADV_NUM_TOO_BIG);
    CHECK(delta("99999999999999999999").status == SIPADV_NUM_TOO_BIG);
    CHECK(delta("99999999999999999999").value == 0);
    CHECK(delta("99999999999999999999x").status == SIPADV_NUM_INVALID);
    CHECK(delta("").status == SIPADV_NUM_ABSENT);
    CHECK(delta("   ").status == SIPADV_NUM_ABSENT);
    CHECK(sipadv_parse_delta_seconds(NULL, 12).status == SIPADV_NUM_ABSENT);
    CHECK(delta("abc").status == SIPADV_NUM_INVALID);
    CHECK(delta("12a").status == SIPADV_NUM_INVALID);
    CHECK(delta("-1").status == SIPADV_NUM_INVALID);
    CHECK(delta("+1").status == SIPADV_NUM_INVALID);
    CHECK(delta("1 2").status == SIPADV_NUM_INVALID);
    CHECK(delta("3600;foo").status == SIPADV_NUM_INVALID);
    /* An HTTP date (RFC 2543 allowed it; RFC 3261 does not) is not a number. */
    CHECK(delta("Thu, 01 Dec 1994 16:00:00 GMT").status == SIPADV_NUM_INVALID);
    CHECK(sipadv_parse_delta_seconds("12\0003", 4).status == SIPADV_NUM_INVALID);
    CHECK(sipadv_parse_delta_seconds("12\xff", 3).status == SIPADV_NUM_INVALID);
    /* The length bounds the parse. */
    CHECK(num_ok(sipadv_parse_delta_seconds("123456", 3), 123));
}

/* ---- Retry-After ------------------------------------------------------------------------ */

static bool retry(const char *s, sipadv_retry_after *ra)
{
    return sipadv_parse_retry_after(s, strlen(s), ra);
}

static void test_retry_after_valid(void)
{
    sipadv_retry_after ra;

    CHECK(retry("120 (in a meeting);duration=3600", &ra));
    CHECK(num_ok(ra.seconds, 120) && span_is(ra.comment, "in a meeting"));
    CHECK(num_ok(ra.duration, 3600));
    CHECK(retry("18000", &ra) && num_ok(ra.seconds, 18000));
    CHECK(ra.comment.ptr == NULL && ra.duration.status == SIPADV_NUM_ABSENT);
    CHECK(retry(" 5 ", &ra) && num_ok(ra.seconds, 5));
    CHECK(retry("120(busy)", &ra) && span_is(ra.comment, "busy"));
    CHECK(retry("120 ()", &ra) && span_is(ra.comment, ""));
    CHECK(retry("300;duration=60", &ra) && num_ok(ra.duration, 60) && ra.comment.ptr == NULL);
    CHECK(retry("300 ; DURATION = 60 ", &ra) && num_ok(ra.duration, 60));
    CHECK(retry("300;foo;duration=60;bar=baz", &ra) && num_ok(ra.duration, 60));
    CHECK(retry("300;duration=60;duration=90", &ra) && num_ok(ra.duration, 60));
    /* Nested comments, escaped parentheses, and a quote (plain text inside a comment). */
    CHECK(retry("60 (a (b) c)", &ra) && span_is(ra.comment, "a (b) c"));
    CHECK(retry("60 (a \\) b)", &ra) && span_is(ra.comment, "a \\) b"));
    CHECK(retry("60 (say \"hi;x\")", &ra) && span_is(ra.comment, "say \"hi;x\""));
    /* A ';' or ',' inside a quoted parameter value does not end it. */
    CHECK(retry("60;foo=\"a;b,c\";duration=7", &ra) && num_ok(ra.duration, 7));
    /* Harmless empty parameters. */
    CHECK(retry("60;", &ra) && num_ok(ra.seconds, 60));
    CHECK(retry("60;;duration=1", &ra) && num_ok(ra.duration, 1));
}

static void test_retry_after_invalid(void)
{
    sipadv_retry_after ra;

    CHECK(!retry("", &ra) && ra.seconds.status == SIPADV_NUM_ABSENT);
    CHECK(!sipadv_parse_retry_after(NULL, 4, &ra) && ra.seconds.status == SIPADV_NUM_ABSENT);
    CHECK(!retry("abc", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("(in a meeting) 120", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120abc", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120 junk", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120 (never closed", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120 (a (b)", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120 (x) junk", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120;foo=\"open", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("120;=5", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    CHECK(!retry("-120", &ra) && ra.seconds.status == SIPADV_NUM_INVALID);
    /* Absurd numbers are flagged, not wrapped. */
    CHECK(!retry("99999999999999999999", &ra) && ra.seconds.status == SIPADV_NUM_TOO_BIG);
    CHECK(!retry("4294967296 (x)", &ra) && ra.seconds.status == SIPADV_NUM_TOO_BIG);
    /* A bad duration does not spoil the wait time itself. */
    CHECK(retry("120;duration=abc", &ra) && ra.duration.status == SIPADV_NUM_INVALID);
    CHECK(retry("120;duration", &ra) && ra.duration.status == SIPADV_NUM_INVALID);
    CHECK(retry("120;duration=\"60\"", &ra) && ra.duration.status == SIPADV_NUM_INVALID);
    CHECK(retry("120;duration=99999999999999999999", &ra) &&
          ra.duration.status == SIPADV_NUM_TOO_BIG);
    /* NUL and invalid UTF-8 are plain bytes: fine inside a comment, junk elsewhere. */
    {
        static const char odd[] = "60 (a\0b\xff)";
        CHECK(sipadv_parse_retry_after(odd, sizeof(odd) - 1, &ra) && ra.comment.len == 4);
    }
    CHECK(!sipadv_parse_retry_after("60\0", 3, &ra));
    CHECK(!sipadv_parse_retry_after("60 \xc3", 4, &ra));
}

/* ---- Session-Expires / Min-SE ----------------------------------------------------------- */

static bool session(const char *s, sipadv_session_expires *se)
{
    return sipadv_parse_session_expires(s, strlen(s), se);
}

static void test_session_expires(void)
{
    sipadv_session_expires se;

    CHECK(session("1800;refresher=uac", &se) && num_ok(se.delta, 1800));
    CHECK(se.refresher == SIPADV_REFRESHER_UAC);
    CHECK(session("1800 ; Refresher = UAS", &se) && se.refresher == SIPADV_REFRESHER_UAS);
    CHECK(session("90", &se) && num_ok(se.delta, 90) && se.refresher == SIPADV_REFRESHER_ABSENT);
    CHECK(session("90;foo=bar", &se) && se.refresher == SIPADV_REFRESHER_ABSENT);
    CHECK(session("90;refresher=proxy", &se) && se.refresher == SIPADV_REFRESHER_INVALID);
    CHECK(session("90;refresher", &se) && se.refresher == SIPADV_REFRESHER_INVALID);
    CHECK(session("90;refresher=uas;refresher=uac", &se) &&
          se.refresher == SIPADV_REFRESHER_UAS);
    CHECK(!session("", &se) && se.delta.status == SIPADV_NUM_ABSENT);
    CHECK(!sipadv_parse_session_expires(NULL, 3, &se));
    CHECK(!session(";refresher=uac", &se) && se.delta.status == SIPADV_NUM_INVALID);
    CHECK(!session("1800abc;refresher=uac", &se) && se.delta.status == SIPADV_NUM_INVALID);
    CHECK(!session("1800 1;refresher=uac", &se) && se.delta.status == SIPADV_NUM_INVALID);
    CHECK(!session("1800;=x", &se) && se.delta.status == SIPADV_NUM_INVALID);
    CHECK(!session("1800;x=\"open", &se) && se.delta.status == SIPADV_NUM_INVALID);
    CHECK(!session("99999999999999999999;refresher=uac", &se) &&
          se.delta.status == SIPADV_NUM_TOO_BIG);
    CHECK(!sipadv_parse_session_expires("90\0;refresher=uac", 17, &se));
}

/* ---- Token lists ------------------------------------------------------------------------ */

static sipadv_list_result tokens(const char *s, sipadv_span *out, size_t max)
{
    return sipadv_split_tokens(s, strlen(s), out, max);
}

static void test_token_lists(void)
{
    sipadv_span t[8];
    sipadv_list_result r;

    r = tokens("INVITE, ACK,BYE ,\tCANCEL", t, 8);
    CHECK(r.count == 4 && !r.truncated && !r.malformed);
    CHECK(span_is(t[0], "INVITE") && span_is(t[1], "ACK") && span_is(t[2], "BYE") &&
          span_is(t[3], "CANCEL"));
    r = tokens("application/sdp;q=0.5, */*;q=0.1, text/plain", t, 8);
    CHECK(r.count == 3 && span_is(t[0], "application/sdp") && span_is(t[1], "*/*"));
    r = tokens("en-US, fr;q=0.5", t, 8);
    CHECK(r.count == 2 && span_is(t[0], "en-US") && span_is(t[1], "fr"));
    r = tokens("100rel, timer ;refresher=uac", t, 8);
    CHECK(r.count == 2 && span_is(t[1], "timer"));
    /* A comma inside a quoted parameter value does not split. */
    r = tokens("a;x=\"1,2\", b", t, 8);
    CHECK(r.count == 2 && span_is(t[0], "a") && span_is(t[1], "b") && !r.malformed);
    /* Empty lists and empty items. */
    r = tokens("", t, 8);
    CHECK(r.count == 0 && !r.malformed && !r.truncated);
    r = tokens(" , ,, ", t, 8);
    CHECK(r.count == 0 && !r.malformed);
    r = sipadv_split_tokens(NULL, 5, t, 8);
    CHECK(r.count == 0 && !r.malformed);
    /* Malformed items are skipped and flagged; the others stay. */
    r = tokens("INVITE ACK, BYE", t, 8);
    CHECK(r.count == 1 && span_is(t[0], "BYE") && r.malformed);
    r = tokens(";q=1, BYE", t, 8);
    CHECK(r.count == 1 && r.malformed);
    r = tokens("a;x=\"open, b", t, 8);
    CHECK(r.count == 1 && span_is(t[0], "a") && r.malformed);
    r = sipadv_split_tokens("IN\xffVITE, BYE", 12, t, 8);
    CHECK(r.count == 1 && span_is(t[0], "BYE") && r.malformed);
    r = sipadv_split_tokens("IN\0VITE, BYE", 12, t, 8);
    CHECK(r.count == 1 && r.malformed);
    /* Truncation. */
    r = tokens("A, B, C", t, 2);
    CHECK(r.count == 2 && r.truncated && span_is(t[1], "B"));
    r = tokens("A, B", t, 2);
    CHECK(r.count == 2 && !r.truncated);
    r = tokens("A", NULL, 0);
    CHECK(r.count == 0 && r.truncated);
    /* The length bounds the parse. */
    r = sipadv_split_tokens("ACK,BYE", 3, t, 8);
    CHECK(r.count == 1 && span_is(t[0], "ACK"));
}

/* ---- Warning ---------------------------------------------------------------------------- */

static sipadv_list_result warnings(const char *s, sipadv_warning *w, size_t max)
{
    return sipadv_parse_warnings(s, strlen(s), w, max);
}

static void test_warnings(void)
{
    sipadv_warning w[4];
    sipadv_list_result r;

    r = warnings("301 isi.edu \"Incompatible network address type 'E.164'\"", w, 4);
    CHECK(r.count == 1 && !r.malformed && w[0].code == 301 && w[0].text_quoted);
    CHECK(span_is(w[0].agent, "isi.edu"));
    CHECK(span_is(w[0].text, "Incompatible network address type 'E.164'"));
    /* Several values, with commas inside the quoted texts. */
    r = warnings("307 isi.edu \"Session parameter 'foo' not understood\", "
                 "301 [2001:db8::1]:5060 \"a, b, c\",399 pbx \"x\"", w, 4);
    CHECK(r.count == 3 && !r.malformed);
    CHECK(w[0].code == 307 && w[1].code == 301 && span_is(w[1].agent, "[2001:db8::1]:5060"));
    CHECK(span_is(w[1].text, "a, b, c") && w[2].code == 399 && span_is(w[2].text, "x"));
    /* Escapes are left as they are; an escaped quote does not end the text. */
    r = warnings("399 host \"say \\\"no\\\", please\"", w, 4);
    CHECK(r.count == 1 && span_is(w[0].text, "say \\\"no\\\", please") && w[0].text_quoted);
    r = warnings("370 host \"\"", w, 4);
    CHECK(r.count == 1 && span_is(w[0].text, "") && w[0].text_quoted);
    /* Unquoted text (seen in the wild): code and agent kept, text as sent, flagged. */
    r = warnings("304 sbc Media type not available", w, 4);
    CHECK(r.count == 1 && r.malformed && !w[0].text_quoted && w[0].code == 304);
    CHECK(span_is(w[0].text, "Media type not available"));
    r = warnings("399 host", w, 4);
    CHECK(r.count == 1 && r.malformed && !w[0].text_quoted && w[0].text.len == 0);
    r = warnings("399 host \"never closed, 300 x \"y\"", w, 4);
    CHECK(r.malformed);
    r = warnings("399 host \"a\" junk", w, 4);
    CHECK(r.count == 1 && r.malformed && !w[0].text_quoted);
    /* No three-digit code or no agent: skipped. */
    r = warnings("39 host \"x\", 3999 host \"x\", abc host \"x\", 399", w, 4);
    CHECK(r.count == 0 && r.malformed);
    r = warnings("399\"x\"", w, 4);
    CHECK(r.count == 0 && r.malformed);
    r = warnings("399 \"text without agent\"", w, 4);
    CHECK(r.count == 0 && r.malformed);
    r = warnings("", w, 4);
    CHECK(r.count == 0 && !r.malformed);
    r = sipadv_parse_warnings(NULL, 9, w, 4);
    CHECK(r.count == 0 && !r.malformed);
    /* Truncation. */
    r = warnings("300 a \"1\", 301 b \"2\", 302 c \"3\"", w, 2);
    CHECK(r.count == 2 && r.truncated && w[1].code == 301);
    /* NUL and invalid UTF-8 inside the text are plain bytes. */
    r = sipadv_parse_warnings("399 h \"a\0\xff\"", 11, w, 4);
    CHECK(r.count == 1 && w[0].text.len == 3 && w[0].text_quoted);
}

static void test_warning_codes(void)
{
    CHECK_STR(sipadv_warning_code_text(300), "Incompatible network protocol");
    CHECK_STR(sipadv_warning_code_text(305), "Incompatible media format");
    CHECK_STR(sipadv_warning_code_text(308), "Incompatible language specification");
    CHECK_STR(sipadv_warning_code_text(331), "Unicast not available");
    CHECK_STR(sipadv_warning_code_text(370), "Insufficient bandwidth");
    CHECK_STR(sipadv_warning_code_text(380), "SIPS Not Allowed");
    CHECK_STR(sipadv_warning_code_text(381), "SIPS Required");
    CHECK_STR(sipadv_warning_code_text(399), "Miscellaneous warning");
    CHECK(sipadv_warning_code_text(309) == NULL);
    CHECK(sipadv_warning_code_text(390) == NULL); /* pjsip's own, not registered */
    CHECK(sipadv_warning_code_text(0) == NULL);
    /* Every registered code has a range too. */
    for (unsigned c = 0; c < 1000; c++) {
        if (sipadv_warning_code_text(c) != NULL)
            CHECK_MSG(sipadv_warning_code_range(c) != NULL, "code %u has no range", c);
    }
    CHECK(sipadv_warning_code_range(329) != NULL && sipadv_warning_code_range(330) != NULL);
    CHECK(sipadv_warning_code_range(329) != sipadv_warning_code_range(330));
    CHECK(sipadv_warning_code_range(339) != NULL && sipadv_warning_code_range(340) == NULL);
    CHECK(sipadv_warning_code_range(369) == NULL && sipadv_warning_code_range(370) != NULL);
    CHECK(sipadv_warning_code_range(379) != NULL && sipadv_warning_code_range(380) != NULL);
    CHECK(sipadv_warning_code_range(379) != sipadv_warning_code_range(380));
    CHECK(sipadv_warning_code_range(390) != NULL && sipadv_warning_code_range(399) != NULL);
    /* RFC 3261 sec. 20.43: 390-399 is the miscellaneous range, 380-389 is not; 380 and 381
     * are the SIPS codes of RFC 5630 and the rest of 380-389 is unassigned. */
    CHECK_STR(sipadv_warning_code_range(390), "miscellaneous warning");
    CHECK_STR(sipadv_warning_code_range(399), "miscellaneous warning");
    for (unsigned c = 380; c <= 389; c++)
        CHECK_MSG(strstr(sipadv_warning_code_range(c), "miscellaneous") == NULL,
                  "warn-code %u called miscellaneous", c);
    CHECK(strstr(sipadv_warning_code_range(380), "SIPS") != NULL);
    CHECK(strstr(sipadv_warning_code_range(381), "RFC 5630") != NULL);
    CHECK(strstr(sipadv_warning_code_range(382), "unassigned") != NULL);
    CHECK(sipadv_warning_code_range(389) == sipadv_warning_code_range(382));
    CHECK(sipadv_warning_code_range(299) == NULL && sipadv_warning_code_range(400) == NULL);
    CHECK(sipadv_warning_code_range(199) == NULL); /* HTTP-style warn codes are not SIP ones */
}

/* ---- Reason ----------------------------------------------------------------------------- */

static sipadv_list_result reasons(const char *s, sipadv_reason *rs, size_t max)
{
    return sipadv_parse_reasons(s, strlen(s), rs, max);
}

static void test_reasons(void)
{
    sipadv_reason rs[4];
    sipadv_list_result r;

    r = reasons("Q.850;cause=16;text=\"Terminated\"", rs, 4);
    CHECK(r.count == 1 && !r.malformed && span_is(rs[0].protocol, "Q.850"));
    CHECK(num_ok(rs[0].cause, 16) && span_is(rs[0].text, "Terminated"));
    CHECK(rs[0].location.ptr == NULL);
    r = reasons("SIP ;cause=200 ;text=\"Call completed elsewhere\"", rs, 4);
    CHECK(r.count == 1 && span_is(rs[0].protocol, "SIP") && num_ok(rs[0].cause, 200));
    /* Several values; a comma inside the quoted text; RFC 8606 location. */
    r = reasons("SIP;cause=480;text=\"Busy, try later\", Q.850;cause=19;location=LN", rs, 4);
    CHECK(r.count == 2 && !r.malformed && span_is(rs[0].text, "Busy, try later"));
    CHECK(num_ok(rs[1].cause, 19) && span_is(rs[1].location, "LN"));
    CHECK(sipadv_span_equals(rs[1].protocol, "q.850"));
    /* Case-insensitive names. */
    r = reasons("q.850;CAUSE=17;Text=\"User busy\"", rs, 4);
    CHECK(r.count == 1 && num_ok(rs[0].cause, 17) && span_is(rs[0].text, "User busy"));
    CHECK(sipadv_span_equals(rs[0].protocol, "Q.850"));
    CHECK(!sipadv_span_equals(rs[0].protocol, "SIP"));
    /* Optional parts. */
    r = reasons("preemption", rs, 4);
    CHECK(r.count == 1 && rs[0].cause.status == SIPADV_NUM_ABSENT && rs[0].text.ptr == NULL);
    r = reasons("Q.850;text=Busy", rs, 4); /* unquoted text, seen in the wild */
    CHECK(r.count == 1 && span_is(rs[0].text, "Busy"));
    r = reasons("Q.850;text=\"\"", rs, 4);
    CHECK(r.count == 1 && span_is(rs[0].text, ""));
    r = reasons("Q.850;cause=17;cause=18", rs, 4);
    CHECK(r.count == 1 && num_ok(rs[0].cause, 17));
    /* Bad causes are flagged, not guessed. */
    r = reasons("Q.850;cause=abc", rs, 4);
    CHECK(r.count == 1 && rs[0].cause.status == SIPADV_NUM_INVALID);
    r = reasons("Q.850;cause", rs, 4);
    CHECK(r.count == 1 && rs[0].cause.status == SIPADV_NUM_INVALID);
    r = reasons("Q.850;cause=99999999999999999999", rs, 4);
    CHECK(r.count == 1 && rs[0].cause.status == SIPADV_NUM_TOO_BIG);
    /* Malformed entries. */
    r = reasons(";cause=16", rs, 4);
    CHECK(r.count == 0 && r.malformed);
    r = reasons("Q 850;cause=16, SIP;cause=487", rs, 4);
    CHECK(r.count == 1 && r.malformed && num_ok(rs[0].cause, 487));
    r = reasons("Q.850;cause=16;text=\"open, SIP;cause=1", rs, 4);
    CHECK(r.count == 0 && r.malformed);
    r = reasons("Q.850;=1;cause=16", rs, 4);
    CHECK(r.count == 1 && r.malformed && num_ok(rs[0].cause, 16));
    r = reasons("", rs, 4);
    CHECK(r.count == 0 && !r.malformed);
    r = sipadv_parse_reasons(NULL, 7, rs, 4);
    CHECK(r.count == 0);
    r = reasons("SIP;cause=1, SIP;cause=2, SIP;cause=3", rs, 2);
    CHECK(r.count == 2 && r.truncated && num_ok(rs[1].cause, 2));
    r = sipadv_parse_reasons("Q.850;cause=1\0", 14, rs, 4);
    CHECK(r.count == 1 && rs[0].cause.status == SIPADV_NUM_INVALID);
}

/* ---- Q.850 ------------------------------------------------------------------------------ */

static void test_q850_names(void)
{
    CHECK_STR(sipadv_q850_cause_name(16), "Normal call clearing");
    CHECK_STR(sipadv_q850_cause_name(17), "User busy");
    CHECK_STR(sipadv_q850_cause_name(31), "Normal, unspecified");
    CHECK_STR(sipadv_q850_cause_name(44), "Requested circuit/channel not available");
    CHECK_STR(sipadv_q850_cause_name(102), "Recovery on timer expiry");
    CHECK_STR(sipadv_q850_cause_name(111), "Protocol error, unspecified");
    CHECK_STR(sipadv_q850_cause_name(127), "Interworking, unspecified");
    CHECK(sipadv_q850_cause_name(0) == NULL);
    CHECK(sipadv_q850_cause_name(128) == NULL);
    CHECK(sipadv_q850_cause_name(12) == NULL);
    /* Every cause RFC 3398 maps has a name. */
    for (unsigned c = 1; c <= 127; c++) {
        if (sipadv_q850_to_sip(c) != 500 || c == 111 || c == 127)
            CHECK_MSG(sipadv_q850_cause_name(c) != NULL, "cause %u has no name", c);
    }
}

static void test_q850_to_sip(void)
{
    static const unsigned table[][2] = {
        { 1, 404 },  { 2, 404 },  { 3, 404 },  { 17, 486 }, { 18, 408 }, { 19, 480 },
        { 20, 480 }, { 21, 403 }, { 22, 410 }, { 23, 410 }, { 26, 404 }, { 27, 502 },
        { 28, 484 }, { 29, 501 }, { 31, 480 }, { 34, 503 }, { 38, 503 }, { 41, 503 },
        { 42, 503 }, { 47, 503 }, { 55, 403 }, { 57, 403 }, { 58, 503 }, { 65, 488 },
        { 70, 488 }, { 79, 501 }, { 87, 403 }, { 88, 503 }, { 102, 504 }, { 111, 500 },
        { 127, 500 },
    };

    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        CHECK_MSG(sipadv_q850_to_sip(table[k][0]) == (int)table[k][1], "cause %u -> %d",
                  table[k][0], sipadv_q850_to_sip(table[k][0]));
    }
    CHECK(sipadv_q850_to_sip(16) == 0);
    CHECK(sipadv_q850_to_sip(44) == 500);  /* unlisted */
    CHECK(sipadv_q850_to_sip(4) == 500);
    CHECK(sipadv_q850_to_sip(0) == -1);
    CHECK(sipadv_q850_to_sip(128) == -1);
    CHECK(sipadv_q850_to_sip(4294967295u) == -1);

    CHECK(sipadv_q850_sip_consistent(17, 486));
    CHECK(!sipadv_q850_sip_consistent(17, 503));  /* sip-facts 4.2 example */
    CHECK(sipadv_q850_sip_consistent(21, 403) && sipadv_q850_sip_consistent(21, 603));
    CHECK(sipadv_q850_sip_consistent(22, 410) && sipadv_q850_sip_consistent(22, 301));
    CHECK(!sipadv_q850_sip_consistent(23, 301));
    /* RFC 3398: cause 44 should not result in any SIP status code, so none disagrees. */
    for (unsigned code = 100; code <= 699; code++)
        CHECK_MSG(sipadv_q850_sip_consistent(44, code), "cause 44 inconsistent with %u", code);
    CHECK(!sipadv_q850_sip_consistent(16, 0) && !sipadv_q850_sip_consistent(16, 200));
    CHECK(!sipadv_q850_sip_consistent(0, 500) && !sipadv_q850_sip_consistent(200, 500));
}

static void test_sip_to_q850(void)
{
    static const unsigned table[][2] = {
        { 400, 41 },  { 401, 21 },  { 402, 21 },  { 403, 21 },  { 404, 1 },   { 405, 63 },
        { 406, 79 },  { 407, 21 },  { 408, 102 }, { 410, 22 },  { 413, 127 }, { 414, 127 },
        { 415, 79 },  { 416, 127 }, { 420, 127 }, { 421, 127 }, { 423, 127 }, { 480, 18 },
        { 481, 41 },  { 482, 25 },  { 483, 25 },  { 484, 28 },  { 485, 1 },   { 486, 17 },
        { 500, 41 },  { 501, 79 },  { 502, 38 },  { 503, 41 },  { 504, 102 }, { 505, 127 },
        { 513, 127 }, { 600, 17 },  { 603, 21 },  { 604, 1 },
    };
    unsigned cause = 999;

    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        CHECK_MSG(sipadv_sip_to_q850(table[k][0], &cause) == SIPADV_Q850_MAPPED &&
                      cause == table[k][1],
                  "%u -> %u", table[k][0], cause);
    }
    CHECK(sipadv_sip_to_q850(487, &cause) == SIPADV_Q850_NO_MAPPING && cause == 0);
    CHECK(sipadv_sip_to_q850(488, &cause) == SIPADV_Q850_BY_WARNING && cause == 31);
    CHECK(sipadv_sip_to_q850(606, &cause) == SIPADV_Q850_BY_WARNING && cause == 31);
    CHECK(sipadv_sip_to_q850(491, &cause) == SIPADV_Q850_MAPPED && cause == 31); /* unlisted */
    CHECK(sipadv_sip_to_q850(699, &cause) == SIPADV_Q850_MAPPED && cause == 31);
    CHECK(sipadv_sip_to_q850(302, &cause) == SIPADV_Q850_NOT_A_FAILURE && cause == 0);
    CHECK(sipadv_sip_to_q850(200, NULL) == SIPADV_Q850_NOT_A_FAILURE);
    CHECK(sipadv_sip_to_q850(700, NULL) == SIPADV_Q850_NOT_A_FAILURE);
    CHECK(sipadv_sip_to_q850(486, NULL) == SIPADV_Q850_MAPPED);
}

/* ---- WWW-Authenticate / Proxy-Authenticate ---------------------------------------------- */

static bool challenge(const char *s, sipadv_challenge *ch)
{
    return sipadv_parse_challenge(s, strlen(s), ch);
}

static void test_challenge_valid(void)
{
    sipadv_challenge ch;

    CHECK(challenge("Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", "
                    "qop=\"auth,auth-int\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", "
                    "opaque=\"\", stale=FALSE, algorithm=MD5", &ch));
    CHECK(span_is(ch.scheme, "Digest") && span_is(ch.realm, "atlanta.com"));
    CHECK(span_is(ch.nonce, "f84f1cec41e6cbe5aea9c8e88d359") && span_is(ch.opaque, ""));
    CHECK(span_is(ch.domain, "sip:ss1.carrier.com") && span_is(ch.algorithm, "MD5"));
    CHECK(span_is(ch.qop, "auth,auth-int") && ch.stale == SIPADV_STALE_FALSE);
    CHECK(!ch.malformed && !ch.more_challenges);
    CHECK(sipadv_challenge_offers_qop(&ch, "auth") && sipadv_challenge_offers_qop(&ch, "auth-int"));
    CHECK(!sipadv_challenge_offers_qop(&ch, "auth-conf"));
    CHECK(challenge("digest REALM=\"a\",NONCE=\"n\",STALE=true", &ch));
    CHECK(span_is(ch.realm, "a") && span_is(ch.nonce, "n") && ch.stale == SIPADV_STALE_TRUE);
    CHECK(challenge("Digest realm=\"a\", stale=\"TRUE\"", &ch) && ch.stale == SIPADV_STALE_TRUE);
    CHECK(challenge("Digest realm=\"a\"", &ch) && ch.stale == SIPADV_STALE_ABSENT);
    CHECK(ch.nonce.ptr == NULL && ch.algorithm.ptr == NULL && ch.qop.ptr == NULL);
    CHECK(!sipadv_challenge_offers_qop(&ch, "auth"));
    /* Commas and escaped quotes inside quoted values. */
    CHECK(challenge("Digest realm=\"a, b \\\"c\\\"\", nonce=\"x,y\"", &ch) && !ch.malformed);
    CHECK(span_is(ch.realm, "a, b \\\"c\\\"") && span_is(ch.nonce, "x,y"));
    CHECK(challenge("Digest algorithm=SHA-256 , realm=\"r\"", &ch) &&
          span_is(ch.algorithm, "SHA-256"));
    CHECK(challenge("Digest", &ch) && span_is(ch.scheme, "Digest") && !ch.malformed);
    /* A second challenge in the same value stops the parse. */
    CHECK(challenge("Digest realm=\"a\", nonce=\"1\", Digest realm=\"b\", algorithm=SHA-256", &ch));
    CHECK(ch.more_challenges && span_is(ch.realm, "a") && ch.algorithm.ptr == NULL);
    CHECK(challenge("Digest realm=\"a\", Basic realm=\"b\"", &ch) && ch.more_challenges);
}

static void test_challenge_invalid(void)
{
    sipadv_challenge ch;

    CHECK(!challenge("", &ch) && ch.scheme.ptr == NULL);
    CHECK(!sipadv_parse_challenge(NULL, 5, &ch));
    CHECK(!challenge(", realm=\"a\"", &ch));
    CHECK(!challenge("\"Digest\" realm=\"a\"", &ch));
    CHECK(challenge("Digest realm=\"a\", stale=maybe", &ch) && ch.stale == SIPADV_STALE_INVALID);
    CHECK(challenge("Digest realm=\"a\", stale", &ch) && ch.malformed &&
          ch.stale == SIPADV_STALE_ABSENT);
    CHECK(challenge("Digest realm=\"a\", realm=\"b\"", &ch) && ch.malformed &&
          span_is(ch.realm, "a"));
    CHECK(challenge("Digest realm=\"a\", stale=true, stale=false", &ch) && ch.malformed &&
          ch.stale == SIPADV_STALE_TRUE);
    CHECK(challenge("Digest realm=\"open, nonce=\"x\"", &ch) && ch.malformed);
    CHECK(challenge("Digest realm=\"a\" junk, nonce=\"n\"", &ch) && ch.malformed &&
          span_is(ch.nonce, "n") && ch.realm.ptr == NULL);
    CHECK(challenge("Digest,realm=\"a\"", &ch) && ch.malformed);
    CHECK(challenge("Digest =x", &ch) && ch.malformed);
    {
        static const char odd[] = "Digest realm=\"a\0\xff\"";
        CHECK(sipadv_parse_challenge(odd, sizeof(odd) - 1, &ch) && ch.realm.len == 3);
    }
    CHECK(!sipadv_challenge_offers_qop(NULL, "auth"));
}

/* The realm-only read of credentials gives what the full parse gives, whatever follows. */
static void test_credentials_realm(void)
{
    static const char *const values[] = {
        ("Digest username=\"alice\", realm=\"atlanta.com\", nonce=\"84a4cc6f\", "
         "uri=\"sip:bob@biloxi.com\", response=\"7587245234b3434cc3412213e5f113a5\""),
        "Digest realm=\"a\", realm=\"b\"",
        "Digest realm=\"a\" junk, realm=\"b\"",
        "Digest nonce=\"1\", Digest realm=\"b\"",
        "Digest username=\"a, realm=x\", realm=\"r\"",
        "digest REALM=r2",
        "Digest,realm=\"a\"",
        "Digest",
        "",
        "realm=\"a\"",
    };
    sipadv_challenge ch;

    for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
        sipadv_span r = sipadv_credentials_realm(values[k], strlen(values[k]));
        (void)challenge(values[k], &ch);
        CHECK(r.len == ch.realm.len && r.ptr == ch.realm.ptr);
    }
    CHECK(span_is(sipadv_credentials_realm(values[0], strlen(values[0])), "atlanta.com"));
    CHECK(span_is(sipadv_credentials_realm(values[4], strlen(values[4])), "r"));
    CHECK(sipadv_credentials_realm(values[3], strlen(values[3])).ptr == NULL);
    CHECK(sipadv_credentials_realm(NULL, 4).ptr == NULL);
}

/* ---- Contact ---------------------------------------------------------------------------- */

static sipadv_list_result contacts(const char *s, sipadv_contact *c, size_t max, bool *star)
{
    return sipadv_split_contacts(s, strlen(s), c, max, star);
}

static void test_contacts_valid(void)
{
    sipadv_contact c[4];
    sipadv_list_result r;
    bool star = true;

    r = contacts("\"Bob, Jr.\" <sip:bob@x.com;expires=5>;expires=60, <sip:alice@y.com>;q=0.5,"
                 " sip:carol@z.com;expires=30", c, 4, &star);
    CHECK(r.count == 3 && !r.malformed && !r.truncated && !star);
    CHECK(span_is(c[0].display_name, "Bob, Jr.") && span_is(c[0].uri, "sip:bob@x.com;expires=5"));
    CHECK(num_ok(c[0].expires, 60) && span_is(c[0].params, "expires=60"));
    CHECK(c[1].display_name.ptr == NULL && span_is(c[1].uri, "sip:alice@y.com"));
    CHECK(c[1].expires.status == SIPADV_NUM_ABSENT && span_is(c[1].params, "q=0.5"));
    CHECK(span_is(c[2].uri, "sip:carol@z.com") && num_ok(c[2].expires, 30));
    /* Commas inside <...> and inside quoted parameter values; token display names. */
    r = contacts("Bob Smith <sip:b@x;a=1,2>;+sip.instance=\"<urn:uuid:1,2>\";EXPIRES=7, "
                 "<tel:+15551234>", c, 4, NULL);
    CHECK(r.count == 2 && !r.malformed && span_is(c[0].display_name, "Bob Smith"));
    CHECK(span_is(c[0].uri, "sip:b@x;a=1,2") && num_ok(c[0].expires, 7));
    CHECK(span_is(c[1].uri, "tel:+15551234"));
    /* A quoted display name holding '<', '>' and an escaped quote. */
    r = contacts("\"a <b> \\\"c\\\"\" <sip:d@e>", c, 4, NULL);
    CHECK(r.count == 1 && span_is(c[0].display_name, "a <b> \\\"c\\\"") &&
          span_is(c[0].uri, "sip:d@e"));
    r = contacts("<sip:a@b> ; expires = 0 ", c, 4, NULL);
    CHECK(r.count == 1 && num_ok(c[0].expires, 0));
    r = contacts("\"\" <sip:a@b>", c, 4, NULL);
    CHECK(r.count == 1 && span_is(c[0].display_name, ""));
    /* Star. */
    r = contacts(" * ", c, 4, &star);
    CHECK(r.count == 0 && star && !r.malformed);
    r = contacts("*, sip:a@b", c, 4, &star);
    CHECK(r.count == 1 && !star && r.malformed);
    /* Empty. */
    r = contacts("", c, 4, &star);
    CHECK(r.count == 0 && !star && !r.malformed);
    r = sipadv_split_contacts(NULL, 3, c, 4, &star);
    CHECK(r.count == 0 && !star);
    /* Truncation. */
    r = contacts("<sip:1@a>, <sip:2@a>, <sip:3@a>", c, 2, NULL);
    CHECK(r.count == 2 && r.truncated && span_is(c[1].uri, "sip:2@a"));
}

static void test_contacts_invalid(void)
{
    sipadv_contact c[4];
    sipadv_list_result r;

    r = contacts("<sip:a@b", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("\"Bob <sip:a@b>", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("\"Bob\" sip:a@b", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("Bob sip:a@b, <sip:c@d>", c, 4, NULL);
    CHECK(r.count == 1 && r.malformed && span_is(c[0].uri, "sip:c@d"));
    r = contacts("<>", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("<sip:a@b> junk", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("just-a-name", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    r = contacts("B@d <sip:a@b>", c, 4, NULL);
    CHECK(r.count == 0 && r.malformed);
    /* A broken parameter keeps the contact but flags the list. */
    r = contacts("<sip:a@b>;expires=abc", c, 4, NULL);
    CHECK(r.count == 1 && !r.malformed && c[0].expires.status == SIPADV_NUM_INVALID);
    r = contacts("<sip:a@b>;=1;expires=9", c, 4, NULL);
    CHECK(r.count == 1 && r.malformed && num_ok(c[0].expires, 9));
    r = contacts("<sip:a@b>;expires=99999999999999999999", c, 4, NULL);
    CHECK(r.count == 1 && c[0].expires.status == SIPADV_NUM_TOO_BIG);
    {
        static const char odd[] = "<sip:a\0@b\xff>";
        r = sipadv_split_contacts(odd, sizeof(odd) - 1, c, 4, NULL);
        CHECK(r.count == 1 && c[0].uri.len == 9);
    }
}

static sipadv_name_addr_status split(const char *s, sipadv_name_addr *na)
{
    return sipadv_split_name_addr(s, strlen(s), na);
}

/* One split of name-addr / addr-spec for From, To, Contact and Refer-To alike. */
static void test_name_addr_split(void)
{
    sipadv_name_addr na;

    CHECK(split(" \"A;<b>\" <sip:a@b;lr>;tag=1", &na) == SIPADV_NAME_ADDR_OK && na.bracketed);
    CHECK(span_is(na.display_name, "\"A;<b>\"") && span_is(na.uri, "sip:a@b;lr"));
    CHECK(span_is(na.params, ";tag=1"));
    CHECK(split("Bob <sip:b@x>", &na) == SIPADV_NAME_ADDR_OK && span_is(na.display_name, "Bob"));
    CHECK(split("<sip:b@x>", &na) == SIPADV_NAME_ADDR_OK && na.display_name.len == 0 &&
          na.params.len == 0);
    /* An addr-spec's first ';' starts the header parameters. */
    CHECK(split(" sip:a@b ;tag=2;x=\"y;z\"", &na) == SIPADV_NAME_ADDR_OK && !na.bracketed);
    CHECK(span_is(na.uri, "sip:a@b") && span_is(na.params, ";tag=2;x=\"y;z\""));
    CHECK(split("sip:a@b", &na) == SIPADV_NAME_ADDR_OK && span_is(na.uri, "sip:a@b") &&
          na.params.len == 0);
    /* An unquoted display name cannot hold ';': this is an addr-spec, and a bad one. */
    CHECK(split("Bob;x <sip:a@b>", &na) == SIPADV_NAME_ADDR_OK && !na.bracketed &&
          span_is(na.uri, "Bob"));
    CHECK(split("\"Bob <sip:a@b>", &na) == SIPADV_NAME_ADDR_OPEN_QUOTE);
    CHECK(split("Bob <sip:a@b", &na) == SIPADV_NAME_ADDR_OPEN_ANGLE && na.bracketed &&
          span_is(na.uri, "sip:a@b"));
    CHECK(split("", &na) == SIPADV_NAME_ADDR_OK && na.uri.len == 0);
    /* Quoted header parameter values are fine in an addr-spec Contact. */
    {
        sipadv_contact c[2];
        sipadv_list_result r = contacts("sip:a@b;+sip.instance=\"<urn:x>\";expires=5", c, 2,
                                        NULL);
        CHECK(r.count == 1 && !r.malformed && span_is(c[0].uri, "sip:a@b") &&
              num_ok(c[0].expires, 5));
    }
}

static sipadv_num contact_expires(const char *s)
{
    return sipadv_contact_expires(s, strlen(s));
}

static void test_contact_expires(void)
{
    CHECK(num_ok(contact_expires("<sip:a@b>;expires=3600"), 3600));
    CHECK(num_ok(contact_expires("\"A\" <sip:a@b;expires=5>;expires=60"), 60));
    CHECK(contact_expires("<sip:a@b;expires=5>").status == SIPADV_NUM_ABSENT);
    CHECK(num_ok(contact_expires("sip:a@b;expires=30"), 30));
    CHECK(num_ok(contact_expires("sip:a@b;q=1;Expires=0"), 0));
    CHECK(num_ok(contact_expires("<sip:a@b>;expires=1, <sip:c@d>;expires=2"), 1));
    CHECK(num_ok(contact_expires(" , <sip:a@b>;expires=1"), 1));
    CHECK(contact_expires("<sip:a@b>").status == SIPADV_NUM_ABSENT);
    CHECK(contact_expires("").status == SIPADV_NUM_ABSENT);
    CHECK(contact_expires("*").status == SIPADV_NUM_ABSENT);
    CHECK(sipadv_contact_expires(NULL, 4).status == SIPADV_NUM_ABSENT);
    CHECK(contact_expires("<sip:a@b>;expires=").status == SIPADV_NUM_INVALID);
    CHECK(contact_expires("<sip:a@b>;expires=-1").status == SIPADV_NUM_INVALID);
    CHECK(contact_expires("<sip:a@b>;expires=4294967296").status == SIPADV_NUM_TOO_BIG);
    CHECK(contact_expires("<sip:a@b;expires=60").status == SIPADV_NUM_INVALID);
    CHECK(contact_expires("junk, <sip:a@b>;expires=1").status == SIPADV_NUM_INVALID);
}

/* ---- Hostile input: commas, every prefix, random bytes ---------------------------------- */

static void test_many_commas(void)
{
    enum { N = 10000 };
    char *many = malloc(N);
    sipadv_span t[4];
    sipadv_warning w[4];
    sipadv_reason rs[4];
    sipadv_contact c[4];
    sipadv_challenge ch;
    sipadv_list_result r;
    bool star;

    memset(many, ',', N);
    r = sipadv_split_tokens(many, N, t, 4);
    CHECK(r.count == 0 && !r.truncated && !r.malformed);
    r = sipadv_parse_warnings(many, N, w, 4);
    CHECK(r.count == 0 && !r.malformed);
    r = sipadv_parse_reasons(many, N, rs, 4);
    CHECK(r.count == 0 && !r.malformed);
    r = sipadv_split_contacts(many, N, c, 4, &star);
    CHECK(r.count == 0 && !star);
    CHECK(!sipadv_parse_challenge(many, N, &ch));
    CHECK(sipadv_contact_expires(many, N).status == SIPADV_NUM_ABSENT);
    /* "a," repeated: many entries, only 4 kept. */
    for (size_t k = 0; k + 1 < N; k += 2)
        many[k] = 'a';
    r = sipadv_split_tokens(many, N, t, 4);
    CHECK(r.count == 4 && r.truncated && !r.malformed && span_is(t[3], "a"));
    r = sipadv_split_contacts(many, N, c, 4, &star);
    CHECK(r.count == 0 && r.malformed);
    memset(many, ';', N);
    {
        sipadv_retry_after ra;
        sipadv_session_expires se;
        CHECK(!sipadv_parse_retry_after(many, N, &ra));
        CHECK(!sipadv_parse_session_expires(many, N, &se));
        many[0] = '1';
        CHECK(sipadv_parse_retry_after(many, N, &ra) && num_ok(ra.seconds, 1));
        CHECK(sipadv_parse_session_expires(many, N, &se) && num_ok(se.delta, 1));
    }
    free(many);
}

/* Runs every parser on one exact-size heap buffer. */
static void run_all_parsers(const char *buf, size_t n)
{
    sipadv_span t[3];
    sipadv_warning w[3];
    sipadv_reason rs[3];
    sipadv_contact c[3];
    sipadv_challenge ch;
    sipadv_retry_after ra;
    sipadv_session_expires se;
    bool star;

    (void)sipadv_parse_delta_seconds(buf, n);
    (void)sipadv_parse_retry_after(buf, n, &ra);
    (void)sipadv_parse_session_expires(buf, n, &se);
    (void)sipadv_split_tokens(buf, n, t, 3);
    (void)sipadv_parse_warnings(buf, n, w, 3);
    (void)sipadv_parse_reasons(buf, n, rs, 3);
    (void)sipadv_parse_challenge(buf, n, &ch);
    (void)sipadv_split_contacts(buf, n, c, 3, &star);
    (void)sipadv_contact_expires(buf, n);
}

/* Every prefix of each sample, in a heap buffer sized exactly, through every parser. The
 * full sample must still give the expected result afterwards. */
static void test_every_prefix(void)
{
    static const char *samples[] = {
        "120 (in a (nested) \\) meeting);duration=3600",
        "1800;refresher=uac",
        "application/sdp;q=\"0,5\", */*",
        "301 isi.edu \"Incompatible \\\"network\\\", address\", 399 h \"x\"",
        "Q.850;cause=16;text=\"Terminated, ok\";location=LN, SIP;cause=200",
        "Digest realm=\"a,b\", nonce=\"n\", stale=TRUE, qop=\"auth\", Basic realm=\"x\"",
        "\"Bob, \\\"Jr\\\" <x>\" <sip:b@x;expires=5,6>;expires=60, sip:c@d;expires=1, *",
    };
    size_t total = 0;

    for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
        size_t n = strlen(samples[s]);
        for (size_t k = 0; k <= n; k++) {
            char *heap = malloc(k ? k : 1);
            memcpy(heap, samples[s], k);
            run_all_parsers(heap, k);
            free(heap);
            total++;
        }
    }
    CHECK(total > 300);
    {
        const char *s = samples[6];
        size_t n = strlen(s);
        char *heap = malloc(n);
        sipadv_contact c[3];
        sipadv_list_result r;
        memcpy(heap, s, n);
        r = sipadv_split_contacts(heap, n, c, 3, NULL);
        CHECK(r.count == 2 && r.malformed && num_ok(c[0].expires, 60) && num_ok(c[1].expires, 1));
        free(heap);
    }
}

/* Pseudo-random bytes (fixed seed) biased toward the characters the parsers care about. */
static void test_random_bytes(void)
{
    static const char alphabet[] = "\"\\<>(),;= \t\r\n0123456789aZ*:\0\xff\xc3";
    uint32_t state = 12345;
    unsigned runs = 0;

    for (unsigned round = 0; round < 3000; round++) {
        size_t n = (round % 64) + 1;
        char *heap = malloc(n);
        for (size_t k = 0; k < n; k++) {
            state = state * 1103515245u + 12345u;
            heap[k] = alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
        }
        run_all_parsers(heap, n);
        free(heap);
        runs++;
    }
    CHECK(runs == 3000);
}

int main(void)
{
    test_delta_seconds();
    test_retry_after_valid();
    test_retry_after_invalid();
    test_session_expires();
    test_token_lists();
    test_warnings();
    test_warning_codes();
    test_reasons();
    test_q850_names();
    test_q850_to_sip();
    test_sip_to_q850();
    test_challenge_valid();
    test_challenge_invalid();
    test_credentials_realm();
    test_contacts_valid();
    test_contacts_invalid();
    test_name_addr_split();
    test_contact_expires();
    test_many_commas();
    test_every_prefix();
    test_random_bytes();
    return check_report();
}
