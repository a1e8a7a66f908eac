/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the message reader (sipadv_msg.h), then the header-value parsers of
 * sipadv_headers.h and sipadv_parse.h on the values it finds, so that those parsers see
 * header values at the positions and with the folds a real message gives them.
 *
 * Input: the bytes of one or more SIP messages back to back. The input is copied into an
 * exact-size heap buffer and read as one message; while the message's length leaves bytes
 * behind, the rest is read as the next message (at most 8), as a stream transport would.
 * Every value handed to a value parser is copied into its own exact-size buffer, so ASan
 * reports a parser reading past the value even when the message goes on after it.
 *
 * Invariants: every span lies inside the input and before the body; values have no blanks
 * at either end; count agrees with iterating sipadv_msg_next() (saturating at 255) and the
 * first value iterated is `first`; the body ends at `length`; the start line's kind agrees
 * with its text; tags lie inside their values; reading just the message's own `length`
 * bytes again gives the same message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_chars.h"
#include "sipadv_headers.h"
#include "sipadv_msg.h"
#include "sipadv_parse.h"

#define MAX_ITEMS 8
#define MAX_MESSAGES 8

static const char *base, *limit;

/* A span is absent (NULL, length 0) or lies inside [base, limit). */
#define CHECK_SPAN(sp)                                                                       \
    do {                                                                                     \
        if ((sp).ptr == NULL)                                                                \
            FUZZ_ASSERT((sp).len == 0);                                                      \
        else                                                                                 \
            FUZZ_ASSERT((sp).ptr >= base && (sp).len <= (size_t)(limit - (sp).ptr));         \
    } while (0)

/* A span inside another one. */
#define CHECK_WITHIN(sp, outer)                                                              \
    do {                                                                                     \
        if ((sp).ptr == NULL)                                                                \
            FUZZ_ASSERT((sp).len == 0);                                                      \
        else                                                                                 \
            FUZZ_ASSERT((outer).ptr != NULL && (sp).ptr >= (outer).ptr &&                    \
                        (sp).len <= (size_t)((outer).ptr + (outer).len - (sp).ptr));         \
    } while (0)

static bool is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

static bool span_same(sipadv_span a, sipadv_span b)
{
    return a.ptr == b.ptr && a.len == b.len;
}

/* ---- The value parsers, each on an exact-size copy of one value ------------------------- */

static char *copy_of(sipadv_span v)
{
    char *c = malloc(v.len ? v.len : 1);

    if (c == NULL)
        abort();
    if (v.len)
        memcpy(c, v.ptr, v.len);
    return c;
}

