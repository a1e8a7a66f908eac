/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIP Response Advisor: the plugin's registration and its dissect entry.
 *
 * A post-dissector in three parts. On a frame's first pass sipadv_extract.c finds the
 * frame's SIP messages through the few SIP fields Wireshark primes for us only then, reads
 * each message's own bytes with sipadv_msg, feeds the per-capture state and stores a small
 * per-frame record. On every pass, first or later, sipadv_render_response.c and
 * sipadv_render_transfer.c turn that record into tree items, filter fields and expert
 * items. Rendering never reads SIP, so the GUI, tshark -2 and tshark -z expert all see the
 * same thing.
 */
#define WS_BUILD_DLL
#include "sipadv_glue.h"

#include <epan/prefs.h>
#include <epan/proto_data.h>

#include <string.h>

#include "sipadv_msg.h"
#include "sipadv_tree.h"

#ifndef SIPADV_VERSION
#error "SIPADV_VERSION must come from CMakeLists.txt"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPADV_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#if SIPADV_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

int proto_sipadv = -1;
static dissector_handle_t sipadv_handle;

/* 64*T1 for refer_timeout: Timer F for the REFER transaction, and RFC 6665 Timer N for the
 * first NOTIFY. */
static sipadv_prefs user_prefs = { .show_routine = true, .refer_timeout = 32,
                                   .info_tags = true };

/* The one capture being read: its state goes everywhere as an explicit argument. */
static sipadv_capture capture = { .prefs = &user_prefs };

/* Seconds since the capture's first frame. Absolute epoch seconds in a double would lose
 * the sub-microsecond digits that durations are made of. */
double sipadv_frame_time(const sipadv_capture *cap, const packet_info *pinfo)
{
    nstime_t since_first;

    if (nstime_is_unset(&cap->first_ts))
        return 0.0;
    nstime_delta(&since_first, &pinfo->abs_ts, &cap->first_ts);
    return nstime_to_sec(&since_first);
}

double sipadv_verdict_time(const sipadv_capture *cap, const packet_info *pinfo)
{
    return PINFO_FD_VISITED(pinfo) ? cap->last_time : sipadv_frame_time(cap, pinfo);
}

/* A frame whose record is one plain response (most of the traffic) is kept as a 16-byte
 * compact record; anything else keeps its full record as proto data. */
static bool compact_record(const frame_record *rec, uint32_t frame, sipadv_compact_response *c)
{
    const stored_message *e = &rec->messages[0];
    sipadv_response_fields f = { .frame = frame, .request_frame = e->request_frame,
                                 .code = e->code, .when = e->when,
                                 .method = e->method,
                                 .response_ns = sipadv_replay_ns(e->response_time) };

    if (rec->count != 1 || e->kind != SIPADV_ENTRY_RESPONSE || e->transfer >= 0 || e->link_flags ||
        e->hint_count || e->hint_flags || e->anomalies || e->detail != NULL)
        return false;
    /* An extension method's text does not fit in 16 bytes. */
    if (e->method == SIPADV_METHOD_OTHER)
        return false;
    return sipadv_replay_pack(&f, c);
}

static void expand_record(const sipadv_compact_response *c, frame_record *rec)
{
    stored_message *e = &rec->messages[0];
    sipadv_response_fields f;

    sipadv_replay_unpack(c, &f);
    memset(e, 0, sizeof(*e));
    rec->count = 1;
    e->kind = SIPADV_ENTRY_RESPONSE;
    e->code = (uint16_t)f.code;
    e->when = (uint8_t)f.when;
    e->transfer = -1;
    e->request_frame = f.request_frame;
    e->response_time = (double)f.response_ns / 1e9;
    e->method = (uint8_t)f.method;
}

static void keep_record(sipadv_capture *cap, packet_info *pinfo, const frame_record *rec)
{
    sipadv_compact_response c;

    if (compact_record(rec, pinfo->num, &c) && sipadv_replay_add(cap->replay, &c))
        return;
    p_add_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0,
                     wmem_memdup(wmem_file_scope(), rec,
                                 sizeof(*rec) + rec->count * sizeof(stored_message)));
}

/* The record a later pass replays, or NULL. A compact one is expanded in pinfo->pool. */
static const frame_record *kept_record(const sipadv_capture *cap, packet_info *pinfo)
{
    const sipadv_compact_response *c = sipadv_replay_find(cap->replay, pinfo->num);
    frame_record *one;

    if (c == NULL)
        return (const frame_record *)p_get_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0);
    one = (frame_record *)wmem_alloc(pinfo->pool, sizeof(*one) + sizeof(stored_message));
    expand_record(c, one);
    return one;
}

