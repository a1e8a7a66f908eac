/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the message reader (sipadv_msg.h): start lines, every header name in full
 * and compact form, HCOLON whitespace, folded lines, repeated headers, line ends, the body
 * and Content-Length, From/To tags, CSeq, sipfrag bodies, and hostile input (NUL bytes,
 * every prefix of a message in an exact-size heap buffer, pseudo-random bytes). */
#include "check.h"
#include "sipadv_msg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Does the span hold exactly these bytes? */
static bool span_is(sipadv_span sp, const char *text)
{
    size_t n = strlen(text);
    return sp.ptr != NULL && sp.len == n && memcmp(sp.ptr, text, n) == 0;
}

static bool span_absent(sipadv_span sp)
{
    return sp.ptr == NULL && sp.len == 0;
}

static sipadv_span sp(const char *s)
{
    sipadv_span r = { s, s ? strlen(s) : 0 };
    return r;
}

static sipadv_msg M;

static const sipadv_msg *rd(const char *s)
{
    sipadv_msg_read(s, strlen(s), &M);
    return &M;
}

static bool hdr_is(const sipadv_msg *m, sipadv_header_id h, const char *text)
{
    return span_is(m->headers[h].first, text);
}

/* How many slots hold at least one instance. */
static unsigned slots_used(const sipadv_msg *m)
{
    unsigned n = 0;
    for (int h = 0; h < SIPADV_H_COUNT; h++)
        n += m->headers[h].count > 0;
    return n;
}

/* ---- Start lines ----------------------------------------------------------------------- */

