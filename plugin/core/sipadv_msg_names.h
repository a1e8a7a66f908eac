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
 * length, at most NAME_CANDIDATES names (two today in four slots: Call-ID/Contact,
 * Accept-Encoding/Accept-Language, Refer-Sub/Recv-Info, Retry-After/Referred-By), each with the rest of its name lower-cased in zero-padded 8-byte
 * words, so a header name is matched with one table lookup and at most three word
 * compares. Built once, on first
 * use, from the rows; it holds no state.
 *
 * Case: a registered name holds only letters and '-'. Setting bit 0x20 lower-cases a
 * letter, and only the two cases of a letter give it; so at a letter's position the byte is
 * ORed with 0x20 and compared, and at a '-' it is compared as it is (CR, 0x0D, would pass
 * for '-' under the OR). Each candidate keeps that OR mask beside its bytes, so a word of
 * eight name bytes costs one OR, one AND and one compare. */
#define NAME_MAX_LEN 24
#define NAME_WORDS 3
#define NAME_CANDIDATES 3

typedef struct {
    uint64_t rest[NAME_WORDS]; /* bytes 1..len-1, letters lower-cased, zero-padded */
    uint64_t fold[NAME_WORDS]; /* 0x20 at each letter's byte, 0 elsewhere */
    int8_t id;
} indexed_name;

typedef struct {
    bool built;
    uint8_t count[26][NAME_MAX_LEN + 1];
    indexed_name names[26][NAME_MAX_LEN + 1][NAME_CANDIDATES];
} name_index;

extern name_index sipadv_name_index;

/* Fills sipadv_name_index from the rows; header_id() calls it on first use. */
void sipadv_index_header_names(void);

/* Does name[1..n-1] equal a candidate's rest, letters in either case? Eight bytes per compare
 * wherever the readable bytes (up to limit) hold a whole word, the last word masked to the
 * name's length; byte by byte only where they do not (a name at the very end of a
 * message). */
static inline bool rest_equal(const char *name, size_t n, const char *limit,
                              const indexed_name *cand)
{
    const char *rest = name + 1;
    size_t r = n - 1, avail = (size_t)(limit - rest), k = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; r > 0 && 8 * k + 8 <= avail; k++) {
        uint64_t v, keep = r >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * r)) - 1;
        memcpy(&v, rest + 8 * k, 8);
        if (((v | cand->fold[k]) & keep) != cand->rest[k])
            return false;
        r = r >= 8 ? r - 8 : 0;
    }
#endif
    for (size_t c = 0; c < r; c++) {
        size_t at = 8 * k + c;
        if ((char)(rest[at] | ((const char *)cand->fold)[at]) != ((const char *)cand->rest)[at])
            return false;
    }
    (void)avail;
    return true;
}

/* The sipadv_header_id of a header name (n > 0 bytes, not yet checked for token bytes),
 * H_UNUSED or H_UNKNOWN. Only a known name's own bytes, letters in either case, match it:
 * no other byte, token or not, passes the masked compare. */
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
            return cand[k].id;
    }
    return H_UNKNOWN;
}

#endif
