/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny byte reader for the libFuzzer harnesses (a C cousin of FuzzedDataProvider).
 *
 * Every read past the end yields zeros, so any input decodes to something. Strings are
 * returned as exact-size heap copies (n bytes + NUL): ASan then reports a read one byte
 * past a string the code under test was handed, as a real capture's field value would be.
 *
 * fuzz_span() decodes the same encoding to a span: an exact-size copy without a terminator,
 * as header values come from the message reader.
 *
 * String encoding (see also gen_corpus.py, which writes seeds in this format):
 *   0xFD            NULL (header absent)
 *   0xFE lo hi      literal of a 16-bit length, then that many bytes
 *   0xFF n          literal of n bytes (0..255)
 *   anything else   pool[selector % pool size]
 */
#ifndef SIPADV_FUZZ_INPUT_H
#define SIPADV_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipadv_headers.h" /* sipadv_span */

#define FUZZ_STR_NULL 0xFD
#define FUZZ_STR_LONG 0xFE
#define FUZZ_STR_SHORT 0xFF

typedef struct {
    const uint8_t *p;
    size_t left;
    /* Strings handed out during one event; freed by fuzz_release(). */
    char *owned[32];
    unsigned n_owned;
    bool all_utf8;    /* every string handed out so far was valid UTF-8 */
} fuzz_input;

static inline bool fuzz_utf8_valid(const char *str, size_t n);

static inline void fuzz_init(fuzz_input *in, const uint8_t *data, size_t size)
{
    in->p = data;
    in->left = size;
    in->n_owned = 0;
    in->all_utf8 = true;
}

static inline bool fuzz_done(const fuzz_input *in)
{
    return in->left == 0;
}

static inline uint8_t fuzz_u8(fuzz_input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

static inline uint16_t fuzz_u16(fuzz_input *in)
{
    uint16_t lo = fuzz_u8(in);
    return (uint16_t)(lo | (uint16_t)fuzz_u8(in) << 8);
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    uint32_t lo = fuzz_u16(in);
    return lo | (uint32_t)fuzz_u16(in) << 16;
}

/* An exact-size NUL-terminated copy of the next n bytes (fewer if the input ends). */
static inline char *fuzz_bytes(fuzz_input *in, size_t n)
{
    char *s;

    if (n > in->left)
        n = in->left;
    s = malloc(n + 1);
    if (s == NULL)
        abort();
    memcpy(s, in->p, n);
    s[n] = '\0';
    if (!fuzz_utf8_valid(s, strlen(s)))
        in->all_utf8 = false;
    in->p += n;
    in->left -= n;
    if (in->n_owned < sizeof(in->owned) / sizeof(in->owned[0]))
        in->owned[in->n_owned++] = s;
    else
        abort(); /* a harness bug: call fuzz_release() between events */
    return s;
}

static inline void fuzz_release(fuzz_input *in)
{
    for (unsigned i = 0; i < in->n_owned; i++)
        free(in->owned[i]);
    in->n_owned = 0;
}

/* A string: NULL, a literal, or an entry of the pool (pool strings are copied too, so an
 * over-read of a pool value is caught as well). */
static inline const char *fuzz_str(fuzz_input *in, const char *const *pool, size_t pool_n)
{
    uint8_t sel = fuzz_u8(in);
    const char *v;

    switch (sel) {
    case FUZZ_STR_NULL:
        return NULL;
    case FUZZ_STR_LONG:
        return fuzz_bytes(in, fuzz_u16(in));
    case FUZZ_STR_SHORT:
        return fuzz_bytes(in, fuzz_u8(in));
    default:
        v = pool[sel % pool_n];
        {
            fuzz_input lit = { (const uint8_t *)v, strlen(v), { 0 }, 0, true };
            char *copy = fuzz_bytes(&lit, lit.left);
            /* fuzz_bytes registered the copy in lit; move ownership to in. */
            if (in->n_owned >= sizeof(in->owned) / sizeof(in->owned[0]))
                abort();
            in->owned[in->n_owned++] = copy;
            return copy;
        }
    }
}

/* Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF), as Wireshark wants the
 * text of string fields to be. */
static inline bool fuzz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i], len, cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (unsigned k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static inline bool fuzz_utf8_valid_z(const char *s)
{
    return s == NULL || fuzz_utf8_valid(s, strlen(s));
}

#define FUZZ_POOL(in, pool) fuzz_str((in), (pool), sizeof(pool) / sizeof((pool)[0]))

/* An exact-size copy of n bytes without a terminator, owned by the input until
 * fuzz_release(): the APIs take spans, and ASan then reports any read past a span's length
 * (a packet's bytes have no NUL after a value either). */
static inline sipadv_span fuzz_span_copy(fuzz_input *in, const char *src, size_t n)
{
    char *copy = malloc(n > 0 ? n : 1);

    if (copy == NULL || in->n_owned >= sizeof(in->owned) / sizeof(in->owned[0]))
        abort();
    memcpy(copy, src, n);
    if (!fuzz_utf8_valid(copy, n))
        in->all_utf8 = false;
    in->owned[in->n_owned++] = copy;
    return (sipadv_span){ copy, n };
}

/* fuzz_str()'s encoding, decoded to a span: a literal keeps every byte it
 * has, NULs included; FUZZ_STR_NULL is an absent span. */
static inline sipadv_span fuzz_span(fuzz_input *in, const char *const *pool, size_t pool_n)
{
    uint8_t sel = fuzz_u8(in);
    size_t n;
    const char *start;

    switch (sel) {
    case FUZZ_STR_NULL:
        return (sipadv_span){ NULL, 0 };
    case FUZZ_STR_LONG:
        n = fuzz_u16(in);
        break;
    case FUZZ_STR_SHORT:
        n = fuzz_u8(in);
        break;
    default:
        return fuzz_span_copy(in, pool[sel % pool_n], strlen(pool[sel % pool_n]));
    }
    n = n < in->left ? n : in->left;
    start = (const char *)in->p;
    in->p += n;
    in->left -= n;
    return fuzz_span_copy(in, start, n);
}

#define FUZZ_SPAN(in, pool) fuzz_span((in), (pool), sizeof(pool) / sizeof((pool)[0]))

/* Invariant violated: crash so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond)                                                                    \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

#endif
