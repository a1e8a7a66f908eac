/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Request/response linkage for the hints: remembers each request's key values until its
 * transaction is long over, so a response can be compared with the request it answers.
 *
 * Wireshark's own sip.response-request keys on Call-ID and addresses only, misses TCP and
 * mixes up overlapping transactions, so we keep our own table. Plain C with GLib.
 * Memory is bounded by time, not by capture size: as new requests arrive, an entry is
 * dropped SIPADV_TXN_LINGER seconds after its final response, or at the latest once the
 * horizon (seconds) has passed since the request or its latest provisional response past
 * 100 (RFC 3261's Timer C). */
#ifndef SIPADV_TXN_H
#define SIPADV_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include "sipadv_headers.h" /* sipadv_span */

typedef struct sipadv_txns sipadv_txns;

/* Seconds an answered transaction is kept after its first final response (64*T1). */
#define SIPADV_TXN_LINGER 32.0

/* A request as it is seen: spans into its message's bytes (absent: ptr NULL). The table
 * keeps bounded copies (at most 255 bytes each, never half a UTF-8 character). */
typedef struct {
    uint32_t frame;
    double time;
    sipadv_span expires;          /* Expires header value */
    sipadv_span contact;          /* Contact header value (its expires= parameter) */
    sipadv_span session_expires;  /* Session-Expires header value */
    sipadv_span www_realm;        /* realm of the request's Authorization, if any */
    sipadv_span proxy_realm;      /* realm of its Proxy-Authorization, if any */
    sipadv_span request_uri;      /* its Request-URI: the target a retry goes to */
} sipadv_request_in;

/* What a response's hints may compare with, as the table keeps it: the same values as
 * spans into its own bounded copies (ptr NULL when absent), but the Contact already read
 * for its expires parameter, the only thing asked of it. A Contact can be far longer than
 * any bound worth keeping (instance ids, feature tags), and a copy cut short could lose
 * the parameter. */
typedef struct {
    uint32_t frame;
    double time;
    sipadv_span expires;
    sipadv_num contact_expires;   /* the first contact's expires= (sipadv_contact_expires) */
    sipadv_span session_expires;
    sipadv_span www_realm;
    sipadv_span proxy_realm;
    sipadv_span request_uri;
} sipadv_request;

/* Identifies a transaction: Call-ID, CSeq number and method, and the requester's address
 * (the response travels back to it). Spans into the message and the glue's buffers; only
 * a new request's key is copied. Call-ID and requester count up to 255 bytes, the method
 * up to 64. */
typedef struct {
    sipadv_span call_id;
    unsigned cseq;
    sipadv_span method;
    sipadv_span requester;        /* the request's source, as the glue encodes it */
} sipadv_txn_key;

sipadv_txns *sipadv_txns_new(double horizon_seconds);
void sipadv_txns_free(sipadv_txns *t);

/* Remember a request. A retransmission (same key) keeps the first copy. */
void sipadv_txns_add(sipadv_txns *t, const sipadv_txn_key *key, const sipadv_request_in *req);
/* The request a response answers (key.requester = the response's destination), or NULL.
 * Valid until the next call that adds to the table. */
const sipadv_request *sipadv_txns_find(const sipadv_txns *t, const sipadv_txn_key *key);
/* As sipadv_txns_find, for a response with status `code` seen at `time`: the first final
 * one (>= 200) starts the entry's SIPADV_TXN_LINGER clock, and a provisional one past 100
 * before it restarts the horizon. */
const sipadv_request *sipadv_txns_answer(sipadv_txns *t, const sipadv_txn_key *key,
                                         unsigned code, double time);
unsigned sipadv_txns_count(const sipadv_txns *t);

/* ---- retries after Retry-After -------------------------------------------------------
 * A 503 (or any response) with Retry-After asks the client to wait before it sends to that
 * server again (RFC 3261 sec. 21.5.4); trying an alternate server at once is what it
 * should do. We note the response, then watch for the same client sending the same method
 * to the same target and the same server. */

typedef struct {
    sipadv_span client;           /* the requester (as in sipadv_txn_key) */
    sipadv_span server;           /* where the request went: the response's sender */
    sipadv_span method;
    sipadv_span target;           /* the Request-URI */
} sipadv_retry_key;

typedef struct {
    uint32_t response_frame;
    double response_time;
    unsigned retry_after;         /* seconds asked */
    uint32_t retry_frame;         /* first retry seen, 0 if none */
    double retry_time;
} sipadv_retry;

void sipadv_txns_note_retry_after(sipadv_txns *t, const sipadv_retry_key *key, uint32_t frame,
                                  double time, unsigned seconds);
/* Call for every new request: records it as the retry of a noted response, if any. */
void sipadv_txns_note_request(sipadv_txns *t, const sipadv_retry_key *key, uint32_t frame,
                              double time);
/* The retry record of the response in `frame`, or NULL. */
const sipadv_retry *sipadv_txns_retry_for(const sipadv_txns *t, uint32_t frame);

#endif
