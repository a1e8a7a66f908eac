/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lexer every header-value parser shares (see sipadv_lex.h). */
#include "sipadv_lex.h"

#include <string.h>

#include "sipadv_chars.h"

/* Bytes from 0x80 up are never token characters. */
const uint8_t sipadv_token_table[256] = {
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, /* 0x00 */
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, /* 0x10 */
        0,1,0,0,0,1,0,1,0,0,1,1,0,1,1,0, /* 0x20 */
        1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0, /* 0x30 */
        0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, /* 0x40 */
        1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1, /* 0x50 */
        1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, /* 0x60 */
        1,1,1,1,1,1,1,1,1,1,1,0,0,0,1,0, /* 0x70 */
};

/* ---- Character classes and small helpers ----------------------------------------------- */

size_t sipadv_sip_version_len(const char *s, size_t n)
{
    size_t i = 4, d;

    if (!sipadv_starts_with_sip_slash(s, n))
        return 0;
    for (d = i; i < n && sipadv_is_digit(s[i]); i++)
        ;
    if (i == d || i >= n || s[i] != '.')
        return 0;
    for (d = ++i; i < n && sipadv_is_digit(s[i]); i++)
        ;
    return i == d ? 0 : i;
}

bool sipadv_is_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (!sipadv_is_token_char(s[k]))
            return false;
    }
    return true;
}

size_t sipadv_skip_blanks(const char *s, size_t len, size_t i)
{
    while (i < len && sipadv_is_blank(s[i]))
        i++;
    return i;
}

sipadv_span sipadv_trimmed_span(const char *p, size_t n)
{
    sipadv_trim_blanks(&p, &n);
    return sipadv_make_span(p, n);
}

bool sipadv_contains_blank(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        if (sipadv_is_blank(s[k]))
            return true;
    }
    return false;
}

bool sipadv_span_equals(sipadv_span sp, const char *word)
{
    size_t n;

    if (sp.ptr == NULL || word == NULL)
        return false;
    n = strlen(word);
    return sp.len == n && sipadv_ci_equal(sp.ptr, word, n);
}

/* ---- Quoted strings, comments, angle brackets ------------------------------------------ */

/* s[i] is the opening '"'. Returns the offset just past the closing quote, or len with
 * *closed false when the string never ends. A backslash escapes the next byte (quoted-pair,
 * RFC 3261 sec. 25.1), so \" does not close the string. */
size_t sipadv_skip_quoted(const char *s, size_t len, size_t i, bool *closed)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '"') {
            *closed = true;
            return i + 1;
        }
    }
    *closed = false;
    return len;
}

/* s[i] is '('. Comments nest and take quoted-pairs (RFC 3261 sec. 25.1); a '"' inside is
 * plain text. Returns the offset past the matching ')', or len with *closed false. */
size_t sipadv_skip_comment(const char *s, size_t len, size_t i, bool *closed)
{
    size_t depth = 0;

    for (; i < len; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            *closed = true;
            return i + 1;
        }
    }
    *closed = false;
    return len;
}

/* Offset of the first `sep` outside quoted strings (and outside <...> when `angles`), or len.
 * *balanced becomes false when a quote or '<' is left open: the rest of the input was then
 * swallowed and the item cannot be trusted. Inside <...> quotes are plain URI text. */
size_t sipadv_find_top_level(const char *s, size_t len, char sep, bool angles, bool *balanced)
{
    size_t i = 0;

    *balanced = true;
    while (i < len) {
        if (s[i] == sep)
            return i;
        if (s[i] == '"') {
            i = sipadv_skip_quoted(s, len, i, balanced);
        } else if (angles && s[i] == '<') {
            const char *gt = memchr(s + i, '>', len - i);
            if (gt == NULL) {
                *balanced = false;
                return len;
            }
            i = (size_t)(gt - s) + 1;
        } else {
            i++;
        }
    }
    return len;
}


sipadv_name_addr_status sipadv_split_name_addr(const char *s, size_t len,
                                               sipadv_name_addr *out)
{
    size_t i = 0;
    bool closed = true;
    const char *gt;

    memset(out, 0, sizeof(*out));
    while (i < len && s[i] != '<' && s[i] != ';') {
        if (s[i] == '"') {
            i = sipadv_skip_quoted(s, len, i, &closed);
            if (!closed)
                return SIPADV_NAME_ADDR_OPEN_QUOTE;
        } else {
            i++;
        }
    }
    if (i == len || s[i] == ';') {
        out->uri = sipadv_trimmed_span(s, i);
        out->params = sipadv_make_span(s + i, len - i);
        return SIPADV_NAME_ADDR_OK;
    }
    out->bracketed = true;
    out->display_name = sipadv_trimmed_span(s, i);
    gt = memchr(s + i, '>', len - i);
    if (gt == NULL) {
        out->uri = sipadv_make_span(s + i + 1, len - i - 1);
        return SIPADV_NAME_ADDR_OPEN_ANGLE;
    }
    out->uri = sipadv_make_span(s + i + 1, (size_t)(gt - s) - i - 1);
    out->params = sipadv_make_span(gt + 1, (size_t)(s + len - gt) - 1);
    return SIPADV_NAME_ADDR_OK;
}

