/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lexer of RFC 3261's header values (sec. 25.1), shared by every value parser: tokens,
 * blanks, quoted strings with quoted-pairs, nested comments, top-level list items (outside
 * quotes, and outside <...> where asked), "name [= value]" parameters and numbers. All on
 * spans: explicit lengths, no NUL needed, no byte read past the length. */
#ifndef SIPADV_LEX_H
#define SIPADV_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipadv_headers.h" /* sipadv_span, sipadv_num */

/* RFC 3261 sec. 25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`"
 * / "'" / "~"). One table load: a header name's every byte goes through here. */
extern const uint8_t sipadv_token_table[256];

static inline bool sipadv_is_token_char(char c)
{
    return sipadv_token_table[(unsigned char)c] != 0;
}

static inline sipadv_span sipadv_make_span(const char *p, size_t n)
{
    sipadv_span sp = { p, n };
    return sp;
}

bool sipadv_is_token(const char *s, size_t len);
size_t sipadv_skip_blanks(const char *s, size_t len, size_t i);
sipadv_span sipadv_trimmed_span(const char *p, size_t n);
bool sipadv_contains_blank(const char *s, size_t len);
bool sipadv_is_all_blank(const char *s, size_t len);

/* s[i] is the opening '"' (or '('): the offset just past the closing one, or len with
 * *closed false when it never closes. Comments nest. */
size_t sipadv_skip_quoted(const char *s, size_t len, size_t i, bool *closed);
size_t sipadv_skip_comment(const char *s, size_t len, size_t i, bool *closed);

/* The offset of the first `sep` outside quoted strings (and <...> when `angles`), or len;
 * *balanced false when a quote or '<' is left open. */
size_t sipadv_find_top_level(const char *s, size_t len, char sep, bool angles, bool *balanced);

/* Walks the top-level items of a list separated by `sep` (',' between values, ';' between
 * parameters). Items may be empty. */
typedef struct {
    const char *s;
    size_t len;
    size_t pos;      /* start of the next item; past len when the walk is over */
    char sep;
    bool angles;     /* treat <...> as opaque (Contact) */
} sipadv_splitter;

/* One "name [= value]" parameter. */
typedef struct {
    sipadv_span name;
    sipadv_span value;   /* quotes removed; ptr NULL when there is no '=' */
    bool quoted;
    bool ok;             /* false: name not a token, unterminated quote, junk after the quote */
} sipadv_param;

sipadv_splitter sipadv_splitter_make(const char *s, size_t len, char sep, bool angles);
/* The next item, untrimmed; false when the walk is over. */
bool sipadv_splitter_next(sipadv_splitter *sp, const char **item, size_t *item_len,
                          bool *balanced);

sipadv_param sipadv_parse_param(const char *seg, size_t n);
bool sipadv_is_empty_segment(const char *seg, size_t n);

/* 1*DIGIT with blanks around it; TOO_BIG above 2^32-1, INVALID for anything else. */
sipadv_num sipadv_parse_number(const char *s, size_t len);
sipadv_num sipadv_param_number(const sipadv_param *p);
sipadv_num sipadv_invalid_number(void);

#endif
