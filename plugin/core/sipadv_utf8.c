/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Display text from packet bytes (see sipadv_utf8.h). */
#include "sipadv_utf8.h"

#include <string.h>

#include "sipadv_chars.h"

/* Bytes of the well-formed UTF-8 character at s, NUL excluded, or 0 with *bad set to the
 * length of the ill-formed sequence there: its maximal subpart, at least one byte. */
static size_t utf8_char(const unsigned char *s, size_t len, size_t *bad)
{
    unsigned char lead = s[0], lo = 0x80, hi = 0xBF;
    size_t need;

    if (lead != 0 && lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        lo = lead == 0xE0 ? 0xA0 : 0x80; /* no overlong form */
        hi = lead == 0xED ? 0x9F : 0xBF; /* no surrogate */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        lo = lead == 0xF0 ? 0x90 : 0x80; /* no overlong form */
        hi = lead == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else {
        *bad = 1; /* NUL, a continuation byte, C0, C1 or F5..FF */
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= len || s[k] < lo || s[k] > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

bool sipadv_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;

    if (sipadv_is_plain_ascii(s, len))
        return true;
    while (len > 0) {
        size_t bad = 0, n = utf8_char(p, len, &bad);

        if (n == 0)
            return false;
        p += n;
        len -= n;
    }
    return true;
}

size_t sipadv_utf8_shown(const char *s, size_t len, size_t max, bool cut_before, char *out)
{
    /* Repair never shortens, so max input bytes are enough, and up to 3 more tell whether
     * the character the cut falls in is whole: then it is left out, not replaced. */
    size_t in_len = len > max && len - max > 3 ? max + 3 : len;
    size_t n = sipadv_utf8_repair(s, in_len, out, SIPADV_UTF8_SHOWN_ROOM(max));

    if (!cut_before && in_len == len && n <= max)
        return n;
    n = sipadv_utf8_cut(out, n, max);
    memcpy(out + n, "...", 4);
    return n + 3;
}

size_t sipadv_utf8_repair(const char *s, size_t len, char *out, size_t size)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    size_t used = 0;

    if (sipadv_is_plain_ascii(s, len)) { /* nearly every text: a plain copy */
        used = len < size ? len : size - 1;
        memcpy(out, s, used);
        out[used] = '\0';
        return used;
    }
    while (len > 0) {
        size_t bad = 0, n = utf8_char(p, len, &bad);
        const char *piece = n > 0 ? (const char *)p : replacement;
        size_t piece_len = n > 0 ? n : sizeof(replacement) - 1, consumed = n > 0 ? n : bad;

        if (used + piece_len >= size)
            break;
        memcpy(out + used, piece, piece_len);
        used += piece_len;
        p += consumed;
        len -= consumed;
    }
    out[used] = '\0';
    return used;
}