static void parse_value(sipadv_header_id h, sipadv_span v)
{
    char *s = copy_of(v);
    size_t len = v.len;
    sipadv_span tokens[MAX_ITEMS];
    sipadv_warning warnings[MAX_ITEMS];
    sipadv_reason reasons[MAX_ITEMS];
    sipadv_contact contacts[MAX_ITEMS];
    sipadv_list_result r;
    const char *save_base = base, *save_limit = limit;

    base = s;
    limit = s + len;
    switch (h) {
    case SIPADV_H_RETRY_AFTER: {
        sipadv_retry_after ra;
        bool ok = sipadv_parse_retry_after(s, len, &ra);
        FUZZ_ASSERT(ok == (ra.seconds.status == SIPADV_NUM_OK));
        CHECK_SPAN(ra.comment);
        break;
    }
    case SIPADV_H_EXPIRES:
    case SIPADV_H_MIN_EXPIRES: {
        sipadv_num n = sipadv_parse_delta_seconds(s, len);
        FUZZ_ASSERT(n.status == SIPADV_NUM_OK || n.value == 0);
        break;
    }
    case SIPADV_H_SESSION_EXPIRES:
    case SIPADV_H_MIN_SE: {
        sipadv_session_expires se;
        bool ok = sipadv_parse_session_expires(s, len, &se);
        FUZZ_ASSERT(ok == (se.delta.status == SIPADV_NUM_OK));
        break;
    }
    case SIPADV_H_WARNING:
        r = sipadv_parse_warnings(s, len, warnings, MAX_ITEMS);
        FUZZ_ASSERT(r.count <= MAX_ITEMS);
        for (size_t i = 0; i < r.count; i++) {
            CHECK_SPAN(warnings[i].agent);
            CHECK_SPAN(warnings[i].text);
            (void)sipadv_warning_code_text(warnings[i].code);
            (void)sipadv_warning_code_range(warnings[i].code);
        }
        break;
    case SIPADV_H_REASON:
        r = sipadv_parse_reasons(s, len, reasons, MAX_ITEMS);
        FUZZ_ASSERT(r.count <= MAX_ITEMS);
        for (size_t i = 0; i < r.count; i++) {
            CHECK_SPAN(reasons[i].protocol);
            CHECK_SPAN(reasons[i].text);
            CHECK_SPAN(reasons[i].location);
            if (reasons[i].cause.status == SIPADV_NUM_OK) {
                (void)sipadv_q850_cause_name(reasons[i].cause.value);
                (void)sipadv_q850_to_sip(reasons[i].cause.value);
            }
        }
        break;
    case SIPADV_H_WWW_AUTHENTICATE:
    case SIPADV_H_PROXY_AUTHENTICATE: {
        sipadv_challenge ch;
        bool ok = sipadv_parse_challenge(s, len, &ch);
        CHECK_SPAN(ch.scheme);
        CHECK_SPAN(ch.realm);
        CHECK_SPAN(ch.nonce);
        CHECK_SPAN(ch.opaque);
        CHECK_SPAN(ch.algorithm);
        CHECK_SPAN(ch.qop);
        CHECK_SPAN(ch.domain);
        if (ok)
            FUZZ_ASSERT(ch.scheme.ptr != NULL && ch.scheme.len > 0);
        (void)sipadv_challenge_offers_qop(&ch, "auth");
        (void)sipadv_challenge_offers_qop(&ch, "auth-int");
        break;
    }
    case SIPADV_H_CONTACT: {
        bool star = false;
        r = sipadv_split_contacts(s, len, contacts, MAX_ITEMS, &star);
        FUZZ_ASSERT(r.count <= MAX_ITEMS);
        for (size_t i = 0; i < r.count; i++) {
            CHECK_SPAN(contacts[i].display_name);
            CHECK_SPAN(contacts[i].uri);
            CHECK_SPAN(contacts[i].params);
        }
        (void)sipadv_contact_expires(s, len);
        break;
    }
    case SIPADV_H_REQUIRE:
    case SIPADV_H_SUPPORTED:
    case SIPADV_H_UNSUPPORTED:
    case SIPADV_H_ALLOW:
    case SIPADV_H_ALLOW_EVENTS:
    case SIPADV_H_ACCEPT:
    case SIPADV_H_ACCEPT_ENCODING:
    case SIPADV_H_ACCEPT_LANGUAGE:
    case SIPADV_H_RECV_INFO:
    case SIPADV_H_ACCEPT_RESOURCE_PRIORITY:
        r = sipadv_split_tokens(s, len, tokens, MAX_ITEMS);
        FUZZ_ASSERT(r.count <= MAX_ITEMS);
        for (size_t i = 0; i < r.count; i++) {
            CHECK_SPAN(tokens[i]);
            FUZZ_ASSERT(tokens[i].len > 0);
        }
        (void)sipadv_token_list_contains(s, len, "nosub");
        (void)sipadv_token_list_contains(s, len, "norefersub");
        (void)sipadv_token_list_contains(s, len, "REFER");
        break;
    case SIPADV_H_EVENT: {
        sipadv_event ev;
        bool ok = sipadv_parse_event(s, len, &ev);
        if (ev.package != NULL)
            FUZZ_ASSERT(ev.package >= s && ev.package + ev.package_len <= s + len);
        FUZZ_ASSERT(ok == (ev.package_len > 0));
        (void)sipadv_event_is_refer(&ev);
        break;
    }
    case SIPADV_H_REFER_SUB:
        (void)sipadv_refer_sub_is_false(s, len);
        break;
    case SIPADV_H_SUBSCRIPTION_STATE:
        (void)sipadv_phrase_equal(s, len, "terminated");
        (void)sipadv_token_list_contains(s, len, "active");
        break;
    case SIPADV_H_CSEQ: {
        uint32_t seq = 7;
        sipadv_method m;
        sipadv_span name;
        sipadv_span copy = { s, len };
        bool ok = sipadv_parse_cseq(copy, &seq, &m, &name);
        CHECK_SPAN(name);
        if (!ok)
            FUZZ_ASSERT(seq == 0);
        if (name.ptr != NULL) {
            FUZZ_ASSERT(name.len > 0 && m == sipadv_method_from(name));
        } else {
            FUZZ_ASSERT(m == SIPADV_METHOD_NONE);
        }
        break;
    }
    case SIPADV_H_FROM:
    case SIPADV_H_TO: {
        sipadv_span copy = { s, len };
        sipadv_span tag = sipadv_header_tag(copy);
        CHECK_WITHIN(tag, copy);
        if (tag.len > 0)
            FUZZ_ASSERT(!sipadv_is_blank(tag.ptr[0]) && !sipadv_is_blank(tag.ptr[tag.len - 1]));
        break;
    }
    default:
        break;
    }
    base = save_base;
    limit = save_limit;
    free(s);
}

