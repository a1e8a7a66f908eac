/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the parts of the glue share: the per-frame record that the first pass stores and
 * every pass renders, and the per-capture state, passed explicitly as one bundle. */
#ifndef SIPADV_GLUE_H
#define SIPADV_GLUE_H

#include "sipadv_ws_compat.h"

#include <stdbool.h>
#include <stdint.h>

#include "sipadv_analyze.h"
#include "sipadv_replay.h"
#include "sipadv_tree.h"

/* ---- per-frame record: what we replay ------------------------------------------------ */

/* One kept message: the analysis's entry, its texts in file scope. */
typedef sipadv_entry stored_message;

typedef struct {
    unsigned count;
    stored_message messages[];
} frame_record;

/* The user's preferences (registered in packet-sipadv.c). */
typedef struct {
    sipadv_pref_bool show_routine;  /* show chat-level expert items for routine responses */
    guint refer_timeout;            /* seconds: Timer F / Timer N for transfers */
    sipadv_pref_bool info_tags;     /* append findings to the Info column */
} sipadv_prefs;

/* Everything one capture accumulates: created in the init routine, freed in cleanup. */
typedef struct {
    sipadv_state state;             /* transactions, CANCELs, transfers */
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
void sipadv_render_response(const sipadv_capture *cap, sipadv_view *v, const stored_message *e);
void sipadv_render_request_anomalies(sipadv_view *v, const stored_message *e);
void sipadv_render_transfer(const sipadv_capture *cap, sipadv_view *v, const stored_message *e);

/* sipadv_stats.c: the sipadv tap (fed on every pass, only when someone listens) and the
 * Statistics > SIP Response Advisor tree over it. */
void sipadv_stats_register(void);
void sipadv_stats_queue(const sipadv_capture *cap, packet_info *pinfo, const frame_record *rec);

extern int proto_sipadv;

#endif