static void test_request_line(void)
{
    const sipadv_msg *m;

    m = rd("INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a@b\r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST);
    CHECK(m->method == SIPADV_METHOD_INVITE);
    CHECK(span_is(m->method_name, "INVITE"));
    CHECK(span_is(m->request_uri, "sip:bob@example.com"));
    CHECK(span_is(m->start_line, "INVITE sip:bob@example.com SIP/2.0"));
    CHECK(m->status == SIPADV_STATUS_NOT_STATUS);
    CHECK(hdr_is(m, SIPADV_H_CALL_ID, "a@b"));

    /* Unknown and differently-cased methods are OTHER, their name kept. */
    m = rd("FOO sip:x SIP/2.0\r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST && m->method == SIPADV_METHOD_OTHER);
    CHECK(span_is(m->method_name, "FOO"));
    m = rd("invite sip:x SIP/2.0\r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST && m->method == SIPADV_METHOD_OTHER);
    CHECK(span_is(m->method_name, "invite"));
    m = rd("X-Ext.1 sip:x SIP/2.0\r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST && span_is(m->method_name, "X-Ext.1"));

    /* The SIP-Version is case-insensitive; extra blanks are tolerated. */
    m = rd("REFER sip:x sip/2.0\r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST && m->method == SIPADV_METHOD_REFER);
    m = rd("BYE  sip:x\tSIP/2.0  \r\n\r\n");
    CHECK(m->kind == SIPADV_START_REQUEST && m->method == SIPADV_METHOD_BYE);
    CHECK(span_is(m->request_uri, "sip:x"));
    CHECK(span_is(m->start_line, "BYE  sip:x\tSIP/2.0  "));
    m = rd("ACK sip:x SIP/3.14");
    CHECK(m->kind == SIPADV_START_REQUEST && m->method == SIPADV_METHOD_ACK);

    /* Not request lines: kind NONE, but the headers after them are read all the same. */
    {
        static const char *const bad[] = {
            "INVITE sip:x\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x HTTP/1.1\r\nCall-ID: c\r\n\r\n",
            "INVITE  SIP/2.0\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x SIP/2.0 extra\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x SIP/2\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x SIP/.0\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x SIP/2.\r\nCall-ID: c\r\n\r\n",
            "INVITE sip:x SIP/2.0x\r\nCall-ID: c\r\n\r\n",
            "INV:ITE sip:x SIP/2.0\r\nCall-ID: c\r\n\r\n",
            " INVITE sip:x SIP/2.0\r\nCall-ID: c\r\n\r\n",
            "Via: SIP/2.0/UDP host\r\nCall-ID: c\r\n\r\n",
            "hello\r\nCall-ID: c\r\n\r\n",
            "\xff\xfe sip:x SIP/2.0\r\nCall-ID: c\r\n\r\n",
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            m = rd(bad[i]);
            CHECK_MSG(m->kind == SIPADV_START_NONE, "case %zu", i);
            CHECK_MSG(m->method == SIPADV_METHOD_NONE && span_absent(m->method_name) &&
                          span_absent(m->request_uri),
                      "case %zu", i);
            CHECK_MSG(m->status == SIPADV_STATUS_NOT_STATUS, "case %zu", i);
            CHECK_MSG(m->start_line.ptr == bad[i], "case %zu", i);
            CHECK_MSG(hdr_is(m, SIPADV_H_CALL_ID, "c") && m->has_body_separator, "case %zu", i);
        }
    }
    /* A header line in the start line's place is the start line: its header is lost. */
    m = rd("Call-ID: c\r\nCSeq: 1 BYE\r\n\r\n");
    CHECK(m->kind == SIPADV_START_NONE && m->headers[SIPADV_H_CALL_ID].count == 0);
    CHECK(hdr_is(m, SIPADV_H_CSEQ, "1 BYE"));
}

static void test_methods(void)
{
    static const struct {
        const char *name;
        sipadv_method m;
    } all[] = {
        { "INVITE", SIPADV_METHOD_INVITE },     { "ACK", SIPADV_METHOD_ACK },
        { "BYE", SIPADV_METHOD_BYE },           { "CANCEL", SIPADV_METHOD_CANCEL },
        { "REGISTER", SIPADV_METHOD_REGISTER }, { "OPTIONS", SIPADV_METHOD_OPTIONS },
        { "PRACK", SIPADV_METHOD_PRACK },       { "SUBSCRIBE", SIPADV_METHOD_SUBSCRIBE },
        { "NOTIFY", SIPADV_METHOD_NOTIFY },     { "PUBLISH", SIPADV_METHOD_PUBLISH },
        { "INFO", SIPADV_METHOD_INFO },         { "REFER", SIPADV_METHOD_REFER },
        { "MESSAGE", SIPADV_METHOD_MESSAGE },   { "UPDATE", SIPADV_METHOD_UPDATE },
    };
    char line[64];

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        CHECK(sipadv_method_from(sp(all[i].name)) == all[i].m);
        CHECK_STR(sipadv_method_name(all[i].m), all[i].name);
        snprintf(line, sizeof(line), "%s sip:x SIP/2.0\r\n\r\n", all[i].name);
        CHECK(rd(line)->method == all[i].m);
    }
    CHECK(sipadv_method_name(SIPADV_METHOD_NONE) == NULL);
    CHECK(sipadv_method_name(SIPADV_METHOD_OTHER) == NULL);
    CHECK(sipadv_method_name((sipadv_method)99) == NULL);
    CHECK(sipadv_method_from(sp("Invite")) == SIPADV_METHOD_OTHER);
    CHECK(sipadv_method_from(sp("INVITES")) == SIPADV_METHOD_OTHER);
    CHECK(sipadv_method_from(sp("INVIT")) == SIPADV_METHOD_OTHER);
    {
        sipadv_span part = { "INVITE", 3 };
        CHECK(sipadv_method_from(part) == SIPADV_METHOD_OTHER);
        part.len = 0;
        CHECK(sipadv_method_from(part) == SIPADV_METHOD_NONE);
    }
    CHECK(sipadv_method_from(sp(NULL)) == SIPADV_METHOD_NONE);
}

static void test_response_line(void)
{
    const sipadv_msg *m;

    m = rd("SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_OK);
    CHECK(m->status_line.code == 486);
    CHECK(m->status_line.phrase_len == 9 && memcmp(m->status_line.phrase, "Busy Here", 9) == 0);
    CHECK(m->method == SIPADV_METHOD_NONE && span_absent(m->method_name));
    CHECK(span_absent(m->request_uri));
    CHECK(span_is(m->start_line, "SIP/2.0 486 Busy Here"));
    CHECK(hdr_is(m, SIPADV_H_CSEQ, "1 INVITE"));

    m = rd("sip/2.0 180 Ringing\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_OK &&
          m->status_line.code == 180);
    m = rd("SIP/2.0 200\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_OK &&
          m->status_line.phrase_len == 0);

    /* Malformed codes: still a response, with the parser's verdict. */
    m = rd("SIP/2.0 099 Low\r\nCall-ID: x\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_BAD_CODE);
    CHECK(m->status_line.code == 99 && m->status_line.code_is_numeric);
    CHECK(hdr_is(m, SIPADV_H_CALL_ID, "x"));
    m = rd("SIP/2.0 700 High\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_BAD_CODE &&
          m->status_line.code == 700);
    m = rd("SIP/2.0 4a6 Letters\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_BAD_CODE &&
          !m->status_line.code_is_numeric);
    m = rd("SIP/2.0 4866 Long\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_BAD_CODE);
    /* "SIP/" with no code at all: a response whose status line is not one. */
    m = rd("SIP/2.0\r\nCall-ID: x\r\n\r\n");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_NOT_STATUS);
    CHECK(hdr_is(m, SIPADV_H_CALL_ID, "x"));
    m = rd("SIP/");
    CHECK(m->kind == SIPADV_START_RESPONSE && m->status == SIPADV_STATUS_NOT_STATUS);
    /* "SIP" without the slash is not. */
    m = rd("SIP 200 OK\r\n\r\n");
    CHECK(m->kind == SIPADV_START_NONE && m->status == SIPADV_STATUS_NOT_STATUS);
}

static void test_empty_input(void)
{
    sipadv_msg m;

    sipadv_msg_read(NULL, 0, &m);
    CHECK(m.kind == SIPADV_START_NONE && span_absent(m.start_line) && m.length == 0);
    CHECK(m.status == SIPADV_STATUS_NOT_STATUS && !m.has_body_separator && span_absent(m.body));
    CHECK(slots_used(&m) == 0);
    sipadv_msg_read(NULL, 50, &m);
    CHECK(m.kind == SIPADV_START_NONE && m.length == 0);
    sipadv_msg_read("", 0, &m);
    CHECK(m.kind == SIPADV_START_NONE && span_absent(m.start_line) && m.length == 0);
    sipadv_msg_read(NULL, 0, NULL); /* no crash */

    /* CRLFs before the start line are skipped (RFC 3261 sec. 7.5). */
    CHECK(rd("\r\n\r\n")->kind == SIPADV_START_NONE && span_absent(M.start_line));
    CHECK(!M.has_body_separator && M.length == 4);
    rd("\r\n\n\rSIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n");
    CHECK(M.kind == SIPADV_START_RESPONSE && span_is(M.start_line, "SIP/2.0 200 OK"));
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "x") && M.has_body_separator);
    /* A start line with nothing after it. */
    rd("OPTIONS sip:x SIP/2.0");
    CHECK(M.kind == SIPADV_START_REQUEST && !M.has_body_separator && M.length == 21);
    CHECK(span_absent(M.body) && slots_used(&M) == 0);
    rd("OPTIONS sip:x SIP/2.0\r\n");
    CHECK(M.kind == SIPADV_START_REQUEST && !M.has_body_separator && M.length == 23);
    rd("OPTIONS sip:x SIP/2.0\r\n\r\n");
    CHECK(M.has_body_separator && M.body.ptr != NULL && M.body.len == 0 && M.length == 25);
}

/* ---- Header names ---------------------------------------------------------------------- */

static const struct {
    const char *name;
    sipadv_header_id id;
} full_names[] = {
    { "Call-ID", SIPADV_H_CALL_ID },
    { "CSeq", SIPADV_H_CSEQ },
    { "From", SIPADV_H_FROM },
    { "To", SIPADV_H_TO },
    { "Via", SIPADV_H_VIA },
    { "Contact", SIPADV_H_CONTACT },
    { "Content-Type", SIPADV_H_CONTENT_TYPE },
    { "Content-Length", SIPADV_H_CONTENT_LENGTH },
    { "Event", SIPADV_H_EVENT },
    { "Allow-Events", SIPADV_H_ALLOW_EVENTS },
    { "Subscription-State", SIPADV_H_SUBSCRIPTION_STATE },
    { "Refer-To", SIPADV_H_REFER_TO },
    { "Referred-By", SIPADV_H_REFERRED_BY },
    { "Refer-Sub", SIPADV_H_REFER_SUB },
    { "Refer-Events-At", SIPADV_H_REFER_EVENTS_AT },
    { "Require", SIPADV_H_REQUIRE },
    { "Supported", SIPADV_H_SUPPORTED },
    { "Unsupported", SIPADV_H_UNSUPPORTED },
    { "Allow", SIPADV_H_ALLOW },
    { "Accept", SIPADV_H_ACCEPT },
    { "Accept-Encoding", SIPADV_H_ACCEPT_ENCODING },
    { "Accept-Language", SIPADV_H_ACCEPT_LANGUAGE },
    { "Recv-Info", SIPADV_H_RECV_INFO },
    { "Accept-Resource-Priority", SIPADV_H_ACCEPT_RESOURCE_PRIORITY },
    { "Retry-After", SIPADV_H_RETRY_AFTER },
    { "Expires", SIPADV_H_EXPIRES },
    { "Min-Expires", SIPADV_H_MIN_EXPIRES },
    { "Session-Expires", SIPADV_H_SESSION_EXPIRES },
    { "Min-SE", SIPADV_H_MIN_SE },
    { "Warning", SIPADV_H_WARNING },
    { "Reason", SIPADV_H_REASON },
    { "WWW-Authenticate", SIPADV_H_WWW_AUTHENTICATE },
    { "Proxy-Authenticate", SIPADV_H_PROXY_AUTHENTICATE },
    { "Authorization", SIPADV_H_AUTHORIZATION },
    { "Proxy-Authorization", SIPADV_H_PROXY_AUTHORIZATION },
};

/* Reads "OPTIONS ...\r\n<name>: <value>\r\n\r\n" and checks that only slot id is set. */
static bool one_header(const char *name, const char *value, sipadv_header_id id)
{
    char buf[256];
    sipadv_msg m;
    bool ok;

    snprintf(buf, sizeof(buf), "OPTIONS sip:x SIP/2.0\r\n%s: %s\r\n\r\n", name, value);
    sipadv_msg_read(buf, strlen(buf), &m);
    ok = m.headers[id].count == 1 && slots_used(&m) == 1;
    /* The span points into buf, which is still alive here. */
    ok = ok && span_is(m.headers[id].first, value);
    if (!ok)
        fprintf(stderr, "header '%s' not read as id %d\n", name, (int)id);
    return ok;
}

static void test_full_names(void)
{
    char upper[64], lower[64];

    CHECK(sizeof(full_names) / sizeof(full_names[0]) == SIPADV_H_COUNT);
    for (size_t i = 0; i < sizeof(full_names) / sizeof(full_names[0]); i++) {
        size_t n = strlen(full_names[i].name);
        CHECK(full_names[i].id == (sipadv_header_id)i); /* every id listed once */
        for (size_t k = 0; k <= n; k++) {
            upper[k] = (full_names[i].name[k] >= 'a' && full_names[i].name[k] <= 'z')
                           ? (char)(full_names[i].name[k] - 32) : full_names[i].name[k];
            lower[k] = (full_names[i].name[k] >= 'A' && full_names[i].name[k] <= 'Z')
                           ? (char)(full_names[i].name[k] + 32) : full_names[i].name[k];
        }
        CHECK(one_header(full_names[i].name, "v1", full_names[i].id));
        CHECK(one_header(upper, "v2", full_names[i].id));
        CHECK(one_header(lower, "v3", full_names[i].id));
        /* One byte more or less is another header. */
        {
            char longer[80], shorter[64];
            char buf[256];
            sipadv_msg m;
            snprintf(longer, sizeof(longer), "%sx", full_names[i].name);
            snprintf(shorter, sizeof(shorter), "%.*s", (int)(n - 1), full_names[i].name);
            snprintf(buf, sizeof(buf), "OPTIONS sip:x SIP/2.0\r\n%s: a\r\n%s: b\r\n\r\n",
                     longer, shorter);
            sipadv_msg_read(buf, strlen(buf), &m);
            /* Only "To" shortens to a one-letter name, which is its compact form. */
            if (n - 1 == 1) {
                CHECK(slots_used(&m) <= 1);
            } else {
                CHECK_MSG(m.headers[full_names[i].id].count == 0, "%s", full_names[i].name);
            }
        }
    }
}

/* A name with any one byte changed is not that header, whatever the byte: the compare
 * masks case only at letters, so neither CR at a '-' nor any other byte slips through.
 * Bytes that change the line's shape are left out (':' and LF anywhere, and SP or HTAB
 * at the end, where HCOLON allows them). */
static void test_one_byte_off(void)
{
    char name[64], buf[256];
    sipadv_msg m;

    for (size_t i = 0; i < sizeof(full_names) / sizeof(full_names[0]); i++) {
        size_t n = strlen(full_names[i].name);
        for (size_t at = 0; at < n; at++) {
            char orig = full_names[i].name[at];
            for (unsigned b = 0; b < 256; b++) {
                char c = (char)b;
                size_t len;
                if (c == ':' || c == '\n' || c == orig || ((orig | 0x20) >= 'a' &&
                    (orig | 0x20) <= 'z' && (c | 0x20) == (orig | 0x20)))
                    continue;
                if (at == n - 1 && (c == ' ' || c == '\t'))
                    continue;
                memcpy(name, full_names[i].name, n);
                name[at] = c;
                len = (size_t)snprintf(buf, sizeof(buf), "OPTIONS sip:x SIP/2.0\r\n");
                memcpy(buf + len, name, n);
                len += n;
                len += (size_t)snprintf(buf + len, sizeof(buf) - len, ": v\r\n\r\n");
                sipadv_msg_read(buf, len, &m);
                CHECK_MSG(m.headers[full_names[i].id].count == 0, "%s with byte %u at %zu",
                          full_names[i].name, b, at);
            }
        }
    }
}

static void test_compact_forms(void)
{
    static const struct {
        const char *letter;
        sipadv_header_id id;
    } compact[] = {
        { "i", SIPADV_H_CALL_ID },      { "m", SIPADV_H_CONTACT },
        { "l", SIPADV_H_CONTENT_LENGTH }, { "c", SIPADV_H_CONTENT_TYPE },
        { "f", SIPADV_H_FROM },         { "k", SIPADV_H_SUPPORTED },
        { "t", SIPADV_H_TO },           { "v", SIPADV_H_VIA },
        { "o", SIPADV_H_EVENT },        { "u", SIPADV_H_ALLOW_EVENTS },
        { "r", SIPADV_H_REFER_TO },     { "b", SIPADV_H_REFERRED_BY },
        { "x", SIPADV_H_SESSION_EXPIRES },
    };
    static const char *const unused[] = { "e", "s", "a", "j", "d", "y", "n", "E", "S" };
    static const char *const unknown[] = { "g", "h", "p", "q", "w", "z", "-", "1", "." };
    char upper[2] = { 0, 0 };

    for (size_t i = 0; i < sizeof(compact) / sizeof(compact[0]); i++) {
        CHECK(one_header(compact[i].letter, "c1", compact[i].id));
        upper[0] = (char)(compact[i].letter[0] - 32);
        CHECK(one_header(upper, "c2", compact[i].id));
    }
    for (size_t i = 0; i < sizeof(unused) / sizeof(unused[0]); i++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "OPTIONS sip:x SIP/2.0\r\n%s: z\r\n\r\n", unused[i]);
        CHECK_MSG(slots_used(rd(buf)) == 0 && M.has_body_separator, "%s", unused[i]);
    }
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "OPTIONS sip:x SIP/2.0\r\n%s: z\r\n\r\n", unknown[i]);
        CHECK_MSG(slots_used(rd(buf)) == 0 && M.has_body_separator, "%s", unknown[i]);
    }
    /* Full and compact forms are the same header. */
    rd("SIP/2.0 200 OK\r\nv: a\r\nVia: b\r\nV: c\r\nl: 0\r\n\r\n");
    CHECK(M.headers[SIPADV_H_VIA].count == 3 && hdr_is(&M, SIPADV_H_VIA, "a"));
    CHECK(hdr_is(&M, SIPADV_H_CONTENT_LENGTH, "0"));

    /* A whole message in compact form. */
    rd("NOTIFY sip:a@b SIP/2.0\r\n"
       "v: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
       "f: <sip:a@b>;tag=1\r\n"
       "t: <sip:c@d>;tag=2\r\n"
       "i: cid\r\n"
       "m: <sip:a@h>\r\n"
       "o: refer;id=7\r\n"
       "u: refer\r\n"
       "k: norefersub\r\n"
       "r: <sip:e@f>\r\n"
       "b: <sip:g@h>\r\n"
       "x: 1800;refresher=uac\r\n"
       "s: a subject\r\n"
       "e: gzip\r\n"
       "c: message/sipfrag\r\n"
       "l: 16\r\n"
       "\r\n"
       "SIP/2.0 200 OK\r\n");
    CHECK(M.method == SIPADV_METHOD_NOTIFY);
    CHECK(slots_used(&M) == 13);
    CHECK(hdr_is(&M, SIPADV_H_EVENT, "refer;id=7"));
    CHECK(hdr_is(&M, SIPADV_H_SESSION_EXPIRES, "1800;refresher=uac"));
    CHECK(span_is(sipadv_header_tag(M.headers[SIPADV_H_TO].first), "2"));
    CHECK(sipadv_msg_is_sipfrag(&M));
    CHECK(span_is(sipadv_msg_body_first_line(&M), "SIP/2.0 200 OK"));
    CHECK(M.body.len == 16 && !M.body_short);
}

static void test_unknown_headers(void)
{
    rd("OPTIONS sip:x SIP/2.0\r\n"
       "X-Foo: bar\r\n"
       "Viaa: x\r\n"
       "Vi: x\r\n"
       "Content-Lengthx: 5\r\n"
       "1abc: x\r\n"
       "Call_ID: x\r\n"
       "Call-ID: real\r\n"
       "\r\n");
    CHECK(slots_used(&M) == 1 && hdr_is(&M, SIPADV_H_CALL_ID, "real"));
    /* Lines that are not header fields are skipped with their continuation lines. */
    rd("OPTIONS sip:x SIP/2.0\r\n"
       "no colon here\r\n"
       " Call-ID: folded-into-junk\r\n"
       ": no name\r\n"
       "Call ID: space in name\r\n"
       "Call-ID\r\n"
       "CSeq: 1 OPTIONS\r\n"
       "\r\n");
    CHECK(slots_used(&M) == 1 && hdr_is(&M, SIPADV_H_CSEQ, "1 OPTIONS"));
    CHECK(M.has_body_separator);
    /* Bytes that are not token characters never make a known name, not even the ones that
     * look like a letter or a '-' once bit 0x20 is set (CR is '-' then). */
    rd("OPTIONS sip:x SIP/2.0\r\n"
       "Call\rID: cr-for-dash\r\n"
       "Content\rLength: 0\r\n"
       "CSeq\x01: 1 OPTIONS\r\n"
       "Fr\x0fm: f\r\n"
       "T\x0f: t\r\n"
       "Accept-Resource-Priority-And-More: x\r\n"
       "\r\n");
    CHECK(slots_used(&M) == 0 && M.has_body_separator);
    {
        static const char nul_name[] = "OPTIONS sip:x SIP/2.0\r\nTo\0: x\r\nT\0: y\r\n\r\n";
        sipadv_msg_read(nul_name, sizeof(nul_name) - 1, &M);
        CHECK(slots_used(&M) == 0 && M.has_body_separator);
    }
    /* Case does not matter, wherever it changes; the longest name is found near the end of
     * the bytes, where whole words cannot be read. */
    CHECK(hdr_is(rd("OPTIONS sip:x SIP/2.0\r\ncALL-iD: c\r\n\r\n"), SIPADV_H_CALL_ID, "c"));
    CHECK(hdr_is(rd("OPTIONS sip:x SIP/2.0\r\nACCEPT-RESOURCE-PRIORITY: q"),
                 SIPADV_H_ACCEPT_RESOURCE_PRIORITY, "q"));
    CHECK(hdr_is(rd("OPTIONS sip:x SIP/2.0\r\nCSEQ:1 X"), SIPADV_H_CSEQ, "1 X"));
}

/* ---- Values ---------------------------------------------------------------------------- */

static void test_hcolon_and_trimming(void)
{
    rd("OPTIONS sip:x SIP/2.0\r\n"
       "Call-ID  \t: abc\r\n"
       "CSeq:1 OPTIONS\r\n"
       "To :   <sip:t@x>   \t\r\n"
       "From\t:\t<sip:f@x>\r\n"
       "Expires:\r\n"
       "Min-Expires:    \r\n"
       "\r\n");
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "abc"));
    CHECK(hdr_is(&M, SIPADV_H_CSEQ, "1 OPTIONS"));
    CHECK(hdr_is(&M, SIPADV_H_TO, "<sip:t@x>"));
    CHECK(hdr_is(&M, SIPADV_H_FROM, "<sip:f@x>"));
    /* Present but empty: non-NULL, length 0, inside the message. */
    CHECK(M.headers[SIPADV_H_EXPIRES].count == 1 && M.headers[SIPADV_H_EXPIRES].first.ptr != NULL &&
          M.headers[SIPADV_H_EXPIRES].first.len == 0);
    CHECK(M.headers[SIPADV_H_MIN_EXPIRES].count == 1 &&
          M.headers[SIPADV_H_MIN_EXPIRES].first.ptr != NULL &&
          M.headers[SIPADV_H_MIN_EXPIRES].first.len == 0);
    /* Empty value at the very end of the bytes. */
    rd("OPTIONS sip:x SIP/2.0\r\nExpires:");
    CHECK(M.headers[SIPADV_H_EXPIRES].count == 1 && M.headers[SIPADV_H_EXPIRES].first.len == 0 &&
          M.headers[SIPADV_H_EXPIRES].first.ptr == M.start_line.ptr + 31);
    /* A colon inside the value is part of it. */
    CHECK(hdr_is(rd("OPTIONS sip:x SIP/2.0\r\nContact: <sip:a@b:5060>\r\n\r\n"),
                 SIPADV_H_CONTACT, "<sip:a@b:5060>"));
}

