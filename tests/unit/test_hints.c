/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the hints: each quotes the packet's own values, compares with the request,
 * and stays quiet or says "not understood" rather than guessing. */
#include <glib.h>

#include "check.h"
#include "sipadv_hints.h"

static sipadv_hints h;

/* A header value as the reader hands it over: a span, absent when s is NULL. */
static sipadv_span sp(const char *s)
{
    return s == NULL ? (sipadv_span){ NULL, 0 } : (sipadv_span){ s, strlen(s) };
}

static sipadv_hint_input response(unsigned code, const char *method)
{
    sipadv_hint_input in;

    memset(&in, 0, sizeof(in));
    in.code = code;
    in.method = (sipadv_span){ method, method ? strlen(method) : 0 };
    return in;
}

static bool has(const char *needle)
{
    for (unsigned i = 0; i < h.count; i++) {
        if (strstr(h.text[i], needle) != NULL)
            return true;
    }
    fprintf(stderr, "no hint contains '%s'; hints:\n", needle);
    for (unsigned i = 0; i < h.count; i++)
        fprintf(stderr, "  %s\n", h.text[i]);
    return false;
}

static void test_retry_after(void)
{
    sipadv_hint_input in = response(503, "INVITE");
    in.retry_after = sp("120 (in a meeting);duration=3600");
    sipadv_hints_build(&in, &h);
    CHECK(has("retry in 120 s") && has("'in a meeting'") && has("3600 s"));
    CHECK((h.flags & SIPADV_HINT_CARRIES_RETRY_AFTER) && h.retry_after == 120);

    in.retry_after = sp("soon");
    sipadv_hints_build(&in, &h);
    CHECK(has("'soon' is not valid") && (h.flags & SIPADV_HINT_NOT_UNDERSTOOD));
    CHECK(!(h.flags & SIPADV_HINT_CARRIES_RETRY_AFTER));

    {
        sipadv_retry r = { .response_frame = 5, .response_time = 10.0, .retry_after = 120,
                           .retry_frame = 9, .retry_time = 13.0 };
        char buf[SIPADV_HINT_LEN];
        bool early;
        CHECK(sipadv_retry_hint(&r, buf, sizeof(buf), &early) && early);
        CHECK(sipadv_retry_too_early(&r));
        CHECK(strstr(buf, "retried after 3.0 s (frame 9), sooner than the 120 s") != NULL);
        r.retry_time = 140.0;
        CHECK(sipadv_retry_hint(&r, buf, sizeof(buf), &early) && !early);
        CHECK(!sipadv_retry_too_early(&r));
        r.retry_frame = 0;
        CHECK(!sipadv_retry_hint(&r, buf, sizeof(buf), &early));
        CHECK(!sipadv_retry_too_early(&r) && !sipadv_retry_too_early(NULL));
        CHECK(!sipadv_retry_hint(NULL, buf, sizeof(buf), &early));
    }
}

static void test_intervals(void)
{
    sipadv_request req = { .expires = sp("60") };
    sipadv_hint_input in = response(423, "REGISTER");

    in.min_expires = sp("3600");
    in.request = &req;
    sipadv_hints_build(&in, &h);
    CHECK(has("Asked 60 s (Expires header), the server's minimum is 3600 s"));
    req.contact_expires = (sipadv_num){ SIPADV_NUM_OK, 30 };
    req.expires = sp("7200");
    sipadv_hints_build(&in, &h);
    CHECK(has("Asked 30 s (Contact expires parameter)"));
    in.request = NULL;
    sipadv_hints_build(&in, &h);
    CHECK(has("not in the capture"));
    in.min_expires = sp("99999999999999999999");
    sipadv_hints_build(&in, &h);
    CHECK(has("is not a number") && (h.flags & SIPADV_HINT_NOT_UNDERSTOOD));

    in = response(422, "INVITE");
    in.min_se = sp("1800");
    req.session_expires = sp("60;refresher=uac");
    in.request = &req;
    sipadv_hints_build(&in, &h);
    CHECK(has("Asked Session-Expires 60 s, the server's minimum is 1800 s"));
}

