/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hash of the plain modules' string keys (Call-IDs, transaction and dialog keys), as
 * NUL-terminated strings or as spans. */
#ifndef SIPADV_HASH_H
#define SIPADV_HASH_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "sipadv_headers.h"

/* The last r (1-7) of the len bytes at s, the first of them in the lowest byte. Where the
 * key has 8 or 4 bytes to spare, whole-word loads that overlap bytes already hashed are
 * shifted or merged into place (the same number a byte loop gives): the tail is hashed for
 * every key piece, and a byte loop or a memcpy of variable length costs several times as
 * much. */
static inline uint64_t sipadv_hash_tail(const char *s, size_t len, size_t r)
{
    uint64_t w = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const char *end = s + len;

    if (len >= 8) {
        memcpy(&w, end - 8, 8);
        return w >> (8 * (8 - r));
    }
    if (r >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, end - r, 4);
        memcpy(&hi, end - 4, 4);
        /* The bytes both words hold are the same bytes at the same places. */
        return (uint64_t)lo | ((uint64_t)hi << (8 * (r - 4)));
    }
#endif
    for (size_t i = 0; i < r; i++)
        w |= (uint64_t)(unsigned char)s[len - r + i] << (8 * i);
    return w;
}

/* For GHashTable, in place of g_str_hash: every SIP message hashes one or two keys of
 * 40-200 bytes, and g_str_hash takes them a byte at a time. This one takes eight bytes per
 * multiply, mixes the length in, and folds the high bits down at the end. It is no defence
 * against keys chosen to collide; neither is g_str_hash, and each table is bounded.
 *
 * sipadv_hash_mix mixes len bytes at s into the running state h. Keys made of several
 * pieces mix each piece in turn; the length goes in first, so ("ab", "c") and ("a", "bc") differ. */
static inline uint64_t sipadv_hash_mix(uint64_t h, const char *s, size_t len)
{
    size_t k = 0;
    uint64_t w;

    h = (h ^ (uint64_t)len) * 0x9E3779B97F4A7C15u;
    for (; k + 8 <= len; k += 8) {
        memcpy(&w, s + k, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    if (k < len) {
        /* The last 1-7 bytes as a little-endian number. */
        h = (h ^ sipadv_hash_tail(s, len, len - k)) * 0xC4CEB9FE1A85EC53u;
    }
    return h;
}

static inline guint sipadv_hash_finish(uint64_t h)
{
    h ^= h >> 29;
    return (guint)(h ^ (h >> 32));
}

static inline guint sipadv_bytes_hash(const char *s, size_t len)
{
    return sipadv_hash_finish(sipadv_hash_mix(0x9E3779B97F4A7C15u, s, len));
}

/* Tables keyed on byte strings that may hold any byte, NUL included: the key is a
 * sipadv_span, absent meaning empty. A lookup passes a span on the stack that may point
 * anywhere (into packet bytes, say); a stored key owns a copy of its bytes
 * (sipadv_span_key_new, released with g_free). */
static inline guint sipadv_span_hash(gconstpointer key)
{
    const sipadv_span *sp = key;
    return sipadv_bytes_hash(sp->ptr, sp->len);
}

static inline gboolean sipadv_span_equal(gconstpointer a, gconstpointer b)
{
    return sipadv_span_same(*(const sipadv_span *)a, *(const sipadv_span *)b);
}

/* One block: the span, then the bytes it points to. */
static inline sipadv_span *sipadv_span_key_new(sipadv_span sp)
{
    sipadv_span *key = g_malloc(sizeof(*key) + sp.len);
    char *bytes = (char *)(key + 1);

    if (sp.len > 0)
        memcpy(bytes, sp.ptr, sp.len);
    key->ptr = bytes;
    key->len = sp.len;
    return key;
}

#endif