static void test_continuation_lines(void)
{
    rd("INVITE sip:x SIP/2.0\r\n"
       "Contact: <sip:a@x>,\r\n"
       " <sip:b@y>\r\n"
       "Call-ID: c\r\n"
       "Warning: 399 h \"one\",\r\n"
       "\t399 h \"two\",\r\n"
       "   \t 399 h \"three\"  \r\n"
       "Subject: unknown header\r\n"
       " Via: not a via\r\n"
       "Allow:\r\n"
       "  INVITE, ACK\r\n"
       "Require:   \r\n"
       "    \r\n"
       "\r\n");
    CHECK(hdr_is(&M, SIPADV_H_CONTACT, "<sip:a@x>,\r\n <sip:b@y>"));
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "c"));
    CHECK(hdr_is(&M, SIPADV_H_WARNING,
                 "399 h \"one\",\r\n\t399 h \"two\",\r\n   \t 399 h \"three\""));
    CHECK(M.headers[SIPADV_H_VIA].count == 0);
    /* A value that starts on a continuation line (LWS after HCOLON). */
    CHECK(hdr_is(&M, SIPADV_H_ALLOW, "INVITE, ACK"));
    CHECK(M.headers[SIPADV_H_REQUIRE].count == 1 && M.headers[SIPADV_H_REQUIRE].first.len == 0);
    CHECK(M.has_body_separator && M.body.len == 0);

    /* A continuation line right after the start line belongs to nothing. */
    rd("INVITE sip:x SIP/2.0\r\n Call-ID: no\r\nCall-ID: yes\r\n\r\n");
    CHECK(span_is(M.start_line, "INVITE sip:x SIP/2.0"));
    CHECK(M.headers[SIPADV_H_CALL_ID].count == 1 && hdr_is(&M, SIPADV_H_CALL_ID, "yes"));

    /* Bare LF folding, and a fold as the last bytes. */
    rd("INVITE sip:x SIP/2.0\nTo: <sip:t@x>\n ;tag=9\nFrom: a\n  b");
    CHECK(hdr_is(&M, SIPADV_H_TO, "<sip:t@x>\n ;tag=9"));
    CHECK(span_is(sipadv_header_tag(M.headers[SIPADV_H_TO].first), "9"));
    CHECK(hdr_is(&M, SIPADV_H_FROM, "a\n  b"));
    CHECK(!M.has_body_separator);
}

