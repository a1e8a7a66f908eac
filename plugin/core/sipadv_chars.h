/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Character classes shared by the plain-C parsers (ASCII only, locale-independent, so a
 * packet's bytes are never interpreted through the user's locale). */
#ifndef SIPADV_CHARS_H
#define SIPADV_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline bool sipadv_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* SP / HTAB (RFC 3261's WSP): what separates the parts of a start line, folds a header
 * line and may stand before HCOLON. */
static inline bool sipadv_is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

static inline bool sipadv_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline char sipadv_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Do the n bytes at s and at word match, ASCII case aside? Shared by the lexer, the reader
 * and the value parsers for parameter names, tokens and reason phrases (header names have
 * their own word-at-a-time compare, sipadv_msg_names.h). */
static inline bool sipadv_ci_equal(const char *s, const char *word, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (sipadv_lower(s[k]) != sipadv_lower(word[k]))
            return false;
    }
    return true;
}

/* Trims blanks (space, tab, CR, LF) on both sides of [*s, *s + *len). */
static inline void sipadv_trim_blanks(const char **s, size_t *len)
{
    while (*len > 0 && sipadv_is_blank((*s)[0])) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && sipadv_is_blank((*s)[*len - 1]))
        (*len)--;
}

/* Are the len bytes at s all ASCII and none of them NUL? Such bytes are valid UTF-8 (as
 * g_utf8_validate() with a length sees it), and a start line nearly always is: eight bytes
 * are checked at a time before the full validation is needed. */
static inline bool sipadv_is_plain_ascii(const char *s, size_t len)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    size_t k = 0;

    for (; k + 8 <= len; k += 8) {
        uint64_t v;
        memcpy(&v, s + k, 8);
        /* A high bit set, or a zero byte (the classic test: exact about whether there is
         * one). */
        if ((v & highs) != 0 || ((v - ones) & ~v & highs) != 0)
            return false;
    }
    for (; k < len; k++) {
        if ((unsigned char)s[k] - 1u >= 0x7Fu) /* 0x00 and 0x80..0xFF */
            return false;
    }
    return true;
}

/* How many of the len bytes at s to keep so that at most max are kept and a UTF-8
 * character is never cut in half (a display string with half a character is invalid
 * UTF-8). Backs off at most 3 continuation bytes: bytes that are not UTF-8 anyway stay as
 * they are. */
static inline size_t sipadv_utf8_cut(const char *s, size_t len, size_t max)
{
    size_t n;

    if (len <= max)
        return len;
    n = max;
    for (int k = 0; k < 3 && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; k++)
        n--;
    return n;
}

/* Drops an incomplete UTF-8 sequence left at the end of buf by a truncating snprintf, so a
 * shortened text never ends in half a character. */
static inline void sipadv_utf8_trim_partial(char *buf)
{
    size_t len = 0, start;
    unsigned char lead;
    size_t need;

    while (buf[len] != '\0')
        len++;
    if (len == 0)
        return;
    start = len - 1;
    while (start > 0 && len - start < 4 && ((unsigned char)buf[start] & 0xC0) == 0x80)
        start--;
    lead = (unsigned char)buf[start];
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - start < need)
        buf[start] = '\0';
}

#endif
