/* Character classes shared by the plain-C parsers (ASCII only, locale-independent, so a
 * packet's bytes are never interpreted through the user's locale). */
#ifndef SIPADV_CHARS_H
#define SIPADV_CHARS_H

#include <stdbool.h>

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

#endif
