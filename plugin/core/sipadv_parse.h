/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for the bits of SIP text that Wireshark does not split for us.
 * Plain C, no Wireshark headers. Every function takes an explicit length, never reads past
 * it, and accepts any bytes (NUL, invalid UTF-8) without crashing. */
#ifndef SIPADV_PARSE_H
#define SIPADV_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "sipadv_headers.h" /* sipadv_span */

typedef enum {
    SIPADV_STATUS_OK,            /* "SIP/x.y NNN phrase": three digits in 100..699 */
    SIPADV_STATUS_BAD_CODE,      /* a SIP status line whose code is not 3 digits in 100..699 */
    SIPADV_STATUS_NOT_STATUS     /* not a status line at all (request line, junk, empty) */
} sipadv_status_result;

typedef struct {
    unsigned code;           /* the code field's value when it is 1..9 digits, else 0 */
    bool code_is_numeric;    /* the code field was 1..9 digits (more: false, code 0) */
    size_t code_len;         /* length of the code token */
    const char *phrase;      /* points into the input; not NUL-terminated */
    size_t phrase_len;
} sipadv_status_line;

/* Parse a status line (a response start line or a sipfrag's first line). Leading and trailing
 * whitespace and a trailing CRLF are tolerated. */
sipadv_status_result sipadv_parse_status_line(const char *s, size_t len, sipadv_status_line *out);

/* Case-insensitive comparison of a length-delimited phrase with a NUL-terminated one,
 * ignoring surrounding blanks: true when they are the same words. */
bool sipadv_phrase_equal(const char *phrase, size_t len, const char *registered);
/* The same, with the first n bytes of `registered` (sipadv_sent_phrase_len). */
bool sipadv_phrase_equal_n(const char *phrase, size_t len, const char *registered, size_t n);

/* Event header (RFC 6665 sec. 8.2.1): "refer;id=101". */
typedef struct {
    const char *package;     /* points into the input */
    size_t package_len;
    bool has_id;             /* an id parameter is present */
    bool id_valid;           /* it is a decimal number that fits 32 bits */
    unsigned id;
} sipadv_event;

/* False when there is no package token at all. */
bool sipadv_parse_event(const char *s, size_t len, sipadv_event *out);
/* True for the "refer" package (case-insensitive). */
bool sipadv_event_is_refer(const sipadv_event *ev);

/* Is `token` one of the comma-separated tokens of a header value (Require, Supported,
 * Allow...)? Case-insensitive; parameters after ';' are ignored. */
bool sipadv_token_list_contains(const char *s, size_t len, const char *token);
/* Is `method` in an Allow list? Methods are case-sensitive (RFC 3261 sec. 7.1 and 20.5). */
bool sipadv_method_list_contains(const char *s, size_t len, sipadv_span method);

/* Refer-Sub (RFC 4488): true only for the value "false" (case-insensitive, parameters
 * ignored). */
bool sipadv_refer_sub_is_false(const char *s, size_t len);

#endif
