/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compact replay records: what a later pass needs to render a plain response (most of the
 * traffic) in 16 bytes, in one array indexed by frame number.
 *
 * Plain C with GLib. The first pass reads frames in order and appends; later passes (the
 * GUI, tshark -2) look a frame up by binary search. Frames with anything more (transfers,
 * hints, anomalies, several messages) keep their full record elsewhere. */
#ifndef SIPADV_REPLAY_H
#define SIPADV_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

/* One plain response: its frame, the request it answers, and code, condition, CSeq method
 * and response time packed in 64 bits (10 + 2 + 4 + 48: nanoseconds up to 78 hours). */
typedef struct {
    uint32_t frame;
    uint32_t request_frame;    /* 0 if the request was not captured */
    uint64_t packed;
} sipadv_compact_response;

typedef struct {
    uint32_t frame;
    uint32_t request_frame;
    unsigned code;             /* 0..1023 */
    unsigned when;             /* sipadv_condition, 0..3 */
    unsigned method;           /* sipadv_method, 0..15 */
    uint64_t response_ns;      /* below 2^48 */
} sipadv_response_fields;

/* False when a value does not fit its bits: the caller keeps a full record instead. */
bool sipadv_replay_pack(const sipadv_response_fields *in, sipadv_compact_response *out);
void sipadv_replay_unpack(const sipadv_compact_response *in, sipadv_response_fields *out);

/* Nanoseconds of a non-negative time in seconds, rounded as Wireshark's time fields are
 * shown; UINT64_MAX when negative or too large. */
uint64_t sipadv_replay_ns(double seconds);

typedef struct sipadv_replay sipadv_replay;

sipadv_replay *sipadv_replay_new(void);
void sipadv_replay_free(sipadv_replay *r);

/* Appends a record; false (and nothing kept) when its frame is not after the last one
 * appended, so the array stays sorted: the caller then keeps a full record instead. */
bool sipadv_replay_add(sipadv_replay *r, const sipadv_compact_response *rec);
/* The record of a frame, or NULL. Looking frames up in increasing order costs no search
 * (the table remembers where the last lookup ended); any order gives the same answers. */
const sipadv_compact_response *sipadv_replay_find(sipadv_replay *r, uint32_t frame);
/* Records kept. */
unsigned sipadv_replay_count(const sipadv_replay *r);

#endif