static void test_repeated_headers(void)
{
    const char *text = "SIP/2.0 200 OK\r\n"
                       "Via: SIP/2.0/UDP a\r\n"
                       "Call-ID: c\r\n"
                       "v: SIP/2.0/UDP b\r\n"
                       "Warning: 399 x \"1\"\r\n"
                       "VIA: SIP/2.0/UDP c,\r\n"
                       " SIP/2.0/UDP d\r\n"
                       "Warning: 399 x \"2\"\r\n"
                       "\r\n"
                       "Via: in the body\r\n";
    size_t len = strlen(text), cursor = 0;
    sipadv_span v;
    sipadv_msg m;
    unsigned n = 0;

    sipadv_msg_read(text, len, &m);
    CHECK(m.headers[SIPADV_H_VIA].count == 3);
    CHECK(span_is(m.headers[SIPADV_H_VIA].first, "SIP/2.0/UDP a"));
    CHECK(m.headers[SIPADV_H_WARNING].count == 2);
    CHECK(sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v) && span_is(v, "SIP/2.0/UDP a"));
    CHECK(sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v) && span_is(v, "SIP/2.0/UDP b"));
    CHECK(sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v) &&
          span_is(v, "SIP/2.0/UDP c,\r\n SIP/2.0/UDP d"));
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v));
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v)); /* stays at the end */
    cursor = 0;
    CHECK(sipadv_msg_next(&m, text, len, SIPADV_H_WARNING, &cursor, &v) &&
          span_is(v, "399 x \"1\""));
    CHECK(sipadv_msg_next(&m, text, len, SIPADV_H_WARNING, &cursor, &v) &&
          span_is(v, "399 x \"2\""));
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_WARNING, &cursor, &v));
    cursor = 0;
    while (sipadv_msg_next(&m, text, len, SIPADV_H_CALL_ID, &cursor, &v))
        n++;
    CHECK(n == 1 && span_is(v, "c"));
    /* Absent header, bad ids, NULL arguments. */
    cursor = 0;
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_CSEQ, &cursor, &v));
    cursor = 0;
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_COUNT, &cursor, &v));
    CHECK(!sipadv_msg_next(&m, text, len, (sipadv_header_id)-1, &cursor, &v));
    CHECK(!sipadv_msg_next(NULL, text, len, SIPADV_H_VIA, &cursor, &v));
    CHECK(!sipadv_msg_next(&m, NULL, len, SIPADV_H_VIA, &cursor, &v));
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, NULL, &v));
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, NULL));
    /* A cursor past the headers gives nothing, not the body. */
    cursor = len - 5;
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v));
    cursor = len + 100;
    CHECK(!sipadv_msg_next(&m, text, len, SIPADV_H_VIA, &cursor, &v));

    /* Comma-separated values on one line stay one value. */
    rd("OPTIONS sip:x SIP/2.0\r\nAllow: INVITE, ACK, BYE\r\nSupported: a,b\r\n\r\n");
    CHECK(M.headers[SIPADV_H_ALLOW].count == 1 && hdr_is(&M, SIPADV_H_ALLOW, "INVITE, ACK, BYE"));
    CHECK(hdr_is(&M, SIPADV_H_SUPPORTED, "a,b"));
}