/* ---- The message ------------------------------------------------------------------------ */

static void check_message(const char *b, size_t len, const sipadv_msg *m, bool again);

/* Reads the first `length` bytes again: the same message, whole. */
static void check_reread(const char *b, const sipadv_msg *m)
{
    char *copy = copy_of((sipadv_span){ b, m->length });
    sipadv_msg r;
    ptrdiff_t shift = copy - b;

#define SHIFTED(a, c) ((a).ptr == NULL ? (c).ptr == NULL && (c).len == 0                   \
                                       : (c).ptr == (a).ptr + shift && (c).len == (a).len)
    sipadv_msg_read(copy, m->length, &r);
    FUZZ_ASSERT(r.kind == m->kind && r.method == m->method && r.status == m->status);
    FUZZ_ASSERT(SHIFTED(m->start_line, r.start_line));
    FUZZ_ASSERT(SHIFTED(m->method_name, r.method_name));
    FUZZ_ASSERT(SHIFTED(m->request_uri, r.request_uri));
    FUZZ_ASSERT(r.status_line.code == m->status_line.code &&
                r.status_line.phrase_len == m->status_line.phrase_len);
    FUZZ_ASSERT(r.has_body_separator == m->has_body_separator);
    FUZZ_ASSERT(SHIFTED(m->body, r.body));
    FUZZ_ASSERT(r.length == m->length);
    FUZZ_ASSERT(r.body_short == m->body_short);
    for (int h = 0; h < SIPADV_H_COUNT; h++) {
        FUZZ_ASSERT(r.headers[h].count == m->headers[h].count);
        FUZZ_ASSERT(SHIFTED(m->headers[h].first, r.headers[h].first));
    }
#undef SHIFTED
    check_message(copy, m->length, &r, false);
    free(copy);
}

