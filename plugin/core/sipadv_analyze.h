/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first pass's SIP logic in one plain-C entry: one SIP message's bytes and the
 * capture's state in, the entry the plugin keeps for that message out. It reads the
 * message (sipadv_msg), classifies a response, checks CSeq, links a response to its
 * request, builds the hints and feeds the transaction table, the CANCEL set and the
 * transfer tracker.
 *
 * No Wireshark header: the glue only maps Wireshark's data (where the message lies, its
 * retransmission verdict, the addresses) to sipadv_message_in, and keeps what comes back.
 * Unit-tested and fuzzed from raw bytes (tests/fuzz/fuzz_analyze.c). */
#ifndef SIPADV_ANALYZE_H
#define SIPADV_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "sipadv_cancels.h"
#include "sipadv_hints.h"
#include "sipadv_method.h"
#include "sipadv_refer.h"
#include "sipadv_txn.h"

typedef enum {
    SIPADV_ENTRY_RESPONSE,  /* a response with a valid status code */
    SIPADV_ENTRY_MALFORMED, /* a response whose status code is malformed */
    SIPADV_ENTRY_REQUEST    /* a request worth keeping: part of a transfer, or bad input */
} sipadv_entry_kind;

/* Bad input found in one message, each with a clear expert note. */
enum {
    SIPADV_ANOMALY_NO_CSEQ = 1u << 0,             /* a response without CSeq */
    SIPADV_ANOMALY_DUPLICATE_CSEQ = 1u << 1,      /* more than one CSeq header */
    SIPADV_ANOMALY_CSEQ_METHOD = 1u << 2,         /* a request whose CSeq method differs */
    SIPADV_ANOMALY_PHRASE_NOT_UTF8 = 1u << 3,     /* reason phrase bytes are not UTF-8 */
    SIPADV_ANOMALY_BOGUS_SIPFRAG_PHRASE = 1u << 4, /* sipfrag like "SIP/2.0 487 487" */
    SIPADV_ANOMALY_BAD_EVENT_ID = 1u << 5         /* Event id that is not a 32-bit number */
};

/* Bounds of the packet text an entry keeps for replay; a longer text is cut between
 * characters and ends in "...". */
#define SIPADV_KEPT_LINE_MAX 128  /* a malformed status line, or a packet's own phrase */
#define SIPADV_KEPT_METHOD_MAX 32 /* an extension method */

/* What one message leaves for rendering. The pointers are valid only until the next
 * sipadv_analyze() call: whoever keeps the entry copies them (the glue, to file scope). */
typedef struct {
    uint16_t code;           /* parsed code (may be outside 100..699 when malformed) */
    uint8_t kind;            /* sipadv_entry_kind */
    uint8_t when;            /* sipadv_condition */
    bool has_code;           /* malformed: the code field was numeric (even 000) */
    uint8_t role;            /* sipadv_role, when transfer >= 0 */
    uint16_t link_flags;     /* SIPADV_NOTIFY_* and SIPADV_INVITE_* found on this message */
    uint16_t sipfrag_code;   /* a NOTIFY's own sipfrag status, 0 if none */
    int32_t transfer;        /* tracker index, -1 if the message is not part of a transfer */
    uint32_t request_frame;  /* a response: the request it answers, 0 if not captured */
    uint8_t hint_count;      /* hints quoting the response's own headers */
    uint8_t hint_flags;      /* SIPADV_HINT_* findings that raise expert items */
    uint8_t anomalies;       /* SIPADV_ANOMALY_* found in this message */
    uint16_t reason_cause;   /* the Q.850 cause that disagrees with the code */
    const char **hints;      /* hint_count texts */
    double response_time;    /* seconds from that request */
    uint8_t method;          /* sipadv_method of the CSeq (a request: its own); NONE if none */
    const char *method_text; /* OTHER: the extension method as sent, cut (and marked "...")
                              * past 32 bytes; NULL for every other method */
    const char *detail;      /* malformed: the status line; else the packet phrase if it
                              * differs from the registered one; else NULL */
} sipadv_entry;

