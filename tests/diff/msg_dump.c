/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg_dump: what the message reader (plugin/core/sipadv_msg.h) extracts from SIP messages,
 * one line per message, for the differential test against Wireshark (tests/diff/run.py).
 *
 * Input (stdin): one SIP message per line, as hex digits (upper or lower case; an empty
 * line is an empty message). Output (stdout): one line per input line, the columns that
 * `msg_dump --columns` names, separated by TAB.
 *
 * Escaping inside a column, read left to right:
 *   \\  a backslash          \t  HTAB      \n  LF      \r  CR
 *   \xHH  any other byte below 0x20, 0x7f and above (bytes are not assumed to be UTF-8)
 *   \|  separates the instances of a header that may repeat (one value per header line)
 *   \-  the whole column: absent (no such header, no such part); an empty column is a
 *       present but empty value
 * Every other byte stands for itself. Exit status: 0, or 2 on bad input (a line that is not
 * hex), 3 when a header's slot and sipadv_msg_next disagree, with a message on stderr. */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipadv_msg.h"
#include "sipadv_parse.h"

static const char *const columns[] = {
    "kind",            "method",       "ruri",           "status_result",
    "status",          "call_id",      "cseq_seq",       "cseq_method",
    "from_tag",        "to_tag",       "event",          "event_package",
    "event_id",        "subscription_state", "refer_to", "refer_sub",
    "require",         "retry_after",  "min_expires",    "min_se",
    "allow",           "warning",      "reason",         "www_authenticate",
    "proxy_authenticate", "contact",   "expires",        "sipfrag",
    "length",
};

static void put_escaped(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        switch (c) {
        case '\\': fputs("\\\\", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        default:
            if (c < 0x20 || c >= 0x7f)
                printf("\\x%02x", c);
            else
                putchar(c);
        }
    }
}

static bool first_column = true;
static bool inconsistent = false;

static void sep(void)
{
    if (!first_column)
        putchar('\t');
    first_column = false;
}

static void col_absent(void)
{
    sep();
    fputs("\\-", stdout);
}

static void col_span(sipadv_span sp)
{
    if (sp.ptr == NULL) {
        col_absent();
        return;
    }
    sep();
    put_escaped(sp.ptr, sp.len);
}

static void col_text(const char *s)
{
    sep();
    put_escaped(s, strlen(s));
}

static void col_uint(unsigned long v)
{
    sep();
    printf("%lu", v);
}

/* Every instance of header h, in order, separated by `\|` (or joined by joiner into one
 * value when joiner is not NULL). */
static void col_instances(const sipadv_msg *m, const char *bytes, size_t len, sipadv_header_id h,
                          const char *joiner)
{
    size_t cursor = 0;
    sipadv_span v;
    bool any = false;

    if (m->headers[h].count == 0) {
        col_absent();
        return;
    }
    sep();
    while (sipadv_msg_next(m, bytes, len, h, &cursor, &v)) {
        if (any)
            fputs(joiner ? joiner : "\\|", stdout);
        put_escaped(v.ptr, v.len);
        any = true;
    }
    if (!any) { /* the slot says present, yet the walk found nothing: never hide that */
        fprintf(stderr, "msg_dump: header %d counted but not found by sipadv_msg_next\n",
                (int)h);
        inconsistent = true;
    }
}

