/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice built from the packet itself: hints that quote a response's own headers and compare
 * it with the request it answers ("asked 60 s, server's minimum is 3600 s").
 *
 * Plain C, no Wireshark headers. Inputs are spans of the header values as sent (ptr NULL
 * when the header is absent); several instances of one header are passed joined with ", ".
 * The bytes need not be valid UTF-8: a quoted value is repaired in the hint text (each
 * ill-formed sequence becomes U+FFFD, as Wireshark shows it). A header the parsers cannot
 * understand gives a hint that says so, never a guess. */
#ifndef SIPADV_HINTS_H
#define SIPADV_HINTS_H

#include <stdbool.h>

#include "sipadv_txn.h"

#define SIPADV_HINT_LEN 320
#define SIPADV_MAX_HINTS 12
#define SIPADV_MAX_JOINED 2048 /* bytes of a repeated header's instances read, joined */

/* The response being explained. */
typedef struct {
    unsigned code;
    sipadv_span method;                   /* CSeq method as sent; empty: none */
    sipadv_span retry_after;
    sipadv_span min_expires;
    sipadv_span min_se;
    sipadv_span allow;
    sipadv_span allow_events;
    sipadv_span accept;
    sipadv_span accept_encoding;
    sipadv_span accept_language;
    sipadv_span unsupported;
    sipadv_span require;
    sipadv_span recv_info;
    sipadv_span accept_resource_priority;
    sipadv_span warning;
    sipadv_span reason;
    sipadv_span www_authenticate;
    sipadv_span proxy_authenticate;
    sipadv_span contact;
    const sipadv_request *request;        /* the request it answers, NULL if not captured */
    bool instances_cut;                   /* a repeated header's instances past
                                           * SIPADV_MAX_JOINED bytes were left out */
} sipadv_hint_input;

/* Findings that also deserve an expert item of their own, as bit flags. */
enum {
    SIPADV_HINT_CREDENTIALS_REJECTED = 1u << 0, /* challenged again for the same realm */
    SIPADV_HINT_REASON_MISMATCH = 1u << 1,      /* Q.850 cause disagrees with the code */
    SIPADV_HINT_NOT_UNDERSTOOD = 1u << 2,       /* a header the advice needs is malformed */
    SIPADV_HINT_CARRIES_RETRY_AFTER = 1u << 3   /* a valid Retry-After: watch for retries */
};

typedef struct {
    unsigned count;
    unsigned flags;
    unsigned retry_after;                 /* seconds, when CARRIES_RETRY_AFTER */
    unsigned reason_cause;                /* the disagreeing Q.850 cause, when REASON_MISMATCH */
    unsigned dropped;                     /* hints that did not fit (the last one says so) */
    bool unread;                          /* a Warning or Reason list had more than was read */
    char text[SIPADV_MAX_HINTS][SIPADV_HINT_LEN];
} sipadv_hints;

/* Builds every hint for the response. */
void sipadv_hints_build(const sipadv_hint_input *in, sipadv_hints *out);

/* Did the client retry sooner than the Retry-After asked? False while no retry is known. */
bool sipadv_retry_too_early(const sipadv_retry *r);
/* The hint about a client's retry after a Retry-After (decided later in the capture):
 * false when there is nothing to say yet. */
bool sipadv_retry_hint(const sipadv_retry *r, char *buf, unsigned size, bool *too_early);

#endif
