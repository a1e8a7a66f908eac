/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the parts of the glue share: the per-frame record that the first pass stores and
 * every pass renders, and the per-capture state, passed explicitly as one bundle. */
#ifndef SIPADV_GLUE_H
#define SIPADV_GLUE_H

#include "sipadv_ws_compat.h"

#include <stdbool.h>
#include <stdint.h>

#include "sipadv_cancels.h"
#include "sipadv_refer.h"
#include "sipadv_replay.h"
#include "sipadv_txn.h"

/* ---- per-frame record: what we replay ------------------------------------------------ */

enum entry_kind {
    ENTRY_RESPONSE,  /* a response with a valid status code */
    ENTRY_MALFORMED, /* a response whose status code is malformed */
    ENTRY_REQUEST    /* a request that belongs to a transfer (REFER, NOTIFY, INVITE) */
};

typedef struct {
    uint16_t code;           /* parsed code (may be outside 100..699 when malformed) */
    uint8_t kind;            /* enum entry_kind */
    uint8_t when;            /* sipadv_condition */
    bool has_code;           /* malformed: the code field was numeric (even 000) */
    uint8_t role;            /* sipadv_role, when transfer >= 0 */
    uint16_t link_flags;     /* SIPADV_NOTIFY_* found on this message */
    uint16_t sipfrag_code;   /* a NOTIFY's own sipfrag status, 0 if none */
    int32_t transfer;        /* tracker index, -1 if the message is not part of a transfer */
    uint32_t request_frame;  /* a response: the request it answers, 0 if not captured */
    uint8_t hint_count;      /* hints quoting the response's own headers */
    uint8_t hint_flags;      /* SIPADV_HINT_* findings that raise expert items */
    uint8_t anomalies;       /* ANOMALY_* found in this message */
    uint16_t reason_cause;   /* the Q.850 cause that disagrees with the code (REASON_MISMATCH) */
    const char **hints;      /* file scope */
    double response_time;    /* seconds from that request */
    const char *method;      /* CSeq method: a static string, or a file-scope copy */
    const char *detail;      /* malformed: the status line; else the packet phrase if it
                              * differs from the registered one; else NULL */
} stored_message;

typedef struct {
    unsigned count;
    stored_message messages[];
} frame_record;

/* Bad input found in one message, each with a clear expert note. */
enum {
    ANOMALY_NO_CSEQ = 1u << 0,            /* a response without CSeq */
    ANOMALY_DUPLICATE_CSEQ = 1u << 1,     /* more than one CSeq header */
    ANOMALY_CSEQ_METHOD = 1u << 2,        /* a request whose CSeq method is not its method */
    ANOMALY_PHRASE_NOT_UTF8 = 1u << 3,    /* reason phrase bytes are not UTF-8 */
    ANOMALY_BOGUS_SIPFRAG_PHRASE = 1u << 4, /* sipfrag like "SIP/2.0 487 487" */
    ANOMALY_BAD_EVENT_ID = 1u << 5        /* Event id that is not a 32-bit number */
};

/* The user's preferences (registered in packet-sipadv.c). */
typedef struct {
    sipadv_pref_bool show_routine;  /* show chat-level expert items for routine responses */
    guint refer_timeout;            /* seconds: Timer F / Timer N for transfers */
    sipadv_pref_bool info_tags;     /* append findings to the Info column */
} sipadv_prefs;

/* Everything one capture accumulates: created in the init routine, freed in cleanup. */
typedef struct {
    sipadv_cancels *cancels;
    sipadv_tracker *tracker;
    sipadv_txns *txns;
    sipadv_replay *replay;          /* compact records of the plain-response frames */
    double last_time;               /* time of the latest frame read on the first pass */
    nstime_t first_ts;              /* the origin of those times: the first frame's */
    const sipadv_prefs *prefs;
} sipadv_capture;

/* Seconds since the capture's first frame (cap->first_ts, set by the dissect entry). */
double sipadv_frame_time(const sipadv_capture *cap, const packet_info *pinfo);

/* The time a transfer's verdict is taken at on this pass: the capture's end once the first
 * pass is over (the GUI, -2), else this frame's time (single pass, still reading). */
double sipadv_verdict_time(const sipadv_capture *cap, const packet_info *pinfo);

/* sipadv_read.c: the SIP fields the first pass wants (looked up at handoff, wanted from
 * init to cleanup). */
void sipadv_read_handoff(void);
void sipadv_read_want(dissector_handle_t handle);
void sipadv_read_unwant(dissector_handle_t handle);

/* sipadv_extract.c: the first pass. The record is in pinfo->pool: the caller keeps it. */
frame_record *sipadv_extract_frame(sipadv_capture *cap, packet_info *pinfo, proto_tree *tree,
                                   double now);

/* sipadv_render_response.c and sipadv_render_transfer.c: every pass. */
void sipadv_render_response_register(int proto);
void sipadv_render_transfer_register(int proto);
void sipadv_render_response(const sipadv_capture *cap, proto_tree *tree, packet_info *pinfo,
                            tvbuff_t *tvb, const stored_message *e);
void sipadv_render_request_anomalies(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                                     const stored_message *e);
void sipadv_render_transfer(const sipadv_capture *cap, proto_tree *tree, packet_info *pinfo,
                            tvbuff_t *tvb, const stored_message *e);

/* sipadv_stats.c: the sipadv tap (fed on every pass, only when someone listens) and the
 * Statistics > SIP Response Advisor tree over it. */
void sipadv_stats_register(void);
void sipadv_stats_queue(const sipadv_capture *cap, packet_info *pinfo, const frame_record *rec);

extern int proto_sipadv;

#endif
