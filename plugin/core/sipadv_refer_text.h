/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain-language sentences about a transfer's outcome, for the tree and expert items.
 * Plain C: no Wireshark headers. */
#ifndef SIPADV_REFER_TEXT_H
#define SIPADV_REFER_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "sipadv_refer.h"

/* "202 Accepted", "486 Busy Here", "599 (unregistered)": a status for a sentence. */
void sipadv_status_words(char *buf, size_t size, unsigned code);

/* One sentence explaining the verdict. `complete` is false while the capture is still being
 * read for the first time (single pass), when a pending transfer may still be decided. */
void sipadv_transfer_explain(char *buf, size_t size, const sipadv_transfer *tr,
                             const sipadv_outcome *o, double timeout, bool complete);

/* The same sentence without this transfer's own frame numbers and seconds, for expert
 * summaries: tshark -z expert groups equal summaries, and its tap searches the distinct
 * ones linearly, so numbers per instance would make it quadratic on a busy capture. */
void sipadv_transfer_finding(char *buf, size_t size, const sipadv_transfer *tr,
                             const sipadv_outcome *o, double timeout, bool complete);

/* "202 Accepted, then the transfer failed with 500 Server Internal Error", for the 2xx of
 * a transfer that failed later. */
void sipadv_accepted_then_failed(char *buf, size_t size, const sipadv_transfer *tr);

/* The short tag for the Info column, in the style of Wireshark's "[TCP Retransmission]"
 * without the brackets: "Transfer failed: 486 Busy Here", "Transfer succeeded", "No
 * NOTIFY", ... Empty (returns false) when there is nothing to flag: a transfer still
 * pending while the first pass reads on, or a REFER that was challenged and retried (the
 * retry carries the verdict). */
bool sipadv_transfer_tag(char *buf, size_t size, const sipadv_transfer *tr,
                         const sipadv_outcome *o, bool complete);

#endif
