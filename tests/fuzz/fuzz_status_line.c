/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: sipadv_parse_status_line over arbitrary bytes, and the display-text
 * repair (sipadv_utf8.h) that a phrase or a malformed status line goes through.
 *
 * The input is the line itself (the glue passes a Status-Line field value, a sipfrag first
 * line or the raw first 128 bytes of an undissected message). Beyond "no crash, no
 * out-of-bounds read", it checks the contracts in sipadv_parse.h and sipadv_utf8.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz_input.h"
#include "sipadv_codes.h"
#include "sipadv_parse.h"
#include "sipadv_utf8.h"

static void check_line(const char *s, size_t len)
{
    sipadv_status_line sl;
    sipadv_status_result r = sipadv_parse_status_line(s, len, &sl);
    const sipadv_code_entry *e;

    FUZZ_ASSERT(r == SIPADV_STATUS_OK || r == SIPADV_STATUS_BAD_CODE ||
                r == SIPADV_STATUS_NOT_STATUS);
    if (r == SIPADV_STATUS_NOT_STATUS)
        return;
    /* "SIP/2.0 \r..." : a version, then no code at all; nothing else is set. */
    if (sl.code_len == 0) {
        FUZZ_ASSERT(r == SIPADV_STATUS_BAD_CODE && !sl.code_is_numeric && sl.code == 0);
        return;
    }
    /* The phrase lies inside the input. */
    FUZZ_ASSERT(sl.phrase != NULL);
    FUZZ_ASSERT(sl.phrase >= s && sl.phrase <= s + len);
    FUZZ_ASSERT(sl.phrase_len <= (size_t)(s + len - sl.phrase));
    FUZZ_ASSERT(sl.code_len > 0 && sl.code_len <= len);
    if (!sl.code_is_numeric)
        FUZZ_ASSERT(sl.code == 0);
    if (sl.code_is_numeric)
        FUZZ_ASSERT(sl.code_len <= 9 && sl.code <= 999999999u);
    if (r == SIPADV_STATUS_OK) {
        FUZZ_ASSERT(sl.code_is_numeric && sl.code_len == 3);
        FUZZ_ASSERT(sl.code >= 100 && sl.code <= 699);
        /* What the glue does next with a valid line. */
        e = sipadv_lookup_registered(sl.code);
        if (e != NULL)
            (void)sipadv_phrase_equal(sl.phrase, sl.phrase_len, e->phrase);
    } else {
        FUZZ_ASSERT(!sl.code_is_numeric || sl.code_len != 3 || sl.code < 100 ||
                    sl.code > 699);
    }
    /* The phrase compared with itself is always equal once NUL-terminated (blanks aside). */
    if (sl.phrase_len > 0 && memchr(sl.phrase, '\0', sl.phrase_len) == NULL) {
        char *copy = malloc(sl.phrase_len + 1);
        memcpy(copy, sl.phrase, sl.phrase_len);
        copy[sl.phrase_len] = '\0';
        FUZZ_ASSERT(sipadv_phrase_equal(sl.phrase, sl.phrase_len, copy) ||
                    /* a phrase with leading or trailing blanks differs from its own text */
                    strchr(" \t\r\n", copy[0]) != NULL ||
                    strchr(" \t\r\n", copy[sl.phrase_len - 1]) != NULL);
        free(copy);
    }
}

/* The repair: valid output within its room, the input itself when valid (GLib's answer
 * and the harness's own validator agree), and with a smaller room a prefix of the full
 * repair that stops only before a character that does not fit. */
static void check_repair(const char *s, size_t len)
{
    size_t room = SIPADV_UTF8_REPAIR_ROOM(len), n, cut_room, m;
    char *full = malloc(room), *cut;
    bool valid = sipadv_utf8_valid(s, len);

    FUZZ_ASSERT(valid == (bool)g_utf8_validate(s, (gssize)len, NULL));
    FUZZ_ASSERT(valid == (fuzz_utf8_valid(s, len) && memchr(s, 0, len) == NULL));
    n = sipadv_utf8_repair(s, len, full, room);
    FUZZ_ASSERT(n < room && full[n] == '\0' && strlen(full) == n);
    FUZZ_ASSERT(fuzz_utf8_valid(full, n));
    FUZZ_ASSERT(!valid || (n == len && memcmp(full, s, len) == 0));
    FUZZ_ASSERT(n >= len); /* never shortens */

    cut_room = len % 23 + 1;
    cut = malloc(cut_room);
    m = sipadv_utf8_repair(s, len, cut, cut_room);
    FUZZ_ASSERT(m < cut_room && m <= n && memcmp(cut, full, m) == 0 && cut[m] == '\0');
    if (m < n) {
        size_t next = 1;
        while (m + next < n && ((unsigned char)full[m + next] & 0xC0) == 0x80)
            next++;
        FUZZ_ASSERT(((unsigned char)full[m] & 0xC0) != 0x80); /* a character boundary */
        FUZZ_ASSERT(m + next >= cut_room);                    /* it did not fit */
    }
    free(cut);
    free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exact-size copy: libFuzzer's buffer is already exact, but this also gives every
     * prefix a chance without a trailing NUL. */
    char *s = malloc(size ? size : 1);

    memcpy(s, data, size);
    check_line(s, size);
    check_repair(s, size);
    /* The tracker parses a NUL-terminated sipfrag line with strlen(): do that too. */
    if (memchr(data, '\0', size) == NULL) {
        char *z = malloc(size + 1);
        memcpy(z, data, size);
        z[size] = '\0';
        check_line(z, strlen(z));
        free(z);
    }
    free(s);
    return 0;
}
