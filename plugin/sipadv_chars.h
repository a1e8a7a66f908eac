/* Character classes shared by the plain-C parsers (ASCII only, locale-independent, so a
 * packet's bytes are never interpreted through the user's locale). */
#ifndef SIPADV_CHARS_H
#define SIPADV_CHARS_H

#include <stdbool.h>
#include <stddef.h>

static inline bool sipadv_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline bool sipadv_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline char sipadv_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
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

#endif