static void test_capabilities(void)
{
    sipadv_hint_input in = response(405, "REFER");

    in.allow = sp("INVITE, ACK, CANCEL, BYE, OPTIONS");
    sipadv_hints_build(&in, &h);
    CHECK(has("Allowed methods: INVITE, ACK, CANCEL, BYE, OPTIONS. REFER is not among them"));
    in.allow = sp("INVITE, REFER");
    sipadv_hints_build(&in, &h);
    CHECK(has("REFER IS listed"));
    /* Method names are case-sensitive (RFC 3261 sec. 7.1): "refer" is another method. */
    in.allow = sp("INVITE, refer");
    sipadv_hints_build(&in, &h);
    CHECK(has("REFER is not among them"));
    in = response(405, "refer");
    in.allow = sp("INVITE, REFER;x=1");
    sipadv_hints_build(&in, &h);
    CHECK(has("refer is not among them: this element does not take refer requests"));
    in.allow = sp(" refer , INVITE");
    sipadv_hints_build(&in, &h);
    CHECK(has("refer IS listed"));
    in = response(405, "REFER");
    in.allow = sp(NULL);
    sipadv_hints_build(&in, &h);
    CHECK(has("without an Allow header"));

    in = response(420, "INVITE");
    in.unsupported = sp("foo");
    sipadv_hints_build(&in, &h);
    CHECK(has("(Unsupported): foo; remove them"));
    in = response(489, "SUBSCRIBE");
    in.allow_events = sp("presence, dialog");
    sipadv_hints_build(&in, &h);
    CHECK(has("presence, dialog"));
    in = response(415, "MESSAGE");
    in.accept = sp("text/plain, message/cpim");
    in.accept_language = sp("en, fr");
    sipadv_hints_build(&in, &h);
    CHECK(has("text/plain, message/cpim") && has("en, fr"));
    in = response(421, "INVITE");
    in.require = sp("100rel");
    sipadv_hints_build(&in, &h);
    CHECK(has("insists on (Require): 100rel"));
    in = response(469, "INFO");
    in.recv_info = sp("");
    sipadv_hints_build(&in, &h);
    CHECK(has("accepts no INFO package"));
    in = response(417, "INVITE");
    in.accept_resource_priority = sp("wps.0, wps.1");
    sipadv_hints_build(&in, &h);
    CHECK(has("wps.0, wps.1"));
    /* A list header on a code it does not explain gives nothing. */
    in = response(200, "OPTIONS");
    in.allow = sp("INVITE");
    sipadv_hints_build(&in, &h);
    CHECK(h.count == 0);
}

