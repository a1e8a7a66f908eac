/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the status-line parser, including hostile input. */
#include "check.h"
#include "sipadv_parse.h"
#include "sipadv_chars.h"
#include "sipadv_utf8.h"

#include <glib.h>

#include <stdlib.h>

static sipadv_status_result parse(const char *s, sipadv_status_line *sl)
{
    return sipadv_parse_status_line(s, strlen(s), sl);
}

static void test_valid_lines(void)
{
    sipadv_status_line sl;

    CHECK(parse("SIP/2.0 486 Busy Here", &sl) == SIPADV_STATUS_OK);
    CHECK(sl.code == 486 && sl.phrase_len == 9 && memcmp(sl.phrase, "Busy Here", 9) == 0);
    CHECK(parse("SIP/2.0 200 OK\r\n", &sl) == SIPADV_STATUS_OK);
    CHECK(sl.code == 200 && sl.phrase_len == 2);
    CHECK(parse("  sip/2.0 100 Trying  ", &sl) == SIPADV_STATUS_OK && sl.code == 100);
    CHECK(parse("SIP/2.0 183", &sl) == SIPADV_STATUS_OK && sl.code == 183 && sl.phrase_len == 0);
    CHECK(parse("SIP/2.0 699 Whatever", &sl) == SIPADV_STATUS_OK && sl.code == 699);
    /* A bogus phrase is still a valid code (some stacks send "SIP/2.0 487 487"). */
    CHECK(parse("SIP/2.0 487 487", &sl) == SIPADV_STATUS_OK && sl.code == 487);
}

