/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The hash of the plain modules' string keys (Call-IDs, transaction and dialog keys). */
#ifndef SIPADV_HASH_H
#define SIPADV_HASH_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

/* For GHashTable, in place of g_str_hash: every SIP message hashes one or two keys of
 * 40-200 bytes, and g_str_hash takes them a byte at a time. This one takes eight bytes per
 * multiply, mixes the length in, and folds the high bits down at the end. It is no defence
 * against keys chosen to collide; neither is g_str_hash, and each table is bounded. */
/* Mixes len bytes at s into the running state h. Keys made of several pieces mix each
 * piece in turn; the length goes in first, so ("ab", "c") and ("a", "bc") differ. */
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
        w = 0;
        memcpy(&w, s + k, len - k);
        h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    }
    return h;
}

static inline guint sipadv_hash_finish(uint64_t h)
{
    h ^= h >> 29;
    return (guint)(h ^ (h >> 32));
}

static inline guint sipadv_key_hash(gconstpointer key)
{
    const char *s = key;

    return sipadv_hash_finish(sipadv_hash_mix(0x9E3779B97F4A7C15u, s, strlen(s)));
}

#endif
