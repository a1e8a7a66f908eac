/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice built from the packet itself: hints that quote a response's own headers and compare
 * it with the request it answers ("asked 60 s, server's minimum is 3600 s").
 *
 * Plain C, no Wireshark headers. Inputs are NUL-terminated header values (NULL when the
 * header is absent); several instances of one header are passed joined with ", ". A header
 * the parsers cannot understand gives a hint that says so, never a guess. */
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
    const char *method;                   /* CSeq method */
    const char *retry_after;
    const char *min_expires;
    const char *min_se;
    const char *allow;
    const char *allow_events;
    const char *accept;
    const char *accept_encoding;
    const char *accept_language;
    const char *unsupported;
    const char *require;
    const char *recv_info;
    const char *accept_resource_priority;
    const char *warning;
    const char *reason;
    const char *www_authenticate;
    const char *proxy_authenticate;
    const char *contact;
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

/* The hint about a client's retry after a Retry-After (decided later in the capture):
 * false when there is nothing to say yet. */
/* Did the client retry sooner than the Retry-After asked? False while no retry is known. */
bool sipadv_retry_too_early(const sipadv_retry *r);
bool sipadv_retry_hint(const sipadv_retry *r, char *buf, unsigned size, bool *too_early);

#endif