static void test_count_saturates(void)
{
    size_t cap = 64 + 300 * 24, len = 0, cursor = 0;
    char *buf = malloc(cap);
    sipadv_span v;
    sipadv_msg m;
    unsigned n = 0;
    bool order = true;

    len += (size_t)snprintf(buf + len, cap - len, "SIP/2.0 200 OK\r\n");
    for (unsigned i = 0; i < 300; i++)
        len += (size_t)snprintf(buf + len, cap - len, "Via: SIP/2.0/UDP h%u\r\n", i);
    len += (size_t)snprintf(buf + len, cap - len, "\r\n");
    sipadv_msg_read(buf, len, &m);
    CHECK(m.headers[SIPADV_H_VIA].count == 255);
    CHECK(span_is(m.headers[SIPADV_H_VIA].first, "SIP/2.0/UDP h0"));
    while (sipadv_msg_next(&m, buf, len, SIPADV_H_VIA, &cursor, &v)) {
        char want[32];
        snprintf(want, sizeof(want), "SIP/2.0/UDP h%u", n);
        order = order && span_is(v, want);
        n++;
    }
    CHECK(n == 300 && order);
    CHECK(m.has_body_separator && m.length == len);
    free(buf);
}

static void test_line_ends(void)
{
    const char *lf = "INVITE sip:x SIP/2.0\n"
                     "Call-ID: c\n"
                     "CSeq: 1 INVITE\n"
                     "Content-Length: 4\n"
                     "\n"
                     "abcdEXTRA";
    rd(lf);
    CHECK(M.kind == SIPADV_START_REQUEST && span_is(M.start_line, "INVITE sip:x SIP/2.0"));
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "c") && hdr_is(&M, SIPADV_H_CSEQ, "1 INVITE"));
    CHECK(M.has_body_separator && span_is(M.body, "abcd"));
    CHECK(M.length == strlen(lf) - 5);
    /* Mixed: CRLF lines, a bare LF line, an LF-only separator after CRLF lines. */
    rd("SIP/2.0 200 OK\r\nCall-ID: c\nCSeq: 2 BYE\r\n\nbody");
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "c") && hdr_is(&M, SIPADV_H_CSEQ, "2 BYE"));
    CHECK(M.has_body_separator && span_is(M.body, "body"));
    /* A bare CR is no line end: it stays inside the value. */
    rd("SIP/2.0 200 OK\r\nCall-ID: a\rCSeq: 1 BYE\r\n\r\n");
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "a\rCSeq: 1 BYE") && M.headers[SIPADV_H_CSEQ].count == 0);
    /* CR CR LF: the extra CR is trimmed from the value. */
    rd("SIP/2.0 200 OK\r\nCall-ID: a\r\r\n\r\n");
    CHECK(hdr_is(&M, SIPADV_H_CALL_ID, "a") && M.has_body_separator);
    /* An empty line needs its LF to end the headers: a lone CR at the end is cut short. */
    rd("SIP/2.0 200 OK\r\nCall-ID: a\r\n\r");
    CHECK(!M.has_body_separator && span_absent(M.body) &&
          M.length == strlen("SIP/2.0 200 OK\r\nCall-ID: a\r\n\r"));
    rd("SIP/2.0 200 OK\r\nCall-ID: a\r\n\n");
    CHECK(M.has_body_separator && M.body.len == 0);
}

/* ---- Body ------------------------------------------------------------------------------ */

static void test_body(void)
{
    const char *base;

    /* No separator: no body, the whole input is the message. */
    base = "SIP/2.0 200 OK\r\nContent-Length: 5\r\nCall-ID: c\r\n";
    rd(base);
    CHECK(!M.has_body_separator && span_absent(M.body) && !M.body_short);
    CHECK(M.length == strlen(base));

    /* Exact. */
    base = "SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    rd(base);
    CHECK(M.has_body_separator && span_is(M.body, "hello") && !M.body_short);
    CHECK(M.length == strlen(base));
    /* Less than what is there: the rest is not this message's. */
    base = "SIP/2.0 200 OK\r\nContent-Length: 3\r\n\r\nhello";
    rd(base);
    CHECK(span_is(M.body, "hel") && !M.body_short && M.length == strlen(base) - 2);
    /* Zero. */
    base = "SIP/2.0 200 OK\r\nl: 0\r\n\r\nhello";
    rd(base);
    CHECK(M.body.ptr == base + 24 && M.body.len == 0 && M.length == 24 && !M.body_short);
    CHECK(span_absent(sipadv_msg_body_first_line(&M)));
    /* Short: more promised than there. */
    base = "SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\nhello";
    rd(base);
    CHECK(span_is(M.body, "hello") && M.body_short && M.length == strlen(base));
    base = "SIP/2.0 200 OK\r\nContent-Length: 1\r\n\r\n";
    rd(base);
    CHECK(M.body.ptr != NULL && M.body.len == 0 && M.body_short && M.length == strlen(base));
    /* Over 32 bits and absurdly large: larger than any buffer, so short. */
    rd("SIP/2.0 200 OK\r\nContent-Length: 4294967296\r\n\r\nhello");
    CHECK(span_is(M.body, "hello") && M.body_short);
    rd("SIP/2.0 200 OK\r\nContent-Length: 99999999999999999999999999999999\r\n\r\nhello");
    CHECK(span_is(M.body, "hello") && M.body_short);
    rd("SIP/2.0 200 OK\r\nContent-Length: 0000000000000000000000000000003\r\n\r\nhello");
    CHECK(span_is(M.body, "hel") && !M.body_short);
    /* Blanks around the number; folded. */
    rd("SIP/2.0 200 OK\r\nContent-Length:   2  \t\r\n\r\nhello");
    CHECK(span_is(M.body, "he"));
    rd("SIP/2.0 200 OK\r\nContent-Length:\r\n 2\r\n\r\nhello");
    CHECK(span_is(M.body, "he"));
    /* Absent or invalid: everything that follows. */
    {
        static const char *const invalid[] = {
            "SIP/2.0 200 OK\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: abc\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: -1\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: +1\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: 1 2\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: 2;x\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length: 0x2\r\n\r\nhello",
            "SIP/2.0 200 OK\r\nContent-Length:\r\n\r\nhello",
        };
        for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
            rd(invalid[i]);
            CHECK_MSG(span_is(M.body, "hello") && !M.body_short &&
                          M.length == strlen(invalid[i]),
                      "case %zu", i);
        }
    }
    /* The first Content-Length counts. */
    rd("SIP/2.0 200 OK\r\nContent-Length: 2\r\nl: 4\r\n\r\nhello");
    CHECK(span_is(M.body, "he") && M.headers[SIPADV_H_CONTENT_LENGTH].count == 2);
    /* Header-looking lines in the body are body. */
    rd("SIP/2.0 200 OK\r\n\r\nCall-ID: x\r\n\r\nCSeq: 1 BYE\r\n");
    CHECK(slots_used(&M) == 0 && span_is(M.body, "Call-ID: x\r\n\r\nCSeq: 1 BYE\r\n"));
}

