/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reader's header-name table, private to sipadv_msg.c: the rows (full and compact
 * names, sipadv_msg_names.c) and the index the reader's inner loop looks names up in,
 * with the lookup inline here because it runs for every header line. */
#ifndef SIPADV_MSG_NAMES_H
#define SIPADV_MSG_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A registered name the advisor does not use: recognised, then skipped like any other. */
#define H_UNUSED (-1)
#define H_UNKNOWN (-2)

/* The rows of sipadv_msg_names.c, indexed for the reader's hot loop: by first letter and
 * length, at most NAME_CANDIDATES names (two today: Call-ID/Contact, Accept-Encoding/
 * Accept-Language), each with the rest of its name lower-cased in zero-padded 8-byte
 * words, so a header name is matched with one table lookup and at most three word
 * compares. Built once, on first
 * use, from the rows; it holds no state.
 *
 * Case: header names are tokens, and a registered name holds only letters and '-'. For
 * token bytes, setting bit 0x20 lower-cases a letter and changes no other token character
 * into a letter or a '-', so one OR per byte replaces two case conversions. */
#define NAME_MAX_LEN 24
#define NAME_WORDS 3
#define NAME_CANDIDATES 3

typedef struct {
    uint64_t rest[NAME_WORDS]; /* bytes 1..len-1, OR 0x20, zero-padded */
    int8_t id;
    bool has_dash;             /* a '-' in the name: a CR there would pass the OR too */
} indexed_name;

typedef struct {
    bool built;
    uint8_t count[26][NAME_MAX_LEN + 1];
    indexed_name names[26][NAME_MAX_LEN + 1][NAME_CANDIDATES];
} name_index;

extern name_index sipadv_name_index;

/* Fills sipadv_name_index from the rows; header_id() calls it on first use. */
void sipadv_index_header_names(void);

/* Does name[1..n-1] equal a candidate's rest under OR 0x20? Eight bytes per compare where
 * the buffer allows reading whole words (limit: the end of the readable bytes); the last
 * word is masked to the name's length. */
static inline bool rest_equal(const char *name, size_t n, const char *limit,
                              const indexed_name *cand)
{
    size_t r = n - 1;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if ((size_t)(limit - (name + 1)) >= NAME_WORDS * 8) {
        const uint64_t lower8 = 0x2020202020202020u;

        for (size_t k = 0; r > 0; k++) {
            uint64_t v, keep = r >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * r)) - 1;
            memcpy(&v, name + 1 + 8 * k, 8);
            if (((v | lower8) & keep) != cand->rest[k])
                return false;
            r = r >= 8 ? r - 8 : 0;
        }
        return true;
    }
#endif
    (void)limit;
    for (size_t c = 0; c < r; c++) {
        if ((char)(name[1 + c] | 0x20) != ((const char *)cand->rest)[c])
            return false;
    }
    return true;
}

/* The sipadv_header_id of a header name (n > 0 bytes, not yet checked for token bytes),
 * H_UNUSED or H_UNKNOWN. Under OR 0x20 the only byte outside the tokens that can pass for a
 * letter or a '-' of a known name is CR (0x0D, taken for '-'), so a matched name with a
 * '-' is also checked for a CR. */
static inline int header_id(const char *name, size_t n, const char *limit)
{
    unsigned letter = (unsigned)((name[0] | 0x20) - 'a');
    const indexed_name *cand;
    unsigned count;

    if (letter >= 26 || n > NAME_MAX_LEN)
        return H_UNKNOWN;
    if (!sipadv_name_index.built)
        sipadv_index_header_names();
    count = sipadv_name_index.count[letter][n];
    cand = sipadv_name_index.names[letter][n];
    for (unsigned k = 0; k < count; k++) {
        if (rest_equal(name, n, limit, &cand[k]))
            return cand[k].has_dash && memchr(name, '\r', n) != NULL ? H_UNKNOWN : cand[k].id;
    }
    return H_UNKNOWN;
}

#endif