/* The first pass's clock: the capture's first frame is its origin, and the latest time
 * seen is what verdicts on later passes are taken at. */
static double advance_clock(sipadv_capture *cap, const packet_info *pinfo)
{
    double now;

    if (nstime_is_unset(&cap->first_ts))
        cap->first_ts = pinfo->abs_ts;
    now = sipadv_frame_time(cap, pinfo);
    if (now > cap->last_time)
        cap->last_time = now;
    return now;
}

static int dissect_sipadv(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    sipadv_capture *cap = &capture;
    const frame_record *rec;
    sipadv_view view;

    /* No early return on a NULL tree: the expert tap still needs our items (pass 2 of -2). */
    sipadv_view_start(&view, tvb, pinfo, tree);
    if (!PINFO_FD_VISITED(pinfo)) {
        frame_record *fresh = sipadv_extract_frame(cap, pinfo, tree, advance_clock(cap, pinfo));
        if (fresh != NULL)
            keep_record(cap, pinfo, fresh);
        rec = fresh;
    } else {
        rec = kept_record(cap, pinfo);
    }
    if (rec == NULL)
        return 0;

    for (unsigned i = 0; i < rec->count; i++) {
        const stored_message *e = &rec->messages[i];
        if (e->kind != SIPADV_ENTRY_REQUEST)
            sipadv_render_response(cap, &view, e);
        else if (e->anomalies != 0)
            sipadv_render_request_anomalies(&view, e);
        if (e->transfer >= 0 || e->link_flags != 0)
            sipadv_render_transfer(cap, &view, e);
    }
    sipadv_info_field_sync(&view);
    sipadv_stats_queue(cap, pinfo, rec);
    return tvb_captured_length(tvb);
}

/* ---- registration -------------------------------------------------------------------- */

static void sipadv_init(void)
{
    sipadv_read_want(sipadv_handle);
    sipadv_tree_init();
    /* Longer than a ringing INVITE usually lasts: Timer C must exceed 3 minutes (RFC 3261
     * sec. 16.6 item 11) and each provisional restarts it, so this is a horizon, not a bound. */
    sipadv_state_init(&capture.state, 300.0);
    capture.replay = sipadv_replay_new();
    capture.last_time = 0;
    nstime_set_unset(&capture.first_ts);
}

static void sipadv_cleanup(void)
{
    sipadv_read_unwant(sipadv_handle);
    sipadv_state_clear(&capture.state);
    sipadv_replay_free(capture.replay);
    capture.replay = NULL;
}

static void proto_register_sipadv(void)
{
    module_t *module;

    proto_sipadv = proto_register_protocol("SIP Response Advisor", "SIPADV", "sipadv");
    sipadv_tree_register();
    sipadv_stats_register();
    sipadv_render_response_register(proto_sipadv);
    sipadv_render_transfer_register(proto_sipadv);

    module = prefs_register_protocol(proto_sipadv, NULL);
    prefs_register_bool_preference(module, "show_routine",
                                   "Show routine responses in Expert Information",
                                   "Raise chat-level expert items for routine responses (1xx, "
                                   "2xx, a 401/407 challenge, 487 after CANCEL). Turn off for "
                                   "busy captures; the tree and filter fields stay.",
                                   &user_prefs.show_routine);

    prefs_register_uint_preference(module, "refer_timeout",
                                   "Transfer timeout (seconds)",
                                   "How long after a REFER a final response and a first NOTIFY "
                                   "may take before the transfer counts as unanswered or "
                                   "silent. 32 s is 64*T1: Timer F and RFC 6665 Timer N.",
                                   10, &user_prefs.refer_timeout);

    prefs_register_bool_preference(module, "info_tags", "Findings in the Info column",
                                   "Append a short bracketed tag to the Info column for "
                                   "findings that matter, as TCP analysis does: "
                                   "[Transfer failed: 486 Busy Here], [No NOTIFY], "
                                   "[Retried sooner than Retry-After], [Credentials rejected]. "
                                   "Routine responses get none.",
                                   &user_prefs.info_tags);

    sipadv_handle = register_dissector("sipadv", dissect_sipadv, proto_sipadv);
    register_init_routine(sipadv_init);
    register_cleanup_routine(sipadv_cleanup);
}

static void proto_reg_handoff_sipadv(void)
{
    sipadv_read_handoff();
    register_postdissector(sipadv_handle);
}

void plugin_register(void)
{
    static proto_plugin plugin;

    plugin.register_protoinfo = proto_register_sipadv;
    plugin.register_handoff = proto_reg_handoff_sipadv;
    proto_register_plugin(&plugin);
}

#if SIPADV_HAVE_PLUGIN_DESCRIBE
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