sipadv_splitter sipadv_splitter_make(const char *s, size_t len, char sep, bool angles)
{
    sipadv_splitter sp = { s, len, s == NULL ? 1 : 0, sep, angles };
    if (s == NULL)
        sp.len = 0;
    return sp;
}

/* The next item, untrimmed; false when the walk is over. */
bool sipadv_splitter_next(sipadv_splitter *sp, const char **item, size_t *item_len, bool *balanced)
{
    size_t end;

    if (sp->pos > sp->len)
        return false;
    *item = sp->s + sp->pos;
    end = sp->pos + sipadv_find_top_level(*item, sp->len - sp->pos, sp->sep, sp->angles, balanced);
    *item_len = end - sp->pos;
    sp->pos = end + 1;
    return true;
}

/* ---- Parameters ------------------------------------------------------------------------ */


/* Value part of a parameter: a quoted-string must end the segment (only blanks after it). */
static void parse_param_value(const char *v, size_t n, sipadv_param *p)
{
    bool closed;
    size_t end;

    sipadv_trim_blanks(&v, &n);
    p->sent = sipadv_make_span(v, n);
    if (n == 0 || v[0] != '"') {
        p->value = sipadv_make_span(v, n);
        return;
    }
    end = sipadv_skip_quoted(v, n, 0, &closed);
    p->quoted = true;
    p->value = sipadv_make_span(v + 1, closed ? end - 2 : n - 1);
    if (!closed || sipadv_skip_blanks(v, n, end) != n)
        p->ok = false;
}

sipadv_param sipadv_parse_param(const char *seg, size_t n)
{
    sipadv_param p;
    const char *eq = n > 0 ? memchr(seg, '=', n) : NULL;
    size_t name_len = eq ? (size_t)(eq - seg) : n;

    memset(&p, 0, sizeof(p));
    p.name = sipadv_trimmed_span(seg, name_len);
    p.ok = sipadv_is_token(p.name.ptr, p.name.len);
    if (eq != NULL)
        parse_param_value(eq + 1, n - name_len - 1, &p);
    return p;
}

bool sipadv_is_empty_segment(const char *seg, size_t n)
{
    return sipadv_skip_blanks(seg, n, 0) == n;
}

sipadv_param_walk sipadv_params_of(const char *s, size_t len)
{
    sipadv_param_walk w = { sipadv_splitter_make(s, len, ';', false) };
    return w;
}

sipadv_param_walk sipadv_params_after_head(const char *s, size_t len, sipadv_span *head)
{
    sipadv_param_walk w = sipadv_params_of(s, len);
    const char *item;
    size_t n;
    bool balanced;

    *head = sipadv_splitter_next(&w.sp, &item, &n, &balanced) ? sipadv_trimmed_span(item, n)
                                                               : sipadv_make_span(NULL, 0);
    return w;
}

bool sipadv_params_next(sipadv_param_walk *w, sipadv_param *p)
{
    const char *seg;
    size_t n;
    bool balanced;

    while (sipadv_splitter_next(&w->sp, &seg, &n, &balanced)) {
        if (sipadv_is_empty_segment(seg, n))
            continue;
        *p = sipadv_parse_param(seg, n);
        p->ok = p->ok && balanced;
        return true;
    }
    return false;
}

/* ---- Numbers --------------------------------------------------------------------------- */

/* 1*DIGIT with blanks around it. A value above 2^32-1 is TOO_BIG, never wrapped; digits
 * mixed with anything else are INVALID, even when the number would also be too big. */
sipadv_num sipadv_parse_number(const char *s, size_t len)
{
    sipadv_num r = { SIPADV_NUM_INVALID, 0 };
    uint64_t v = 0;
    bool too_big = false;

    if (s == NULL)
        return r;
    sipadv_trim_blanks(&s, &len);
    if (len == 0)
        return r;
    for (size_t k = 0; k < len; k++) {
        if (!sipadv_is_digit(s[k]))
            return r;
        if (!too_big)
            v = v * 10 + (uint64_t)(s[k] - '0');
        if (v > UINT32_MAX)
            too_big = true;
    }
    if (too_big) {
        r.status = SIPADV_NUM_TOO_BIG;
        return r;
    }
    r.status = SIPADV_NUM_OK;
    r.value = (uint32_t)v;
    return r;
}

/* The number a parameter carries; INVALID when it has no value. */
sipadv_num sipadv_param_number(const sipadv_param *p)
{
    sipadv_num invalid = { SIPADV_NUM_INVALID, 0 };

    if (p->value.ptr == NULL || p->quoted)
        return invalid;
    return sipadv_parse_number(p->value.ptr, p->value.len);
}

sipadv_num sipadv_invalid_number(void)
{
    sipadv_num r = { SIPADV_NUM_INVALID, 0 };
    return r;
}

bool sipadv_is_all_blank(const char *s, size_t len)
{
    return s == NULL || sipadv_skip_blanks(s, len, 0) == len;
}

sipadv_num sipadv_parse_delta_seconds(const char *s, size_t len)
{
    sipadv_num absent = { SIPADV_NUM_ABSENT, 0 };

    if (sipadv_is_all_blank(s, len))
        return absent;
    return sipadv_parse_number(s, len);
}

