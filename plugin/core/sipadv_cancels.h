/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Remembers which INVITE transactions saw a CANCEL, so a 487 can be judged routine
 * (the caller hung up before the answer) or suspicious (nobody asked to cancel).
 * Plain C with GLib. One entry per CANCEL request in the capture. */
#ifndef SIPADV_CANCELS_H
#define SIPADV_CANCELS_H

#include <stdbool.h>

#include "sipadv_headers.h"

typedef struct sipadv_cancels sipadv_cancels;

sipadv_cancels *sipadv_cancels_new(void);
void sipadv_cancels_free(sipadv_cancels *set);
/* Record a CANCEL for the INVITE with this Call-ID and CSeq number. The Call-ID is borrowed
 * for the call (the set keeps its own copy), compared byte for byte over its whole length;
 * an absent one counts as empty. */
void sipadv_cancels_add(sipadv_cancels *set, sipadv_span call_id, unsigned cseq);
bool sipadv_cancels_contains(const sipadv_cancels *set, sipadv_span call_id, unsigned cseq);
unsigned sipadv_cancels_count(const sipadv_cancels *set);

#endif