static void test_back_to_back(void)
{
    const char *two = "NOTIFY sip:a@b SIP/2.0\r\n"
                      "Call-ID: first\r\n"
                      "Content-Type: message/sipfrag\r\n"
                      "Content-Length: 16\r\n"
                      "\r\n"
                      "SIP/2.0 180 Ring"
                      "SIP/2.0 200 OK\r\n"
                      "Call-ID: second\r\n"
                      "Content-Length: 0\r\n"
                      "\r\n"
                      "\r\n" /* a keep-alive */
                      "BYE sip:x SIP/2.0\r\n"
                      "i: third\r\n"
                      "\r\n";
    size_t len = strlen(two), off;
    sipadv_msg m;

    sipadv_msg_read(two, len, &m);
    CHECK(m.method == SIPADV_METHOD_NOTIFY && span_is(m.headers[SIPADV_H_CALL_ID].first, "first"));
    CHECK(span_is(m.body, "SIP/2.0 180 Ring") && !m.body_short);
    CHECK(span_is(sipadv_msg_body_first_line(&m), "SIP/2.0 180 Ring"));
    off = m.length;
    CHECK(memcmp(two + off, "SIP/2.0 200 OK", 14) == 0);

    sipadv_msg_read(two + off, len - off, &m);
    CHECK(m.kind == SIPADV_START_RESPONSE && m.status_line.code == 200);
    CHECK(span_is(m.headers[SIPADV_H_CALL_ID].first, "second"));
    CHECK(m.body.len == 0);
    off += m.length;
    CHECK(memcmp(two + off, "\r\nBYE", 5) == 0);

    /* The keep-alive CRLF is skipped; the last message has no Content-Length. */
    sipadv_msg_read(two + off, len - off, &m);
    CHECK(m.method == SIPADV_METHOD_BYE && span_is(m.headers[SIPADV_H_CALL_ID].first, "third"));
    CHECK(m.has_body_separator && m.body.len == 0 && off + m.length == len);
}

/* ---- sipfrag --------------------------------------------------------------------------- */

