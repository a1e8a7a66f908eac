/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Packet text made fit for display: the one rule every plain module repairs bad bytes by. */
#ifndef SIPADV_UTF8_H
#define SIPADV_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Room that always holds the repair of len bytes, terminator included: a byte becomes at
 * most the three bytes of U+FFFD. */
#define SIPADV_UTF8_REPAIR_ROOM(len) (3 * (size_t)(len) + 1)

/* Are the len bytes at s well-formed UTF-8 (Unicode's Table 3-7) without a NUL? Exactly
 * the texts sipadv_utf8_repair() copies unchanged; the same answer as g_utf8_validate()
 * with a length. */
bool sipadv_utf8_valid(const char *s, size_t len);

/* Copies the len bytes at s to out (size > 0 bytes, terminator included) as display text:
 * each ill-formed sequence becomes one U+FFFD per maximal subpart, the substitution
 * Wireshark applies to packet text, and so does each NUL, which a C string could not carry
 * (Wireshark's label would end there). Only whole characters are written: when out is too
 * small the text stops before the first one that does not fit. Returns the bytes written,
 * terminator excluded. */
size_t sipadv_utf8_repair(const char *s, size_t len, char *out, size_t size);

/* Room sipadv_utf8_shown() needs for a bound of max bytes, terminator included. */
#define SIPADV_UTF8_SHOWN_ROOM(max) SIPADV_UTF8_REPAIR_ROOM((size_t)(max) + 3)

/* The len bytes at s as display text of at most max bytes, repaired as
 * sipadv_utf8_repair() does and cut between whole characters, then "..." when anything was
 * left out, here or by the caller before (cut_before), so that no cut is silent. out holds
 * SIPADV_UTF8_SHOWN_ROOM(max) bytes. Returns the bytes written, terminator excluded: at
 * most max + 3. */
size_t sipadv_utf8_shown(const char *s, size_t len, size_t max, bool cut_before, char *out);

#endif