/* The entry's method as shown: the registered name, the extension method's text, or NULL
 * when the message names none. */
const char *sipadv_entry_method_name(const sipadv_entry *e);

/* An entry's findings, one bit each, in one place: the expert notes a renderer raises and
 * the statistics' Findings rows are both read from this, so the two cannot disagree. */
enum {
    SIPADV_FINDING_EARLY_RETRY = 1u << 0,          /* the client retried before Retry-After */
    SIPADV_FINDING_CREDENTIALS_REJECTED = 1u << 1, /* the same realm was challenged again */
    SIPADV_FINDING_REASON_MISMATCH = 1u << 2,      /* a Reason cause that contradicts the code */
    SIPADV_FINDING_NOT_UNDERSTOOD = 1u << 3,       /* a hint header that could not be read */
    SIPADV_FINDING_MALFORMED_STATUS = 1u << 4,     /* a status code that is not 100-699 */
    SIPADV_FINDING_NO_CSEQ = 1u << 5,              /* the SIPADV_ANOMALY_* of the message... */
    SIPADV_FINDING_DUPLICATE_CSEQ = 1u << 6,
    SIPADV_FINDING_CSEQ_METHOD = 1u << 7,
    SIPADV_FINDING_PHRASE_NOT_UTF8 = 1u << 8,
    SIPADV_FINDING_BOGUS_SIPFRAG_PHRASE = 1u << 9,
    SIPADV_FINDING_BAD_EVENT_ID = 1u << 10,        /* ...up to here */
    SIPADV_FINDING_ORPHAN_NOTIFY = 1u << 11,       /* a NOTIFY (Event: refer) of no REFER */
    SIPADV_FINDING_BAD_SIPFRAG = 1u << 12,         /* a NOTIFY whose sipfrag is no status line */
    SIPADV_FINDING_TRIGGER_UNCHECKED = 1u << 13    /* an INVITE not compared with every
                                                    * transfer to its target */
};

/* The findings of an entry. Whether the client retried too early is known only once later
 * frames are read (the transaction table's retry watch): the caller says. */
unsigned sipadv_entry_findings(const sipadv_entry *e, bool retried_too_early);

/* One SIP message as the glue found it. */
typedef struct {
    const char *bytes;       /* the message, from its start line */
    size_t len;
    uint32_t frame;
    double time;             /* seconds since the capture's first frame */
    bool resend;             /* the SIP dissector called it a retransmission */
    bool undissected;        /* SIP refused the bytes: only a malformed status line counts */
    sipadv_span sender;      /* where it came from, and went to: any bytes that tell */
    sipadv_span receiver;    /* endpoints apart (the glue packs address and port) */
} sipadv_message_in;

/* Everything one capture accumulates, passed explicitly. */
typedef struct {
    sipadv_cancels *cancels;
    sipadv_tracker *tracker;
    sipadv_txns *txns;
    GStringChunk *scratch;   /* one message's texts: emptied at each sipadv_analyze() */
    bool scratch_used;       /* something went into it since it was last emptied */
    sipadv_hints hints;      /* the last message's hints */
    const char *hint_texts[SIPADV_MAX_HINTS];
} sipadv_state;

/* txn_horizon: seconds an unanswered request waits for its response after it was sent or
 * after its latest provisional response past 100 (sipadv_txns_new). */
void sipadv_state_init(sipadv_state *st, double txn_horizon);
void sipadv_state_clear(sipadv_state *st);

/* Analyses one message: true when *out is worth keeping (every response, and requests
 * that take part in a transfer or carry bad input). The state is updated either way. */
bool sipadv_analyze(sipadv_state *st, const sipadv_message_in *in, sipadv_entry *out);

#endif