static void test_sipfrag(void)
{
    static const struct {
        const char *ct;
        bool sipfrag;
    } types[] = {
        { "message/sipfrag", true },
        { "message/sipfrag;version=2.0", true },
        { "Message/SIPfrag", true },
        { "MESSAGE/SIPFRAG ; version=2.0", true },
        { "message / sipfrag", true },
        { "message\t/\tsipfrag", true },
        { "message/sipfragx", false },
        { "message/sip", false },
        { "message/", false },
        { "message", false },
        { "/sipfrag", false },
        { "application/sdp", false },
        { "xmessage/sipfrag", false },
        { "message/sip frag", false },
        { "", false },
        { ";message/sipfrag", false },
    };
    char buf[160];

    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        snprintf(buf, sizeof(buf),
                 "NOTIFY sip:a@b SIP/2.0\r\nContent-Type: %s\r\n\r\nSIP/2.0 200 OK\r\n",
                 types[i].ct);
        CHECK_MSG(sipadv_msg_is_sipfrag(rd(buf)) == types[i].sipfrag, "'%s'", types[i].ct);
    }
    CHECK(!sipadv_msg_is_sipfrag(rd("NOTIFY sip:a@b SIP/2.0\r\n\r\nSIP/2.0 200 OK\r\n")));
    CHECK(sipadv_msg_is_sipfrag(rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\n\r\n")));
    CHECK(span_absent(sipadv_msg_body_first_line(&M)));
    CHECK(!sipadv_msg_is_sipfrag(NULL));
    CHECK(span_absent(sipadv_msg_body_first_line(NULL)));
    /* Folded Content-Type. */
    CHECK(sipadv_msg_is_sipfrag(
        rd("NOTIFY sip:a@b SIP/2.0\r\nContent-Type: message\r\n /sipfrag\r\n\r\n")));

    /* The body's first line. */
    rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\n\r\nSIP/2.0 603 Declined\nVia: x\r\n");
    CHECK(span_is(sipadv_msg_body_first_line(&M), "SIP/2.0 603 Declined"));
    rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\n\r\nSIP/2.0 100 Trying");
    CHECK(span_is(sipadv_msg_body_first_line(&M), "SIP/2.0 100 Trying"));
    rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\n\r\n\r\nSIP/2.0 100 Trying");
    CHECK(span_is(sipadv_msg_body_first_line(&M), ""));
    rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\n");
    CHECK(span_absent(sipadv_msg_body_first_line(&M)));
    /* Cut by Content-Length. */
    rd("NOTIFY sip:a@b SIP/2.0\r\nc: message/sipfrag\r\nl: 11\r\n\r\nSIP/2.0 200 OK\r\n");
    CHECK(span_is(sipadv_msg_body_first_line(&M), "SIP/2.0 200"));
}

/* ---- Tags ------------------------------------------------------------------------------ */

static sipadv_span tag_of(const char *v)
{
    return sipadv_header_tag(sp(v));
}

static void test_tags(void)
{
    CHECK(span_is(tag_of("<sip:bob@x>;tag=abc"), "abc"));
    CHECK(span_is(tag_of("Bob <sip:bob@x>;tag=9fxced76sl"), "9fxced76sl"));
    CHECK(span_is(tag_of("Bob Smith <sip:bob@x> ;tag=1"), "1"));
    CHECK(span_is(tag_of("\"Bob\" <sip:bob@x>;tag=2"), "2"));
    /* Quoted display names hiding '<', '>', ';tag=' and escaped quotes. */
    CHECK(span_is(tag_of("\"Bob <x>\" <sip:bob@x>;tag=abc"), "abc"));
    CHECK(span_is(tag_of("\"a;tag=fake\" <sip:b@x>;tag=real"), "real"));
    CHECK(span_is(tag_of("\"a \\\"<\\\" ;tag=no\" <sip:b@x>;tag=yes"), "yes"));
    CHECK(span_is(tag_of("\"\\\\\" <sip:b@x>;tag=bs"), "bs"));
    CHECK(span_absent(tag_of("\"a;tag=fake\" <sip:b@x>")));
    CHECK(span_absent(tag_of("\"a;tag=fake")));             /* unterminated quote */
    CHECK(span_absent(tag_of("\"a\\")));
    /* URI parameters inside <> are not header parameters. */
    CHECK(span_is(tag_of("<sip:b@x;tag=inner>;tag=outer"), "outer"));
    CHECK(span_absent(tag_of("<sip:b@x;tag=inner>")));
    CHECK(span_absent(tag_of("<sip:b@x;tag=inner")));       /* no '>' */
    /* addr-spec form: the first ';' starts the header parameters. */
    CHECK(span_is(tag_of("sip:b@x;tag=1"), "1"));
    CHECK(span_is(tag_of("sip:b@x;user=phone;tag=2"), "2"));
    CHECK(span_absent(tag_of("sip:b@x")));
    CHECK(span_is(tag_of("  sip:b@x ; tag = 3 "), "3"));
    /* Names case-insensitive, value as sent, blanks trimmed (folds too). */
    CHECK(span_is(tag_of("<sip:b@x>;TAG=AbC"), "AbC"));
    CHECK(span_is(tag_of("<sip:b@x>;Tag=a;x=y"), "a"));
    CHECK(span_is(tag_of("<sip:b@x> ; tag = abc \t"), "abc"));
    CHECK(span_is(tag_of("<sip:b@x>\r\n ;tag=\r\n abc\r\n"), "abc"));
    /* Other parameters first, quoted values with ';tag=' inside them. */
    CHECK(span_is(tag_of("<sip:x>;foo=bar;tag=t"), "t"));
    CHECK(span_is(tag_of("<sip:x>;foo=\"a;tag=b\";tag=c"), "c"));
    CHECK(span_absent(tag_of("<sip:x>;foo=\"a;tag=b\"")));
    CHECK(span_absent(tag_of("<sip:x>;foo=\"a;tag=b")));
    CHECK(span_is(tag_of("<sip:x>;tag=first;tag=second"), "first"));
    /* Not a token, but kept as sent: quotes and escapes included. */
    CHECK(span_is(tag_of("<sip:x>;tag=\"abc\""), "\"abc\""));
    CHECK(span_is(tag_of("<sip:x>;tag=\"ab\"c;x=1"), "\"ab\"c"));
    CHECK(span_is(tag_of("<sip:x>;tag=\"a;b\""), "\"a;b\""));
    CHECK(span_is(tag_of("<sip:x>;tag=\"abc"), "\"abc"));
    CHECK(span_is(tag_of("<sip:x>;tag=a b"), "a b"));
    /* Not tag parameters. */
    CHECK(span_absent(tag_of("<sip:x>;tagx=1")));
    CHECK(span_absent(tag_of("<sip:x>;xtag=1")));
    CHECK(span_absent(tag_of("<sip:x>;ta g=1")));
    CHECK(span_absent(tag_of("<sip:x>;tag")));
    CHECK(span_absent(tag_of("<sip:x>;tag;x=1")));
    CHECK(span_absent(tag_of("<sip:x>tag=1")));
    CHECK(span_absent(tag_of("")));
    CHECK(span_absent(sipadv_header_tag(sp(NULL))));
    /* Present but empty. */
    {
        sipadv_span t = tag_of("<sip:x>;tag=");
        CHECK(t.ptr != NULL && t.len == 0);
        t = tag_of("<sip:x>;tag= ;x=1");
        CHECK(t.ptr != NULL && t.len == 0);
    }
    /* The length bounds the search. */
    {
        sipadv_span v = { "<sip:x>;tag=abcdef", 15 };
        CHECK(span_is(sipadv_header_tag(v), "abc"));
        v.len = 11;
        CHECK(span_absent(sipadv_header_tag(v)));
    }
    /* Through the reader. */
    rd("SIP/2.0 200 OK\r\n"
       "f: \"Alice; <the boss>\" <sip:a@x;tag=u>;tag=ft\r\n"
       "To: sip:b@y;tag=tt\r\n"
       "\r\n");
    CHECK(span_is(sipadv_header_tag(M.headers[SIPADV_H_FROM].first), "ft"));
    CHECK(span_is(sipadv_header_tag(M.headers[SIPADV_H_TO].first), "tt"));
}

/* ---- CSeq ------------------------------------------------------------------------------ */

static bool cseq(const char *v, uint32_t *seq, sipadv_method *m, sipadv_span *name)
{
    return sipadv_parse_cseq(sp(v), seq, m, name);
}

static void test_cseq(void)
{
    uint32_t seq;
    sipadv_method m;
    sipadv_span name;

    CHECK(cseq("1 INVITE", &seq, &m, &name) && seq == 1 && m == SIPADV_METHOD_INVITE &&
          span_is(name, "INVITE"));
    CHECK(cseq("  42   REFER  ", &seq, &m, &name) && seq == 42 && m == SIPADV_METHOD_REFER);
    CHECK(cseq("7\tNOTIFY", &seq, &m, &name) && seq == 7 && m == SIPADV_METHOD_NOTIFY);
    CHECK(cseq("8\r\n BYE", &seq, &m, &name) && seq == 8 && m == SIPADV_METHOD_BYE);
    CHECK(cseq("0 ACK", &seq, &m, &name) && seq == 0 && m == SIPADV_METHOD_ACK);
    CHECK(cseq("00000000000000000001 ACK", &seq, &m, &name) && seq == 1);
    CHECK(cseq("4294967295 BYE", &seq, &m, &name) && seq == 4294967295u &&
          m == SIPADV_METHOD_BYE);
    /* Other methods. */
    CHECK(cseq("3 invite", &seq, &m, &name) && m == SIPADV_METHOD_OTHER && span_is(name, "invite"));
    CHECK(cseq("3 FOO-BAR", &seq, &m, &name) && m == SIPADV_METHOD_OTHER &&
          span_is(name, "FOO-BAR"));
    /* No method: the number is still good. */
    CHECK(cseq("12", &seq, &m, &name) && seq == 12 && m == SIPADV_METHOD_NONE && span_absent(name));
    CHECK(cseq("12   ", &seq, &m, &name) && seq == 12 && span_absent(name));
    CHECK(cseq("12 INV@TE", &seq, &m, &name) && seq == 12 && span_absent(name));
    /* Trailing words are ignored. */
    CHECK(cseq("5 INVITE extra", &seq, &m, &name) && seq == 5 && m == SIPADV_METHOD_INVITE);
    /* Bad numbers: false, seq 0, the method still given when one follows. */
    CHECK(!cseq("4294967296 BYE", &seq, &m, &name) && seq == 0 && m == SIPADV_METHOD_BYE);
    CHECK(!cseq("99999999999999999999999 BYE", &seq, &m, &name) && seq == 0 &&
          span_is(name, "BYE"));
    CHECK(!cseq("BYE", &seq, &m, &name) && seq == 0 && m == SIPADV_METHOD_NONE &&
          span_absent(name));
    CHECK(!cseq("12a INVITE", &seq, &m, &name) && seq == 0 && m == SIPADV_METHOD_INVITE);
    CHECK(!cseq("12INVITE", &seq, &m, &name) && seq == 0 && span_absent(name));
    CHECK(!cseq("-1 ACK", &seq, &m, &name) && seq == 0);
    CHECK(!cseq("+1 ACK", &seq, &m, &name) && seq == 0);
    CHECK(!cseq("", &seq, &m, &name) && seq == 0 && span_absent(name));
    CHECK(!cseq("   ", &seq, &m, &name) && seq == 0 && span_absent(name));
    seq = 5;
    m = SIPADV_METHOD_BYE;
    CHECK(!sipadv_parse_cseq(sp(NULL), &seq, &m, &name) && seq == 0 && m == SIPADV_METHOD_NONE);
    /* NULL outputs are allowed; the length bounds the parse. */
    CHECK(sipadv_parse_cseq(sp("1 INVITE"), NULL, NULL, NULL));
    {
        sipadv_span v = { "123 INVITE", 5 };
        CHECK(sipadv_parse_cseq(v, &seq, &m, &name) && seq == 123 && span_is(name, "I"));
        v.len = 2;
        CHECK(sipadv_parse_cseq(v, &seq, &m, &name) && seq == 12 && span_absent(name));
    }
    /* From a message. */
    rd("SIP/2.0 202 Accepted\r\nCSeq: 314159 REFER\r\n\r\n");
    CHECK(sipadv_parse_cseq(M.headers[SIPADV_H_CSEQ].first, &seq, &m, &name) && seq == 314159 &&
          m == SIPADV_METHOD_REFER);
}

/* ---- Hostile input --------------------------------------------------------------------- */

static void test_nul_bytes(void)
{
    static const char text[] = "INVITE sip:a\0b@x SIP/2.0\r\n"
                               "Call-ID: c\0d\r\n"
                               "Ca\0ll-ID: skipped\r\n"
                               "\0Via: skipped\r\n"
                               "CSeq: 1 INVITE\r\n"
                               "Content-Length: 3\r\n"
                               "\r\n"
                               "\0\0\0tail";
    size_t len = sizeof(text) - 1;
    sipadv_msg m;

    sipadv_msg_read(text, len, &m);
    CHECK(m.kind == SIPADV_START_REQUEST && m.method == SIPADV_METHOD_INVITE);
    CHECK(m.request_uri.len == 9 && memcmp(m.request_uri.ptr, "sip:a\0b@x", 9) == 0);
    CHECK(m.headers[SIPADV_H_CALL_ID].count == 1 && m.headers[SIPADV_H_CALL_ID].first.len == 3 &&
          memcmp(m.headers[SIPADV_H_CALL_ID].first.ptr, "c\0d", 3) == 0);
    CHECK(m.headers[SIPADV_H_VIA].count == 0);
    CHECK(span_is(m.headers[SIPADV_H_CSEQ].first, "1 INVITE"));
    CHECK(m.body.len == 3 && memcmp(m.body.ptr, "\0\0\0", 3) == 0 && m.length == len - 4);
    CHECK(sipadv_msg_body_first_line(&m).len == 3);

    /* NUL in the status phrase, in a tag, in a CSeq. */
    {
        static const char resp[] = "SIP/2.0 200 O\0K\r\nTo: <sip:x>;tag=a\0b\r\n"
                                   "CSeq: 1\0 INVITE\r\n\r\n";
        sipadv_span t;
        uint32_t seq;
        sipadv_method meth;
        sipadv_span name;
        sipadv_msg_read(resp, sizeof(resp) - 1, &m);
        CHECK(m.kind == SIPADV_START_RESPONSE && m.status == SIPADV_STATUS_OK &&
              m.status_line.phrase_len == 3);
        t = sipadv_header_tag(m.headers[SIPADV_H_TO].first);
        CHECK(t.len == 3 && memcmp(t.ptr, "a\0b", 3) == 0);
        CHECK(!sipadv_parse_cseq(m.headers[SIPADV_H_CSEQ].first, &seq, &meth, &name));
    }
}

/* Every span of m lies inside [b, b + len); count agrees with iterating. */
static bool msg_consistent(const sipadv_msg *m, const char *b, size_t len)
{
#define INSIDE(s)                                                                          \
    ((s).ptr == NULL ? (s).len == 0                                                        \
                     : ((s).ptr >= b && (s).len <= (size_t)(b + len - (s).ptr)))
    bool ok = m->length <= len && INSIDE(m->start_line) && INSIDE(m->method_name) &&
              INSIDE(m->request_uri) && INSIDE(m->body);
    sipadv_span line = sipadv_msg_body_first_line(m);

    ok = ok && INSIDE(line);
    if (m->status_line.phrase != NULL)
        ok = ok && m->status_line.phrase >= b &&
             m->status_line.phrase_len <= (size_t)(b + len - m->status_line.phrase);
    if (m->body.ptr != NULL)
        ok = ok && m->has_body_separator && (size_t)(m->body.ptr - b) + m->body.len <= m->length;
    for (int h = 0; h < SIPADV_H_COUNT; h++) {
        size_t cursor = 0, n = 0;
        sipadv_span v, first = { NULL, 0 };
        const sipadv_header_slot *s = &m->headers[h];
        ok = ok && INSIDE(s->first) && (s->count == 0) == (s->first.ptr == NULL);
        while (sipadv_msg_next(m, b, len, (sipadv_header_id)h, &cursor, &v)) {
            ok = ok && INSIDE(v);
            if (n == 0)
                first = v;
            n++;
        }
        ok = ok && (n > 255 ? s->count == 255 : s->count == n);
        if (n > 0)
            ok = ok && first.ptr == s->first.ptr && first.len == s->first.len;
        if (h == SIPADV_H_FROM || h == SIPADV_H_TO) {
            sipadv_span t = sipadv_header_tag(s->first);
            ok = ok && (t.ptr == NULL ||
                        (t.ptr >= s->first.ptr && t.ptr + t.len <= s->first.ptr + s->first.len));
        }
    }
    {
        uint32_t seq;
        sipadv_method meth;
        sipadv_span name;
        (void)sipadv_parse_cseq(m->headers[SIPADV_H_CSEQ].first, &seq, &meth, &name);
        ok = ok && INSIDE(name);
    }
    (void)sipadv_msg_is_sipfrag(m);
    return ok;
#undef INSIDE
}

static void test_every_prefix(void)
{
    static const char *const samples[] = {
        "NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKnash\r\n"
        "v: SIP/2.0/TCP p;branch=z9hG4bK2\r\n"
        "From \t: \"B; <ob>\" <sip:bob@b;tag=u>;tag=fr\r\n"
        "t: sip:alice@a;tag=to\r\n"
        "Call-ID: 3848276298220188511@atlanta\r\n"
        "CSeq: 99 NOTIFY\r\n"
        "Event: refer;id=93809824\r\n"
        "Subscription-State: active;expires=60\r\n"
        "Warning: 399 h \"x\",\r\n"
        "  399 h \"y\"\r\n"
        "Content-Type: message/sipfrag;version=2.0\r\n"
        "Content-Length: 20\r\n"
        "\r\n"
        "SIP/2.0 100 Trying\r\n"
        "NEXT",
        "SIP/2.0 401 Unauthorized\n"
        "WWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\n"
        "CSeq: 4294967296 REGISTER\n"
        "l: 4\n"
        "\n"
        "body",
        "\r\nSIP/2.0 4a6 Bad\r\nCall-ID:\r\n\r\n",
    };
    size_t total = 0;
    bool all_ok = true;

    for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
        size_t n = strlen(samples[s]);
        for (size_t k = 0; k <= n; k++) {
            char *heap = malloc(k ? k : 1);
            sipadv_msg m;
            memcpy(heap, samples[s], k);
            sipadv_msg_read(heap, k, &m);
            if (!msg_consistent(&m, heap, k)) {
                all_ok = false;
                fprintf(stderr, "sample %zu prefix %zu inconsistent\n", s, k);
            }
            free(heap);
            total++;
        }
    }
    CHECK(all_ok);
    CHECK(total > 550);
    /* The full first sample, for reference. */
    {
        size_t n = strlen(samples[0]);
        char *heap = malloc(n);
        sipadv_msg m;
        memcpy(heap, samples[0], n);
        sipadv_msg_read(heap, n, &m);
        CHECK(m.method == SIPADV_METHOD_NOTIFY && m.length == n - 4 && !m.body_short);
        CHECK(m.headers[SIPADV_H_VIA].count == 2 && m.headers[SIPADV_H_WARNING].count == 1);
        CHECK(span_is(sipadv_header_tag(m.headers[SIPADV_H_FROM].first), "fr"));
        CHECK(span_is(sipadv_header_tag(m.headers[SIPADV_H_TO].first), "to"));
        CHECK(sipadv_msg_is_sipfrag(&m));
        CHECK(span_is(sipadv_msg_body_first_line(&m), "SIP/2.0 100 Trying"));
        /* Cut inside the body: short. */
        sipadv_msg_read(heap, n - 10, &m);
        CHECK(m.body_short && m.length == n - 10);
        free(heap);
    }
}