static void check_message(const char *b, size_t len, const sipadv_msg *m, bool again)
{
    const char *save_base = base, *save_limit = limit;
    const char *headers_end;
    size_t lead = 0;

    base = b;
    limit = b + len;

    FUZZ_ASSERT(m->length <= len);
    CHECK_SPAN(m->start_line);
    CHECK_SPAN(m->method_name);
    CHECK_SPAN(m->request_uri);
    CHECK_SPAN(m->body);

    /* The start line: the first line after any CRs and LFs, whatever it holds. */
    while (lead < len && (b[lead] == '\r' || b[lead] == '\n'))
        lead++;
    if (lead == len) {
        FUZZ_ASSERT(m->start_line.ptr == NULL && m->kind == SIPADV_START_NONE);
    } else {
        FUZZ_ASSERT(m->start_line.ptr == b + lead && m->start_line.len > 0);
        FUZZ_ASSERT(memchr(m->start_line.ptr, '\n', m->start_line.len) == NULL);
    }
    switch (m->kind) {
    case SIPADV_START_REQUEST:
        CHECK_WITHIN(m->method_name, m->start_line);
        CHECK_WITHIN(m->request_uri, m->start_line);
        FUZZ_ASSERT(m->method_name.ptr == m->start_line.ptr && m->method_name.len > 0);
        FUZZ_ASSERT(m->request_uri.len > 0);
        FUZZ_ASSERT(m->method == sipadv_method_from(m->method_name));
        FUZZ_ASSERT(m->method != SIPADV_METHOD_NONE);
        FUZZ_ASSERT(m->status == SIPADV_STATUS_NOT_STATUS);
        if (m->method != SIPADV_METHOD_OTHER) {
            const char *name = sipadv_method_name(m->method);
            FUZZ_ASSERT(name != NULL && strlen(name) == m->method_name.len &&
                        memcmp(name, m->method_name.ptr, m->method_name.len) == 0);
        }
        break;
    case SIPADV_START_RESPONSE: {
        sipadv_status_line sl;
        FUZZ_ASSERT(m->start_line.len >= 4 && sipadv_lower(m->start_line.ptr[0]) == 's' &&
                    sipadv_lower(m->start_line.ptr[1]) == 'i' &&
                    sipadv_lower(m->start_line.ptr[2]) == 'p' && m->start_line.ptr[3] == '/');
        FUZZ_ASSERT(m->method == SIPADV_METHOD_NONE && m->method_name.ptr == NULL &&
                    m->request_uri.ptr == NULL);
        FUZZ_ASSERT(sipadv_parse_status_line(m->start_line.ptr, m->start_line.len, &sl) ==
                    m->status);
        FUZZ_ASSERT(sl.code == m->status_line.code && sl.phrase == m->status_line.phrase &&
                    sl.phrase_len == m->status_line.phrase_len);
        if (m->status_line.phrase != NULL)
            FUZZ_ASSERT(m->status_line.phrase >= m->start_line.ptr &&
                        m->status_line.phrase + m->status_line.phrase_len <=
                            m->start_line.ptr + m->start_line.len);
        if (m->status == SIPADV_STATUS_OK)
            FUZZ_ASSERT(m->status_line.code >= 100 && m->status_line.code <= 699);
        break;
    }
    case SIPADV_START_NONE:
        FUZZ_ASSERT(m->method == SIPADV_METHOD_NONE && m->method_name.ptr == NULL &&
                    m->request_uri.ptr == NULL && m->status == SIPADV_STATUS_NOT_STATUS);
        break;
    default:
        FUZZ_ASSERT(!"bad kind");
    }

    /* The body runs from just after the empty line to `length`. */
    if (m->has_body_separator) {
        FUZZ_ASSERT(m->body.ptr != NULL && m->start_line.ptr != NULL);
        FUZZ_ASSERT(m->body.ptr > m->start_line.ptr + m->start_line.len);
        FUZZ_ASSERT(m->body.ptr[-1] == '\n');
        FUZZ_ASSERT(m->body.ptr + m->body.len == b + m->length);
        if (m->body_short)
            FUZZ_ASSERT(m->length == len);
        headers_end = m->body.ptr;
    } else {
        FUZZ_ASSERT(m->body.ptr == NULL && !m->body_short && m->length == len);
        headers_end = limit;
    }
    if (m->length < len)
        FUZZ_ASSERT(m->has_body_separator && !m->body_short);
    {
        sipadv_span line = sipadv_msg_body_first_line(m);
        CHECK_WITHIN(line, m->body);
        if (line.ptr != NULL) {
            FUZZ_ASSERT(line.ptr == m->body.ptr);
            FUZZ_ASSERT(memchr(line.ptr, '\r', line.len) == NULL &&
                        memchr(line.ptr, '\n', line.len) == NULL);
            FUZZ_ASSERT(line.len == m->body.len || line.ptr[line.len] == '\r' ||
                        line.ptr[line.len] == '\n');
        } else {
            FUZZ_ASSERT(m->body.len == 0);
        }
        if (sipadv_msg_is_sipfrag(m) && line.ptr != NULL) {
            sipadv_status_line sl;
            char *c = copy_of(line);
            (void)sipadv_parse_status_line(c, line.len, &sl);
            if (sl.phrase != NULL)
                FUZZ_ASSERT(sl.phrase >= c && sl.phrase + sl.phrase_len <= c + line.len);
            free(c);
        }
        if (sipadv_msg_is_sipfrag(m))
            FUZZ_ASSERT(m->headers[SIPADV_H_CONTENT_TYPE].count > 0);
    }

    /* Every header: count and first agree with the iteration; values are trimmed and lie
     * in the header lines. */
    for (int h = 0; h < SIPADV_H_COUNT; h++) {
        const sipadv_header_slot *slot = &m->headers[h];
        size_t cursor = 0, n = 0, last_end = 0;
        sipadv_span v;

        CHECK_SPAN(slot->first);
        FUZZ_ASSERT((slot->count == 0) == (slot->first.ptr == NULL));
        while (sipadv_msg_next(m, b, len, (sipadv_header_id)h, &cursor, &v)) {
            CHECK_SPAN(v);
            FUZZ_ASSERT(v.ptr != NULL);
            FUZZ_ASSERT(v.ptr > m->start_line.ptr + m->start_line.len);
            FUZZ_ASSERT(v.ptr + v.len <= headers_end);
            FUZZ_ASSERT(v.len == 0 ||
                        (!sipadv_is_blank(v.ptr[0]) && !sipadv_is_blank(v.ptr[v.len - 1])));
            /* The colon is somewhere before the value, on its first line. */
            FUZZ_ASSERT(cursor <= len && cursor >= (size_t)(v.ptr - b) + v.len);
            FUZZ_ASSERT((size_t)(v.ptr - b) >= last_end); /* in order, no overlap */
            last_end = (size_t)(v.ptr - b) + v.len;
            if (n == 0)
                FUZZ_ASSERT(span_same(v, slot->first));
            n++;
            FUZZ_ASSERT(n <= 100000);
            parse_value((sipadv_header_id)h, v);
        }
        FUZZ_ASSERT(!sipadv_msg_next(m, b, len, (sipadv_header_id)h, &cursor, &v));
        FUZZ_ASSERT(slot->count == (n > 255 ? 255 : n));
        if (h == SIPADV_H_FROM || h == SIPADV_H_TO) {
            sipadv_span tag = sipadv_header_tag(slot->first);
            CHECK_WITHIN(tag, slot->first);
        }
    }
    {
        uint32_t seq;
        sipadv_method meth;
        sipadv_span name;
        (void)sipadv_parse_cseq(m->headers[SIPADV_H_CSEQ].first, &seq, &meth, &name);
        CHECK_WITHIN(name, m->headers[SIPADV_H_CSEQ].first);
    }
    /* A folded value keeps its line breaks: each one is followed by SP or HTAB. */
    for (int h = 0; h < SIPADV_H_COUNT; h++) {
        sipadv_span v = m->headers[h].first;
        for (size_t k = 0; k < v.len; k++) {
            if (v.ptr[k] == '\n')
                FUZZ_ASSERT(k + 1 < v.len && is_wsp(v.ptr[k + 1]));
        }
    }

    if (again && m->length < len)
        check_reread(b, m);
    base = save_base;
    limit = save_limit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    size_t off = 0;

    if (buf == NULL)
        abort();
    memcpy(buf, data, size);
    for (unsigned k = 0; k < MAX_MESSAGES; k++) {
        sipadv_msg m;
        sipadv_msg_read(buf + off, size - off, &m);
        check_message(buf + off, size - off, &m, true);
        if (m.length == 0 || m.length >= size - off)
            break;
        off += m.length;
    }
    if (size == 0) {
        sipadv_msg m;
        size_t cursor = 0;
        sipadv_span v;
        sipadv_msg_read(NULL, 0, &m);
        FUZZ_ASSERT(m.kind == SIPADV_START_NONE && m.length == 0 && !m.has_body_separator);
        FUZZ_ASSERT(!sipadv_msg_next(&m, NULL, 0, SIPADV_H_VIA, &cursor, &v));
        FUZZ_ASSERT(sipadv_header_tag(m.headers[SIPADV_H_TO].first).ptr == NULL);
        FUZZ_ASSERT(!sipadv_msg_is_sipfrag(&m));
        FUZZ_ASSERT(sipadv_msg_body_first_line(&m).ptr == NULL);
    }
    free(buf);
    return 0;
}