static void dump(const char *bytes, size_t len)
{
    sipadv_msg m;
    uint32_t seq;
    sipadv_method cm;
    sipadv_span cseq_method;
    sipadv_event ev;
    const sipadv_header_slot *hs;

    sipadv_msg_read(bytes, len, &m);
    hs = m.headers;
    first_column = true;

    /* start line */
    col_text(m.kind == SIPADV_START_REQUEST ? "request"
             : m.kind == SIPADV_START_RESPONSE ? "response" : "none");
    col_span(m.method_name);
    col_span(m.request_uri);
    if (m.kind == SIPADV_START_RESPONSE) {
        col_text(m.status == SIPADV_STATUS_OK ? "ok"
                 : m.status == SIPADV_STATUS_BAD_CODE ? "bad_code" : "not_status");
        if (m.status_line.code_is_numeric)
            col_uint(m.status_line.code);
        else
            col_absent();
    } else {
        col_absent();
        col_absent();
    }

    col_span(hs[SIPADV_H_CALL_ID].first);

    /* CSeq */
    if (hs[SIPADV_H_CSEQ].count > 0) {
        bool ok = sipadv_parse_cseq(hs[SIPADV_H_CSEQ].first, &seq, &cm, &cseq_method);
        if (ok)
            col_uint(seq);
        else
            col_absent();
        col_span(cseq_method);
    } else {
        col_absent();
        col_absent();
    }

    /* tags */
    col_span(hs[SIPADV_H_FROM].count ? sipadv_header_tag(hs[SIPADV_H_FROM].first)
                                     : hs[SIPADV_H_FROM].first);
    col_span(hs[SIPADV_H_TO].count ? sipadv_header_tag(hs[SIPADV_H_TO].first)
                                   : hs[SIPADV_H_TO].first);

    /* Event: the value, then what sipadv_parse_event makes of it */
    col_span(hs[SIPADV_H_EVENT].first);
    if (hs[SIPADV_H_EVENT].count > 0) {
        sipadv_span pkg;
        bool has_pkg = sipadv_parse_event(hs[SIPADV_H_EVENT].first.ptr,
                                          hs[SIPADV_H_EVENT].first.len, &ev);
        pkg.ptr = ev.package;
        pkg.len = ev.package_len;
        if (has_pkg)
            col_span(pkg);
        else
            col_absent();
        if (!ev.has_id)
            col_absent();
        else if (!ev.id_valid)
            col_text("invalid");
        else
            col_uint(ev.id);
    } else {
        col_absent();
        col_absent();
    }

    col_span(hs[SIPADV_H_SUBSCRIPTION_STATE].first);
    col_span(hs[SIPADV_H_REFER_TO].first);
    col_span(hs[SIPADV_H_REFER_SUB].first);
    col_instances(&m, bytes, len, SIPADV_H_REQUIRE, ",");
    col_span(hs[SIPADV_H_RETRY_AFTER].first);
    col_span(hs[SIPADV_H_MIN_EXPIRES].first);
    col_span(hs[SIPADV_H_MIN_SE].first);
    col_instances(&m, bytes, len, SIPADV_H_ALLOW, NULL);
    col_instances(&m, bytes, len, SIPADV_H_WARNING, NULL);
    col_instances(&m, bytes, len, SIPADV_H_REASON, NULL);
    col_instances(&m, bytes, len, SIPADV_H_WWW_AUTHENTICATE, NULL);
    col_instances(&m, bytes, len, SIPADV_H_PROXY_AUTHENTICATE, NULL);
    col_instances(&m, bytes, len, SIPADV_H_CONTACT, NULL);
    col_span(hs[SIPADV_H_EXPIRES].first);

    /* the sipfrag status line */
    if (sipadv_msg_is_sipfrag(&m))
        col_span(sipadv_msg_body_first_line(&m));
    else
        col_absent();

    col_uint((unsigned long)m.length);
    putchar('\n');
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int main(int argc, char **argv)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;

    if (argc == 2 && strcmp(argv[1], "--columns") == 0) {
        for (size_t k = 0; k < sizeof(columns) / sizeof(columns[0]); k++)
            printf("%s%s", k ? "\t" : "", columns[k]);
        putchar('\n');
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: msg_dump [--columns] < hex-lines\n");
        return 2;
    }

    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n, out = 0;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len % 2 != 0) {
            fprintf(stderr, "msg_dump: line %lu: odd number of hex digits\n", lineno);
            free(line);
            return 2;
        }
        /* decoded in place: the bytes never outrun the digits */
        for (size_t k = 0; k < len; k += 2) {
            int hi = hexval((unsigned char)line[k]), lo = hexval((unsigned char)line[k + 1]);
            if (hi < 0 || lo < 0) {
                fprintf(stderr, "msg_dump: line %lu: not hex at column %zu\n", lineno, k + 1);
                free(line);
                return 2;
            }
            line[out++] = (char)(hi * 16 + lo);
        }
        /* an exact-size copy, so a read past the message's end is caught by ASan */
        {
            char *msg = malloc(out ? out : 1);
            if (msg == NULL) {
                fprintf(stderr, "msg_dump: out of memory\n");
                free(line);
                return 2;
            }
            memcpy(msg, line, out);
            dump(msg, out);
            free(msg);
        }
    }
    free(line);
    if (fflush(stdout) != 0 || ferror(stdin)) {
        fprintf(stderr, "msg_dump: I/O error\n");
        return 2;
    }
    return inconsistent ? 3 : 0;
}