static void test_random_bytes(void)
{
    static const char alphabet[] = "\r\n\r\n  \t::;;<>\"\\=,/SIPsip2.0 01234INVITEtagTlvfcCi\0\xff";
    uint32_t state = 12345;
    char buf[200];
    bool all_ok = true;

    for (unsigned iter = 0; iter < 20000; iter++) {
        size_t n = 0, want;
        char *heap;
        sipadv_msg m;
        state = state * 1103515245u + 12345u;
        want = (state >> 16) % sizeof(buf);
        /* Half of the inputs start as a real message, then go random. */
        if (iter & 1) {
            const char *head = (iter & 2) ? "SIP/2.0 200 OK\r\n" : "INVITE sip:x SIP/2.0\r\n";
            n = strlen(head);
            memcpy(buf, head, n);
        }
        while (n < want) {
            state = state * 1103515245u + 12345u;
            buf[n++] = alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
        }
        heap = malloc(n ? n : 1);
        memcpy(heap, buf, n);
        sipadv_msg_read(heap, n, &m);
        if (!msg_consistent(&m, heap, n))
            all_ok = false;
        free(heap);
    }
    CHECK(all_ok);
}

int main(void)
{
    test_request_line();
    test_methods();
    test_response_line();
    test_empty_input();
    test_full_names();
    test_one_byte_off();
    test_compact_forms();
    test_unknown_headers();
    test_hcolon_and_trimming();
    test_continuation_lines();
    test_repeated_headers();
    test_count_saturates();
    test_line_ends();
    test_body();
    test_back_to_back();
    test_sipfrag();
    test_tags();
    test_cseq();
    test_nul_bytes();
    test_every_prefix();
    test_random_bytes();
    return check_report();
}