static void test_warning_and_reason(void)
{
    sipadv_hint_input in = response(488, "INVITE");

    in.warning = sp("305 sbc.example.com \"Incompatible media format\", "
                    "370 sbc \"Low, bandwidth\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("The offer was refused for") && has("305") && has("sbc.example.com"));
    CHECK(has("370") && has("'Low, bandwidth'"));
    in = response(606, "INVITE");
    in.warning = sp("399 gw \"No codec in common\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("Warning 399 from gw (free text") && has("No codec in common"));
    /* 380-389 is not the miscellaneous range (RFC 3261 sec. 20.43); 390-399 is. */
    in.warning = sp("385 gw \"Odd\", 390 pjsip \"Own code\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("Warning 385 from gw: not registered, range: unassigned"));
    CHECK(has("Warning 390 from pjsip: not registered, range: miscellaneous warning"));

    in = response(503, "INVITE");
    in.reason = sp("Q.850;cause=17;text=\"User busy\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("Q.850 cause 17") && has("maps to 486") && (h.flags & SIPADV_HINT_REASON_MISMATCH));
    in.code = 486;
    sipadv_hints_build(&in, &h);
    CHECK(has("Q.850 cause 17") && !(h.flags & SIPADV_HINT_REASON_MISMATCH));
    /* Cause 44 should not result in any SIP status code (RFC 3398): never a mismatch. */
    in = response(503, "INVITE");
    in.reason = sp("Q.850;cause=44");
    sipadv_hints_build(&in, &h);
    CHECK(has("Q.850 cause 44 (Requested circuit/channel not available)"));
    CHECK(!(h.flags & SIPADV_HINT_REASON_MISMATCH) && h.count == 1);
    in.code = 486;
    sipadv_hints_build(&in, &h);
    CHECK(!(h.flags & SIPADV_HINT_REASON_MISMATCH) && h.count == 1);
    in = response(199, "INVITE");
    in.reason = sp("SIP;cause=486;text=\"Busy Here\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("SIP cause 486 (Busy Here)"));
}

static void test_challenges(void)
{
    sipadv_request req = { .www_realm = sp("example.com") };
    sipadv_hint_input in = response(401, "REGISTER");

    in.www_authenticate = sp("Digest realm=\"example.com\", nonce=\"n2\", algorithm=MD5");
    sipadv_hints_build(&in, &h);
    CHECK(has("Challenge for realm 'example.com'") && h.flags == 0);
    in.request = &req;
    sipadv_hints_build(&in, &h);
    CHECK(has("credentials were rejected") && (h.flags & SIPADV_HINT_CREDENTIALS_REJECTED));
    in.www_authenticate = sp("Digest realm=\"example.com\", nonce=\"n9\", stale=true");
    sipadv_hints_build(&in, &h);
    CHECK(has("stale=true") && !(h.flags & SIPADV_HINT_CREDENTIALS_REJECTED));
    req.www_realm = sp("other.example.com");
    in.www_authenticate = sp("Digest realm=\"example.com\", nonce=\"n2\"");
    sipadv_hints_build(&in, &h);
    CHECK(!(h.flags & SIPADV_HINT_CREDENTIALS_REJECTED));

    in = response(407, "INVITE");
    in.proxy_authenticate = sp("Digest realm=\"p\", nonce=\"x\", algorithm=SHA-256, qop=\"auth\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("realm 'p'") && has("SHA-256") && has("qop auth"));
    in.proxy_authenticate = sp(NULL);
    sipadv_hints_build(&in, &h);
    CHECK(has("without a usable Proxy-Authenticate") && (h.flags & SIPADV_HINT_NOT_UNDERSTOOD));
}

static void test_contacts(void)
{
    sipadv_hint_input in = response(302, "INVITE");

    in.contact = sp("<sip:bob@198.51.100.7:5060>;q=0.7, "
                    "\"Bob, Mobile\" <sip:m@198.51.100.8>;q=0.3");
    sipadv_hints_build(&in, &h);
    CHECK(has("Alternative targets (Contact): sip:bob@198.51.100.7:5060, sip:m@198.51.100.8"));
    in.contact = sp(NULL);
    sipadv_hints_build(&in, &h);
    CHECK(has("without a Contact header"));
}

/* What does not fit is said, never dropped in silence. */
static void test_limits_are_said(void)
{
    GString *many = g_string_new(NULL);
    sipadv_hint_input in = response(503, "INVITE");

    /* 20 Warnings: 16 are read, each a hint; 11 fit, and the last slot counts the 5 others
     * that were read, plus one of the 4 unread ("at least"). */
    for (int i = 0; i < 20; i++)
        g_string_append_printf(many, "%s399 gw%d \"text %d\"", i ? ", " : "", i, i);
    in.warning = sp(many->str);
    sipadv_hints_build(&in, &h);
    CHECK(h.count == SIPADV_MAX_HINTS);
    CHECK(strstr(h.text[SIPADV_MAX_HINTS - 2], "gw10 ") != NULL);
    CHECK(strcmp(h.text[SIPADV_MAX_HINTS - 1],
                 "At least 6 more hints not shown: a response shows at most 12, this note included") == 0);
    /* 12 hints exactly: all shown, no note. */
    g_string_truncate(many, 0);
    for (int i = 0; i < 12; i++)
        g_string_append_printf(many, "%s399 gw%d \"text %d\"", i ? ", " : "", i, i);
    in.warning = sp(many->str);
    sipadv_hints_build(&in, &h);
    CHECK(h.count == SIPADV_MAX_HINTS && h.dropped == 0);
    CHECK(strstr(h.text[SIPADV_MAX_HINTS - 1], "gw11 ") != NULL);
    /* 14 Reasons, all read: exactly 3 did not fit. */
    g_string_truncate(many, 0);
    for (int i = 0; i < 14; i++)
        g_string_append_printf(many, "%sPreemption;cause=%d", i ? ", " : "", i + 1);
    in.warning = sp(NULL);
    in.reason = sp(many->str);
    sipadv_hints_build(&in, &h);
    CHECK(h.count == SIPADV_MAX_HINTS);
    CHECK(strcmp(h.text[SIPADV_MAX_HINTS - 1],
                 "3 more hints not shown: a response shows at most 12, this note included") == 0);
    /* Instances the analysis left out of a joined header are said. */
    in.reason = sp(NULL);
    in.instances_cut = true;
    sipadv_hints_build(&in, &h);
    CHECK(has("A repeated header has more instances than were read: the hints read the "
              "first 2048 bytes of its values"));
    g_string_free(many, TRUE);
}

/* A value, a list or a hint that is cut says so: "..." after a quoted value past 80 bytes,
 * ", ..." after the last whole item of a list that does not fit, "..." at the end of a hint
 * past its bound. Nothing at exactly the bound. */
static void test_cuts_are_marked(void)
{
    GString *v = g_string_new(NULL);
    sipadv_hint_input in = response(500, "INVITE");
    char want[200];

    g_string_append(v, "x");
    for (int i = 0; i < 99; i++)
        g_string_append_c(v, (char)('a' + i % 26));
    in.retry_after = sp(v->str);
    sipadv_hints_build(&in, &h);
    snprintf(want, sizeof(want), "Retry-After '%.80s...' is not valid", v->str);
    CHECK(has(want));
    g_string_truncate(v, 80);
    in.retry_after = sp(v->str);
    sipadv_hints_build(&in, &h);
    snprintf(want, sizeof(want), "Retry-After '%s' is not valid", v->str);
    CHECK(has(want));

    /* 16 tokens of 20 bytes: 240 bytes do not hold them all; whole tokens only. */
    in = response(405, "REFER");
    g_string_truncate(v, 0);
    for (int i = 0; i < 16; i++)
        g_string_append_printf(v, "%sMETHOD-NUMBER-%06d", i ? ", " : "", i);
    in.allow = sp(v->str);
    sipadv_hints_build(&in, &h);
    CHECK(has("METHOD-NUMBER-000009, ...") && !has("METHOD-NUMBER-000010"));
    CHECK(has(", .... REFER is not among them"));

    /* 3xx Contacts the same way. */
    in = response(302, "INVITE");
    g_string_truncate(v, 0);
    for (int i = 0; i < 12; i++)
        g_string_append_printf(v, "%s<sip:target-number-%06d@example.com>", i ? ", " : "", i);
    in.contact = sp(v->str);
    sipadv_hints_build(&in, &h);
    CHECK(has("sip:target-number-000005@example.com, ...") && !has("target-number-000006"));

    /* A hint past SIPADV_HINT_LEN: the Allow list above, then a long method of é (two
     * bytes each) quoted twice; the cut falls among them and must not split one. */
    in = response(405, NULL);
    in.allow = sp(v->str);
    g_string_truncate(v, 0);
    g_string_append_c(v, 'M');
    for (int i = 0; i < 60; i++)
        g_string_append(v, "\xc3\xa9");
    in.method = sp(v->str);
    in.allow = sp("INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, PRACK, SUBSCRIBE, "
                  "NOTIFY, PUBLISH, REGISTER");
    sipadv_hints_build(&in, &h);
    CHECK(h.count == 1);
    if (h.count == 1) {
        size_t n = strlen(h.text[0]);
        CHECK(n < SIPADV_HINT_LEN && n >= SIPADV_HINT_LEN - 5);
        CHECK(g_utf8_validate(h.text[0], -1, NULL));
        CHECK(n > 5 && strcmp(h.text[0] + n - 5, "\xc3\xa9...") == 0);
        CHECK(strstr(h.text[0], "\xc3\xa9... is not among them") != NULL); /* method at 80 */
    }
    g_string_free(v, TRUE);
}

static void test_hostile(void)
{
    static char commas[10001];
    sipadv_hint_input in = response(405, "INVITE");

    memset(commas, ',', 10000);
    in.allow = sp(commas);
    in.warning = sp(commas);
    in.reason = sp(commas);
    in.contact = sp(commas);
    in.retry_after = sp(commas);
    sipadv_hints_build(&in, &h);
    CHECK(h.count <= SIPADV_MAX_HINTS);
    for (unsigned i = 0; i < h.count; i++)
        CHECK(strlen(h.text[i]) < SIPADV_HINT_LEN);
    in = response(302, NULL);
    in.contact = sp("\xff\xfe<sip:\x80@x>");
    in.warning = sp("399 a \"\xc3\x28\"");
    sipadv_hints_build(&in, &h);
    CHECK(h.count >= 1);
    for (unsigned i = 0; i < h.count; i++)
        CHECK(g_utf8_validate(h.text[i], -1, NULL));
}

/* Values are quoted as sent; the hint text is repaired as Wireshark repairs packet text:
 * one U+FFFD per maximal ill-formed subpart (Unicode's Table 3-7). */
static void test_bad_utf8_is_repaired(void)
{
    sipadv_hint_input in = response(302, NULL);
    static const char nul_inside[] = "30\0 junk";
    char wide[400];

    in.contact = sp("<sip:\x80@x>");
    /* a truncated 3-byte sequence, an F0 with a continuation it cannot take, a surrogate */
    in.warning = sp("399 gw \"a\xE2\x82" "b\xF0\x80" "c\xED\xA0\x80" "d\"");
    sipadv_hints_build(&in, &h);
    CHECK(has("Alternative targets (Contact): sip:\xEF\xBF\xBD@x"));
    CHECK(has("'a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
              "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d'"));

    /* Parsers read the bytes as sent: a NUL inside a value is not the value's end. */
    in = response(503, NULL);
    in.retry_after = (sipadv_span){ nul_inside, sizeof(nul_inside) - 1 };
    sipadv_hints_build(&in, &h);
    CHECK(has("Retry-After '30' is not valid"));

    /* Repair that grows the text past its bound keeps whole characters only. */
    memset(wide, '\xFF', sizeof(wide) - 1);
    wide[sizeof(wide) - 1] = '\0';
    in = response(302, NULL);
    in.contact = sp(wide);
    in.warning = sp("399 gw \"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                    "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                    "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                    "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                    "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                    "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\"");
    sipadv_hints_build(&in, &h);
    CHECK(h.count >= 1);
    for (unsigned i = 0; i < h.count; i++) {
        size_t len = strlen(h.text[i]);
        CHECK(len < SIPADV_HINT_LEN);
        CHECK(g_utf8_validate(h.text[i], -1, NULL));
    }
}

int main(void)
{
    test_retry_after();
    test_intervals();
    test_capabilities();
    test_warning_and_reason();
    test_challenges();
    test_contacts();
    test_limits_are_said();
    test_cuts_are_marked();
    test_hostile();
    test_bad_utf8_is_repaired();
    return check_report();
}
