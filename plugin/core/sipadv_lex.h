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

/* "SIP/" (case-insensitive) at s. */
static inline bool sipadv_starts_with_sip_slash(const char *s, size_t n)
{
    /* Only 'S' and 's' (and so on) give the lower-case letter under OR 0x20; the slash is
     * compared as it is. Every message's start line comes through here. */
    return n >= 4 && ((s[0] | 0x20) == 's') & ((s[1] | 0x20) == 'i') &
                         ((s[2] | 0x20) == 'p') & (s[3] == '/');
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 sec. 25.1): its length at s, or 0.
 * The reader's start lines and the status lines of sipfrags alike. */
size_t sipadv_sip_version_len(const char *s, size_t n);

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

/* A name-addr or addr-spec (RFC 3261 sec. 20.10 and 25.1: From, To, Contact, Refer-To...)
 * split into its parts. An unquoted display name cannot hold ';', so the first '<' or ';'
 * outside a quoted string decides: '<' opens a name-addr's URI, ';' (or the end) closes an
 * addr-spec's, whose URI cannot carry parameters (they are the header's). */
typedef struct {
    bool bracketed;           /* a name-addr: the URI stood inside <> */
    sipadv_span display_name; /* before '<', trimmed, quotes and all; empty without one */
    sipadv_span uri;          /* inside <> (to the end when '>' is missing), or the trimmed
                               * addr-spec up to its first ';' */
    sipadv_span params;       /* what follows: after '>', or from the addr-spec's ';' */
} sipadv_name_addr;

typedef enum {
    SIPADV_NAME_ADDR_OK,
    SIPADV_NAME_ADDR_OPEN_QUOTE, /* a quoted string before the URI never closes */
    SIPADV_NAME_ADDR_OPEN_ANGLE  /* '<' without '>' */
} sipadv_name_addr_status;

/* On SIPADV_NAME_ADDR_OPEN_QUOTE every part of *out is empty (and bracketed false). */
sipadv_name_addr_status sipadv_split_name_addr(const char *s, size_t len,
                                               sipadv_name_addr *out);

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
    sipadv_span sent;    /* the value as sent, quotes and all, blanks trimmed */
    bool quoted;
    bool ok;             /* false: name not a token, unterminated quote, junk after the quote */
} sipadv_param;

/* Walks the ';'-separated parameters of a header value in order; every parser of
 * parameters goes through it. Empty segments (";;", a trailing ';') are skipped. */
typedef struct {
    sipadv_splitter sp;
} sipadv_param_walk;

sipadv_splitter sipadv_splitter_make(const char *s, size_t len, char sep, bool angles);
/* The next item, untrimmed; false when the walk is over. */
bool sipadv_splitter_next(sipadv_splitter *sp, const char **item, size_t *item_len,
                          bool *balanced);

sipadv_param sipadv_parse_param(const char *seg, size_t n);
bool sipadv_is_empty_segment(const char *seg, size_t n);

/* Every segment of [s, s + len) is a parameter (what follows a URI or a name-addr). */
sipadv_param_walk sipadv_params_of(const char *s, size_t len);
/* The value's first top-level item goes to *head, trimmed (an Event package, a
 * Subscription-State, a Reason protocol); the parameters after it are walked. */
sipadv_param_walk sipadv_params_after_head(const char *s, size_t len, sipadv_span *head);
/* The next parameter; false when none is left. p->ok is also false when a quote opened in
 * the segment never closes. */
bool sipadv_params_next(sipadv_param_walk *w, sipadv_param *p);

/* 1*DIGIT with blanks around it; TOO_BIG above 2^32-1, INVALID for anything else. */
sipadv_num sipadv_parse_number(const char *s, size_t len);
sipadv_num sipadv_param_number(const sipadv_param *p);
sipadv_num sipadv_invalid_number(void);

#endif