static void test_bad_codes(void)
{
    sipadv_status_line sl;

    CHECK(parse("SIP/2.0 099 Low", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 99);
    CHECK(parse("SIP/2.0 000 Zero", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 0 &&
          sl.code_is_numeric);
    CHECK(parse("SIP/2.0 700 High", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 700);
    CHECK(parse("SIP/2.0 999 Way High", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 999);
    CHECK(parse("SIP/2.0 48 Short", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 48);
    CHECK(parse("SIP/2.0 4866 Long", &sl) == SIPADV_STATUS_BAD_CODE && sl.code == 4866);
    CHECK(parse("SIP/2.0 4a6 Letters", &sl) == SIPADV_STATUS_BAD_CODE && !sl.code_is_numeric);
    CHECK(parse("SIP/2.0 ", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/2.0    ", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/2.0 99999999999999999999 Big", &sl) == SIPADV_STATUS_BAD_CODE &&
          !sl.code_is_numeric);
}

static void test_not_status_lines(void)
{
    sipadv_status_line sl;

    CHECK(parse("INVITE sip:bob@example.com SIP/2.0", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/2.0", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIPX2.0 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("HTTP/1.1 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(sipadv_parse_status_line(NULL, 10, &sl) == SIPADV_STATUS_NOT_STATUS);
    /* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, the reader's grammar too. */
    CHECK(parse("SIP/2 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/. 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/2. 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("SIP/2.0.1 200 OK", &sl) == SIPADV_STATUS_NOT_STATUS);
    CHECK(parse("sip/2.0 200 OK", &sl) == SIPADV_STATUS_OK);
    CHECK(parse("SIP/12.34\t200 OK", &sl) == SIPADV_STATUS_OK && sl.code == 200);
}

static void test_length_is_respected(void)
{
    sipadv_status_line sl;
    /* The buffer continues with digits the parser must not see. */
    const char buf[] = "SIP/2.0 48699";

    CHECK(sipadv_parse_status_line(buf, 11, &sl) == SIPADV_STATUS_OK && sl.code == 486);
    CHECK(sipadv_parse_status_line(buf, 3, &sl) == SIPADV_STATUS_NOT_STATUS);
    /* Embedded NUL inside the phrase, invalid UTF-8. */
    {
        const char nul[] = "SIP/2.0 200 O\0K\xff\xfe";
        CHECK(sipadv_parse_status_line(nul, sizeof(nul) - 1, &sl) == SIPADV_STATUS_OK);
        CHECK(sl.phrase_len == 5); /* "O", NUL, "K", 0xff, 0xfe */
    }
    /* An exact-size heap buffer, so a sanitizer build catches any over-read. */
    {
        const char *text = "SIP/2.0 503 Service Unavailable";
        size_t n = strlen(text);
        char *heap = malloc(n);
        memcpy(heap, text, n);
        for (size_t k = 0; k <= n; k++)
            (void)sipadv_parse_status_line(heap, k, &sl);
        CHECK(sipadv_parse_status_line(heap, n, &sl) == SIPADV_STATUS_OK && sl.code == 503);
        free(heap);
    }
}

static void test_phrase_equal(void)
{
    CHECK(sipadv_phrase_equal("Busy Here", 9, "Busy Here"));
    CHECK(sipadv_phrase_equal(" busy here ", 11, "Busy Here"));
    CHECK(!sipadv_phrase_equal("User Busy", 9, "Busy Here"));
    CHECK(!sipadv_phrase_equal("Accepted", 8, "Accepted (Deprecated)"));
    CHECK(!sipadv_phrase_equal(NULL, 0, "OK"));
    CHECK(!sipadv_phrase_equal("", 0, "OK"));
    /* A prefix of the registered text: 202's phrase without the registry's note. */
    CHECK(sipadv_phrase_equal_n(" accepted", 9, "Accepted (Deprecated)", 8));
    CHECK(!sipadv_phrase_equal_n("Accepted (Deprecated)", 21, "Accepted (Deprecated)", 8));
    CHECK(!sipadv_phrase_equal_n("Accept", 6, "Accepted (Deprecated)", 8));
    CHECK(!sipadv_phrase_equal_n(NULL, 0, "OK", 2));
}

static bool event(const char *s, sipadv_event *ev)
{
    return sipadv_parse_event(s, strlen(s), ev);
}

static void test_event(void)
{
    sipadv_event ev;

    CHECK(event("refer", &ev) && sipadv_event_is_refer(&ev) && !ev.has_id);
    CHECK(event("refer;id=101", &ev) && sipadv_event_is_refer(&ev) && ev.has_id &&
          ev.id_valid && ev.id == 101);
    CHECK(event(" Refer ; ID = 7 ;foo=bar", &ev) && sipadv_event_is_refer(&ev) &&
          ev.id_valid && ev.id == 7);
    CHECK(event("refer;foo;id=9", &ev) && ev.id == 9);
    CHECK(event("presence", &ev) && !sipadv_event_is_refer(&ev));
    CHECK(event("referral", &ev) && !sipadv_event_is_refer(&ev));
    CHECK(!event("", &ev) && !sipadv_event_is_refer(&ev));
    CHECK(!event(";id=3", &ev));
    /* A huge or bogus id is present but unusable: it must match no REFER. */
    CHECK(event("refer;id=99999999999999999999", &ev) && ev.has_id && !ev.id_valid);
    CHECK(event("refer;id=4294967296", &ev) && ev.has_id && !ev.id_valid);
    CHECK(event("refer;id=4294967295", &ev) && ev.id_valid && ev.id == 4294967295u);
    CHECK(event("refer;id=12a", &ev) && ev.has_id && !ev.id_valid);
    CHECK(event("refer;id", &ev) && ev.has_id && !ev.id_valid);
    CHECK(event("refer;id=", &ev) && ev.has_id && !ev.id_valid);
    CHECK(!sipadv_parse_event(NULL, 5, &ev));
    /* The length bounds the parse: the id digits past it are not read. */
    CHECK(sipadv_parse_event("refer;id=12345", 11, &ev) && ev.id == 12);
    /* Parameters are split by the lexer: a ';' inside a quoted value does not start one. */
    CHECK(event("refer;x=\"a;id=5\";id=7", &ev) && ev.id_valid && ev.id == 7);
    CHECK(event("refer;id=\"8\"", &ev) && ev.has_id && !ev.id_valid);
}

static void test_token_lists(void)
{
    const char *req = "100rel, nosub ;x=1,timer";

    CHECK(sipadv_token_list_contains(req, strlen(req), "nosub"));
    CHECK(sipadv_token_list_contains(req, strlen(req), "NOSUB"));
    CHECK(sipadv_token_list_contains(req, strlen(req), "timer"));
    CHECK(!sipadv_token_list_contains(req, strlen(req), "norefersub"));
    CHECK(!sipadv_token_list_contains("nosubx", 6, "nosub"));
    CHECK(!sipadv_token_list_contains("", 0, "nosub"));
    CHECK(!sipadv_token_list_contains(NULL, 3, "nosub"));
    CHECK(!sipadv_token_list_contains(",,,", 3, "nosub"));
    /* A ',' inside a quoted parameter value does not end the item. */
    {
        const char *quoted = "100rel;x=\"a, timer\", path";
        CHECK(!sipadv_token_list_contains(quoted, strlen(quoted), "timer"));
        CHECK(sipadv_token_list_contains(quoted, strlen(quoted), "path"));
    }
    {
        /* 10 000 commas: no crash, no match. */
        static char many[10001];
        memset(many, ',', 10000);
        CHECK(!sipadv_token_list_contains(many, 10000, "nosub"));
    }
    CHECK(sipadv_refer_sub_is_false("false", 5));
    CHECK(sipadv_refer_sub_is_false(" FALSE ;foo=1", 13));
    CHECK(!sipadv_refer_sub_is_false("true", 4));
    CHECK(!sipadv_refer_sub_is_false("falsey", 6));
    CHECK(!sipadv_refer_sub_is_false(NULL, 0));
}

static void test_utf8_cuts(void)
{
    const char *s = "ab\xc3\xa9" "cd\xe2\x82\xac"; /* "abécd€" */
    char buf[16];

    CHECK(sipadv_utf8_cut(s, strlen(s), 100) == strlen(s));
    CHECK(sipadv_utf8_cut(s, strlen(s), 3) == 2);  /* not inside é */
    CHECK(sipadv_utf8_cut(s, strlen(s), 4) == 4);
    CHECK(sipadv_utf8_cut(s, strlen(s), 7) == 6);  /* not inside € */
    CHECK(sipadv_utf8_cut("\x80\x80\x80\x80\x80", 5, 4) == 1); /* junk: at most 3 back */

    memcpy(buf, s, 3);                              /* "ab" + half of é */
    buf[3] = '\0';
    sipadv_utf8_trim_partial(buf);
    CHECK_STR(buf, "ab");
    memcpy(buf, s, 8);                              /* "abécd" + 2 of 3 bytes of € */
    buf[8] = '\0';
    sipadv_utf8_trim_partial(buf);
    CHECK_STR(buf, "ab\xc3\xa9" "cd");
    strcpy(buf, s);
    sipadv_utf8_trim_partial(buf);
    CHECK_STR(buf, s);
    buf[0] = '\0';
    sipadv_utf8_trim_partial(buf);
    CHECK_STR(buf, "");
}

static const char *repaired(const char *s, size_t len, size_t size)
{
    static char out[64];

    sipadv_utf8_repair(s, len, out, size);
    return out;
}

#define FFFD "\xef\xbf\xbd"

/* One U+FFFD per maximal ill-formed subpart (Unicode's Table 3-7 and its "U+FFFD
 * Substitution of Maximal Subparts", which Wireshark follows), a NUL replaced too, and
 * never a character split by the room. */
static void test_utf8_repair(void)
{
    CHECK_STR(repaired("plain text", 10, 64), "plain text");
    CHECK_STR(repaired("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, 64),
              "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    CHECK_STR(repaired("a\xffz", 3, 64), "a" FFFD "z");
    CHECK_STR(repaired("a\xe2\x82z", 4, 64), "a" FFFD "z");         /* cut 3-byte: one */
    CHECK_STR(repaired("\xf0\x9f\x98", 3, 64), FFFD);                /* cut 4-byte at end */
    CHECK_STR(repaired("\xed\xa0\x80", 3, 64), FFFD FFFD FFFD);      /* surrogate */
    CHECK_STR(repaired("\xc0\xaf", 2, 64), FFFD FFFD);               /* overlong */
    CHECK_STR(repaired("\xe0\x80\xaf", 3, 64), FFFD FFFD FFFD);      /* overlong */
    CHECK_STR(repaired("\xf4\x90\x80\x80", 4, 64), FFFD FFFD FFFD FFFD); /* past U+10FFFF */
    CHECK_STR(repaired("\x80\xbf", 2, 64), FFFD FFFD);               /* lone continuations */
    CHECK_STR(repaired("a\0b", 3, 64), "a" FFFD "b");
    CHECK_STR(repaired("a\xc3", 2, 64), "a" FFFD);
    /* The room: terminator included, whole characters only. */
    CHECK_STR(repaired("abc", 3, 3), "ab");
    CHECK_STR(repaired("a\xc3\xa9", 3, 3), "a");
    CHECK_STR(repaired("a\xc3\xa9", 3, 4), "a\xc3\xa9");
    CHECK_STR(repaired("a\xff", 2, 4), "a");
    CHECK_STR(repaired("a\xff", 2, 5), "a" FFFD);
    CHECK_STR(repaired("\xff", 1, 1), "");
    CHECK(sipadv_utf8_repair("a\xff", 2, (char[8]){ 0 }, 8) == 4);
}

static const char *shown(const char *s, size_t len, size_t max, bool cut_before)
{
    static char out[SIPADV_UTF8_SHOWN_ROOM(16)];
    size_t n = sipadv_utf8_shown(s, len, max, cut_before, out);

    CHECK(n == strlen(out) && n <= max + 3);
    return out;
}

/* Bounded display text: whole characters up to the bound, then "..." for any cut. */
static void test_utf8_shown(void)
{
    CHECK_STR(shown("abcdef", 6, 6, false), "abcdef");
    CHECK_STR(shown("abcdefg", 7, 6, false), "abcdef...");
    CHECK_STR(shown("abc", 3, 6, true), "abc...");                /* the caller cut it */
    CHECK_STR(shown("abcde\xc3\xa9", 7, 6, false), "abcde...");   /* no half a character */
    CHECK_STR(shown("abcd\xc3\xa9", 6, 6, false), "abcd\xc3\xa9");
    CHECK_STR(shown("ab\xff\xff", 4, 6, false), "ab" FFFD "...");  /* the repair grew it */
    CHECK_STR(shown("\xff\xff", 2, 6, false), FFFD FFFD);
    CHECK_STR(shown("abcdefghijklmnopqrstuvwxyz", 26, 16, false), "abcdefghijklmnop...");
    CHECK_STR(shown("", 0, 6, false), "");
}

/* Valid exactly when GLib says so, and then repaired to itself; the repair always valid
 * and within SIPADV_UTF8_REPAIR_ROOM. Random short strings over the bytes that matter. */
static void test_utf8_valid_matches_glib(void)
{
    static const unsigned char pool[] = { 'a', 0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
                                          0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef,
                                          0xf0, 0xf4, 0xf5, 0xff };
    unsigned long seed = 12345;
    bool agree = true, self = true, valid_out = true;

    for (int round = 0; round < 200000; round++) {
        char s[8], out[SIPADV_UTF8_REPAIR_ROOM(8)];
        size_t len, n;

        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        len = (size_t)(seed >> 61) + 1; /* 1..8 */
        for (size_t i = 0; i < len; i++)
            s[i] = (char)pool[(seed >> (8 + 5 * i)) % sizeof(pool)];
        n = sipadv_utf8_repair(s, len, out, sizeof(out));
        if (sipadv_utf8_valid(s, len) != (bool)g_utf8_validate(s, (gssize)len, NULL))
            agree = false;
        if (sipadv_utf8_valid(s, len) && (n != len || memcmp(s, out, len) != 0))
            self = false;
        if (!g_utf8_validate(out, (gssize)n, NULL) || strlen(out) != n)
            valid_out = false;
    }
    CHECK(agree);
    CHECK(self);
    CHECK(valid_out);
}

/* The fast check before a full UTF-8 validation: true exactly when every byte is 1..127,
 * whatever the length and wherever the odd byte sits (inside the 8-byte steps or in the
 * tail), and never a byte past len read as part of the answer. */
static void test_plain_ascii(void)
{
    char buf[40];

    CHECK(sipadv_is_plain_ascii("", 0));
    CHECK(sipadv_is_plain_ascii("SIP/2.0 200 OK", 14));
    CHECK(!sipadv_is_plain_ascii("SIP/2.0 200 \xc3\xa9", 14));
    for (size_t len = 1; len <= 24; len++) {
        for (size_t at = 0; at < len; at++) {
            for (unsigned b = 0; b < 256; b++) {
                memset(buf, 'a', sizeof(buf));
                buf[at] = (char)b;
                buf[len] = (char)0x80; /* past the end: must not count */
                CHECK(sipadv_is_plain_ascii(buf, len) == (b >= 1 && b <= 127));
            }
        }
    }
}

/* The blank class is exactly SP, HTAB, CR and LF, over every byte value; trimming takes
 * them off both ends and nothing else, and leaves an all-blank or empty span empty. */
static void test_blanks_and_trim(void)
{
    unsigned wrong = 0;

    for (int c = 0; c < 256; c++) {
        bool want = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (sipadv_is_blank((char)c) != want)
            wrong++;
    }
    CHECK(wrong == 0);
    {
        static const struct {
            const char *in;
            size_t skip, keep;
        } cases[] = {
            { "", 0, 0 },         { " ", 1, 0 },         { " \t\r\n", 4, 0 },
            { "a", 0, 1 },        { " a ", 1, 1 },       { "\t a b \r\n", 2, 3 },
            { "\x0b" "a\f", 0, 3 }, { "\xa0" "a", 0, 2 }, { "a\r\n\t", 0, 1 },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            const char *p = cases[i].in;
            size_t n = strlen(p);
            sipadv_trim_blanks(&p, &n);
            CHECK_MSG(p == cases[i].in + cases[i].skip && n == cases[i].keep, "trim case %zu", i);
        }
    }
    {
        const char *p = NULL;
        size_t n = 0;
        sipadv_trim_blanks(&p, &n);
        CHECK(p == NULL && n == 0);
    }
}

int main(void)
{
    test_blanks_and_trim();
    test_plain_ascii();
    test_utf8_cuts();
    test_utf8_repair();
    test_utf8_shown();
    test_utf8_valid_matches_glib();
    test_event();
    test_token_lists();
    test_valid_lines();
    test_bad_codes();
    test_not_status_lines();
    test_length_is_respected();
    test_phrase_equal();
    return check_report();
}
