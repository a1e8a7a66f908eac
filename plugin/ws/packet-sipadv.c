/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIP Response Advisor: the glue between Wireshark and the plain-C modules.
 *
 * A post-dissector. On a frame's first pass it finds the frame's SIP messages through the
 * few SIP fields Wireshark primes for us only then (where each message lies, and whether SIP
 * took it for a retransmission), reads each message's own bytes with sipadv_msg, reduces it
 * to a small per-frame record and stores it. On every pass, first or later, it renders that
 * record: tree items, filter fields and expert items. Rendering never reads SIP, so the GUI,
 * tshark -2 and tshark -z expert all see the same thing.
 */
#define WS_BUILD_DLL
#include "sipadv_ws_compat.h"

#include <string.h>

#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/to_str.h>
#include <epan/proto_data.h>

#include "sipadv_cancels.h"
#include "sipadv_chars.h"
#include "sipadv_codes.h"
#include "sipadv_parse.h"
#include "sipadv_refer.h"
#include "sipadv_refer_text.h"
#include "sipadv_txn.h"
#include "sipadv_headers.h"
#include "sipadv_hints.h"
#include "sipadv_msg.h"

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

static int proto_sipadv = -1;
static dissector_handle_t sipadv_handle;

static int hf_code = -1;
static int hf_class = -1;
static int hf_phrase = -1;
static int hf_registered = -1;
static int hf_rfc = -1;
static int hf_method = -1;
static int hf_meaning = -1;
static int hf_context = -1;
static int hf_remedy = -1;
static int hf_treated_as = -1;
static int hf_packet_phrase = -1;
static int hf_status_line = -1;
static int hf_request_frame = -1;
static int hf_hint = -1;
static int hf_response_time = -1;

static int hf_refer_verdict = -1;
static int hf_refer_result = -1;
static int hf_refer_summary = -1;
static int hf_refer_request_frame = -1;
static int hf_refer_response_frame = -1;
static int hf_refer_notify_frame = -1;
static int hf_refer_refer_to = -1;
static int hf_refer_duration = -1;
static int hf_refer_id = -1;
static int hf_refer_sipfrag = -1;
static int hf_refer_retry_frame = -1;
static int hf_refer_invite_frame = -1;
static int hf_refer_subscribe_frame = -1;
static int hf_refer_invite_result = -1;
static int hf_refer_triggered_by = -1;
static int hf_refer_outcome = -1;
static int hf_refer_outcome_phrase = -1;
static int hf_refer_outcome_meaning = -1;
static int hf_refer_outcome_remedy = -1;

static int ett_response = -1;
static int ett_transfer = -1;
static int ett_outcome = -1;
static int ett_text = -1;

static expert_field ei_response_chat = EI_INIT;
static expert_field ei_response_note = EI_INIT;
static expert_field ei_response_warn = EI_INIT;
static expert_field ei_response_error = EI_INIT;
static expert_field ei_malformed_status = EI_INIT;
static expert_field ei_cseq_missing = EI_INIT;
static expert_field ei_cseq_duplicate = EI_INIT;
static expert_field ei_cseq_method = EI_INIT;
static expert_field ei_phrase_not_utf8 = EI_INIT;
static expert_field ei_bogus_sipfrag_phrase = EI_INIT;
static expert_field ei_bad_event_id = EI_INIT;
static expert_field ei_credentials_rejected = EI_INIT;
static expert_field ei_reason_mismatch = EI_INIT;
static expert_field ei_header_not_understood = EI_INIT;
static expert_field ei_early_retry = EI_INIT;
static expert_field ei_refer_succeeded = EI_INIT;
static expert_field ei_refer_failed = EI_INIT;
static expert_field ei_refer_accepted_then_failed = EI_INIT;
static expert_field ei_refer_rejected = EI_INIT;
static expert_field ei_refer_challenge_abandoned = EI_INIT;
static expert_field ei_refer_challenged = EI_INIT;
static expert_field ei_refer_no_notify = EI_INIT;
static expert_field ei_refer_unanswered = EI_INIT;
static expert_field ei_refer_no_subscription = EI_INIT;
static expert_field ei_refer_unreported = EI_INIT;
static expert_field ei_refer_capture_ended = EI_INIT;
static expert_field ei_refer_orphan_notify = EI_INIT;
static expert_field ei_refer_ambiguous_notify = EI_INIT;
static expert_field ei_refer_notify_despite_no_sub = EI_INIT;
static expert_field ei_refer_bad_termination = EI_INIT;
static expert_field ei_refer_left_active = EI_INIT;
static expert_field ei_refer_bad_sipfrag = EI_INIT;
static expert_field ei_refer_invite_disagrees = EI_INIT;

static sipadv_pref_bool pref_show_routine = true;
/* 64*T1: Timer F for the REFER transaction, and RFC 6665 Timer N for the first NOTIFY. */
static guint pref_refer_timeout = 32;

/* ---- what we want from the SIP dissector ------------------------------------------
 * Only what the bytes cannot tell: where each message lies (in which data source: a
 * reassembled TCP stream, one of several messages in a segment, a WebSocket or decrypted TLS
 * payload), the SIP dissector's retransmission verdict, and the undissected payload of a
 * datagram SIP refused. Every wanted field makes the SIP dissector build real tree items, so
 * everything else is read from the message's own bytes by sipadv_msg (tests/bench/README.md
 * has the figures). */

enum sip_field {
    SF_SIP,    /* the protocol item: one per SIP message */
    SF_DATA,   /* undissected payload: over UDP, a status line with a code that is not three
                * digits makes SIP reject the datagram, and only "data" is left to look at */
    SF_RESEND, /* sip.resend: Wireshark's retransmission verdict */
    SF_COUNT
};

static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP] = "sip",
    [SF_DATA] = "data",
    [SF_RESEND] = "sip.resend",
};

static int sip_hfids[SF_COUNT];

/* One SIP message of the current frame, as read on the first pass. Values are spans into
 * `bytes`; text for Wireshark (fields, labels) is made from them by msg_text(). */
typedef struct {
    field_info *sip;               /* the message's protocol item (or a "data" item) */
    bool undissected;              /* from "data": only a malformed status line counts */
    bool resend;                   /* sip.resend was true */
    guint32 frame;
    wmem_allocator_t *pool;        /* the packet's scope */
    tvbuff_t *tvb;                 /* the item's data source */
    int start;                     /* where its bytes begin in tvb */
    const char *bytes;             /* len bytes of tvb from start */
    size_t len;
    sipadv_msg msg;
} sip_message;

#define MAX_MESSAGES_PER_FRAME 64

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

/* Per-capture state: created in init, freed in cleanup. */
static sipadv_cancels *cancels;
static sipadv_tracker *tracker;
static sipadv_txns *txns;
static double capture_last_time; /* time of the latest frame read on the first pass */
static nstime_t capture_first_ts; /* the origin of those times */

/* ---- reading messages ---------------------------------------------------------------- */

static bool fi_true(const field_info *fi)
{
    return fi != NULL && fi->hfinfo->type == FT_BOOLEAN &&
           fvalue_get_uinteger64(SIPADV_FI_VALUE((field_info *)fi)) != 0;
}

static size_t str_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* A field belongs to the innermost SIP message whose bytes contain it: a TCP segment can
 * carry several messages, and a message/sip body nests one message in another. */
static sip_message *owner_of(sip_message *msgs, unsigned n, const field_info *fi)
{
    sip_message *best = NULL;

    for (unsigned i = 0; i < n; i++) {
        const field_info *s = msgs[i].sip;
        if (s->ds_tvb != fi->ds_tvb || fi->start < s->start ||
            fi->start >= s->start + (s->length > 0 ? s->length : 1))
            continue;
        if (best == NULL || s->start >= best->sip->start)
            best = &msgs[i];
    }
    return best;
}

static bool starts_with_sip_version(const field_info *fi)
{
    return fi->ds_tvb != NULL && fi->length >= 8 &&
           tvb_strneql(fi->ds_tvb, fi->start, "SIP/", 4) == 0;
}

/* Points the message at its item's bytes and reads them. An item whose bytes are not all
 * captured is read as far as they are. */
static void read_message(packet_info *pinfo, sip_message *m)
{
    const field_info *fi = m->sip;
    int avail = fi->ds_tvb ? tvb_captured_length_remaining(fi->ds_tvb, fi->start) : 0;
    int len = MIN(fi->length, avail);

    m->pool = pinfo->pool;
    m->frame = pinfo->num;
    m->tvb = fi->ds_tvb;
    m->start = fi->start;
    m->len = len > 0 ? (size_t)len : 0;
    m->bytes = m->len > 0 ? (const char *)tvb_get_ptr(m->tvb, m->start, len) : NULL;
    sipadv_msg_read(m->bytes, m->len, &m->msg);
}

static unsigned add_message_items(packet_info *pinfo, proto_tree *tree, int hfid,
                                  bool only_sip_like, sip_message *msgs, unsigned n)
{
    GPtrArray *items = hfid >= 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;

    for (unsigned i = 0; items != NULL && i < items->len && n < MAX_MESSAGES_PER_FRAME; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(items, i);
        if (only_sip_like && !starts_with_sip_version(fi))
            continue;
        memset(&msgs[n], 0, sizeof(msgs[n]));
        msgs[n].sip = fi;
        msgs[n].undissected = only_sip_like;
        read_message(pinfo, &msgs[n]);
        n++;
    }
    return n;
}

static unsigned collect_messages(packet_info *pinfo, proto_tree *tree, sip_message *msgs)
{
    unsigned n = add_message_items(pinfo, tree, sip_hfids[SF_SIP], false, msgs, 0);
    GPtrArray *resends;

    n = add_message_items(pinfo, tree, sip_hfids[SF_DATA], true, msgs, n);
    resends = n > 0 && sip_hfids[SF_RESEND] >= 0
                  ? proto_get_finfo_ptr_array(tree, sip_hfids[SF_RESEND]) : NULL;
    for (unsigned i = 0; resends != NULL && i < resends->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(resends, i);
        sip_message *m = owner_of(msgs, n, fi);
        if (m != NULL && fi_true(fi))
            m->resend = true;
    }
    return n;
}

/* Text for Wireshark from a span of the message: NULL when absent. Bytes that are not UTF-8
 * become U+FFFD, exactly as in Wireshark's own string fields. */
static const char *msg_text(const sip_message *m, sipadv_span sp)
{
    if (sp.ptr == NULL || m->bytes == NULL)
        return NULL;
    return (const char *)tvb_get_string_enc(m->pool, m->tvb, m->start + (int)(sp.ptr - m->bytes),
                                            (int)sp.len, ENC_UTF_8);
}

static bool has_header(const sip_message *m, sipadv_header_id h)
{
    return m->msg.headers[h].count > 0;
}

static const char *header_text(const sip_message *m, sipadv_header_id h)
{
    return msg_text(m, m->msg.headers[h].first);
}

static bool is_request(const sip_message *m)
{
    return !m->undissected && m->msg.kind == SIPADV_START_REQUEST;
}

static const char *request_method(const sip_message *m)
{
    const char *known;

    if (!is_request(m))
        return NULL;
    known = sipadv_method_name(m->msg.method);
    return known ? known : msg_text(m, m->msg.method_name);
}

/* CSeq: its number (0 when missing) and its method's text (NULL when missing). */
static unsigned cseq_number(const sip_message *m)
{
    uint32_t seq = 0;
    sipadv_method method;
    sipadv_span name = { NULL, 0 };

    (void)sipadv_parse_cseq(m->msg.headers[SIPADV_H_CSEQ].first, &seq, &method, &name);
    return seq;
}

static bool has_cseq_number(const sip_message *m)
{
    uint32_t seq;
    sipadv_method method;
    sipadv_span name = { NULL, 0 };

    return sipadv_parse_cseq(m->msg.headers[SIPADV_H_CSEQ].first, &seq, &method, &name);
}

static const char *cseq_method(const sip_message *m)
{
    uint32_t seq;
    sipadv_method method = SIPADV_METHOD_NONE;
    sipadv_span name = { NULL, 0 };
    const char *known;

    (void)sipadv_parse_cseq(m->msg.headers[SIPADV_H_CSEQ].first, &seq, &method, &name);
    if (name.ptr == NULL)
        return NULL;
    known = sipadv_method_name(method);
    return known ? known : msg_text(m, name);
}

static const char *call_id(const sip_message *m)
{
    return header_text(m, SIPADV_H_CALL_ID);
}

static const char *from_tag(const sip_message *m)
{
    return msg_text(m, sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first));
}

static const char *to_tag(const sip_message *m)
{
    return msg_text(m, sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first));
}

static bool has_to_tag(const sip_message *m)
{
    return sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first).ptr != NULL;
}

static const char *request_uri(const sip_message *m)
{
    return is_request(m) ? msg_text(m, m->msg.request_uri) : NULL;
}

/* A NOTIFY's message/sipfrag status line. */
static const char *sipfrag_line(const sip_message *m)
{
    return sipadv_msg_is_sipfrag(&m->msg) ? msg_text(m, sipadv_msg_body_first_line(&m->msg))
                                          : NULL;
}

#define MAX_HEADER_VALUE 2048 /* bytes of all instances of one header read for hints */

/* All instances of a header in one message, joined with ", " (RFC 3261 sec. 7.3.1 lets a
 * comma-separated list header be split over several lines, and back). */
static const char *joined_header(const sip_message *m, sipadv_header_id h)
{
    wmem_strbuf_t *buf = NULL;
    sipadv_span v;
    size_t cursor = 0;

    if (m->msg.headers[h].count <= 1)
        return header_text(m, h);
    while (sipadv_msg_next(&m->msg, m->bytes, m->len, h, &cursor, &v)) {
        const char *text = msg_text(m, v);
        if (buf == NULL)
            buf = wmem_strbuf_new(m->pool, text);
        else if (wmem_strbuf_get_len(buf) < MAX_HEADER_VALUE)
            wmem_strbuf_append_printf(buf, ", %s", text);
    }
    return buf ? wmem_strbuf_get_str(buf) : NULL;
}

static const char *const known_methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

/* Methods are stored for replay. The usual ones share static strings; anything else is
 * copied (bounded) into file scope. */
static const char *keep_method(const char *method)
{
    if (method == NULL || method[0] == '\0')
        return NULL;
    for (unsigned i = 0; i < G_N_ELEMENTS(known_methods); i++) {
        if (strcmp(method, known_methods[i]) == 0)
            return known_methods[i];
    }
    return wmem_strndup(wmem_file_scope(), method, sipadv_utf8_cut(method, strlen(method), 32));
}

/* ---- first pass: messages to a record ------------------------------------------------ */

static void note_cancel(const sip_message *m)
{
    if (has_cseq_number(m))
        sipadv_cancels_add(cancels, call_id(m), cseq_number(m));
}

static sipadv_condition condition_for(unsigned code, const char *method, const sip_message *m)
{
    if (code != 487 || method == NULL || strcmp(method, "INVITE") != 0)
        return SIPADV_WHEN_ANY;
    if (has_cseq_number(m) && sipadv_cancels_contains(cancels, call_id(m), cseq_number(m)))
        return SIPADV_WHEN_AFTER_CANCEL;
    return SIPADV_WHEN_NO_CANCEL;
}

/* RFC 3261 sec. 8.1.1.5 and 20.16: exactly one CSeq, whose method is the request's. */
static uint8_t cseq_anomalies(const sip_message *m)
{
    const char *method = request_method(m);
    const char *in_cseq = cseq_method(m);
    uint8_t a = 0;

    /* Without a start line (a TCP continuation, junk) nothing can be said about CSeq. */
    if (m->undissected || m->msg.kind == SIPADV_START_NONE)
        return 0;
    if (m->msg.headers[SIPADV_H_CSEQ].count > 1)
        a |= ANOMALY_DUPLICATE_CSEQ;
    if (method == NULL && in_cseq == NULL)
        a |= ANOMALY_NO_CSEQ;
    if (method != NULL && in_cseq != NULL && strcmp(method, in_cseq) != 0)
        a |= ANOMALY_CSEQ_METHOD;
    return a;
}

/* Fills a response entry; false for requests and non-SIP junk. */
static bool record_response(const sip_message *m, stored_message *out)
{
    sipadv_span first = m->msg.start_line;
    const char *line;
    sipadv_status_line sl;
    sipadv_status_result res;

    if (is_request(m) || first.ptr == NULL)
        return false;
    /* A stored status line is shown, never parsed again: 128 bytes tell the story. */
    first.len = MIN(first.len, 128);
    line = msg_text(m, first);

    res = sipadv_parse_status_line(line, strlen(line), &sl);
    if (res == SIPADV_STATUS_NOT_STATUS)
        return false;
    /* Undissected bytes that hold a well-formed status line are someone's body text, not
     * a response SIP failed to parse. */
    if (m->undissected && res != SIPADV_STATUS_BAD_CODE)
        return false;

    out->method = keep_method(cseq_method(m));
    out->anomalies = cseq_anomalies(m);
    /* Wireshark turns bytes that are not UTF-8 into U+FFFD when it builds the string. */
    if (strstr(line, "\xef\xbf\xbd") != NULL)
        out->anomalies |= ANOMALY_PHRASE_NOT_UTF8;
    if (res == SIPADV_STATUS_BAD_CODE) {
        out->kind = ENTRY_MALFORMED;
        out->has_code = sl.code_is_numeric && sl.code <= 65535;
        out->code = out->has_code ? (uint16_t)sl.code : 0;
        out->detail = wmem_strndup(wmem_file_scope(), line,
                                   sipadv_utf8_cut(line, strlen(line), 128));
        return true;
    }

    out->kind = ENTRY_RESPONSE;
    out->code = (uint16_t)sl.code;
    out->when = (uint8_t)condition_for(sl.code, out->method, m);
    {
        const sipadv_code_entry *e = sipadv_lookup_registered(sl.code);
        if (e && sl.phrase_len > 0 && !sipadv_phrase_equal(sl.phrase, sl.phrase_len, e->phrase))
            out->detail = wmem_strndup(wmem_file_scope(), sl.phrase,
                                       sipadv_utf8_cut(sl.phrase, sl.phrase_len, 128));
    }
    return true;
}

static bool says_refer_sub_false(const sip_message *m)
{
    sipadv_span v = m->msg.headers[SIPADV_H_REFER_SUB].first;

    return sipadv_refer_sub_is_false(v.ptr, v.len);
}

/* An option tag in Require: nosub and explicitsub (RFC 7614) change the subscription. */
static bool requires(const sip_message *m, const char *tag)
{
    const char *require = joined_header(m, SIPADV_H_REQUIRE);

    return sipadv_token_list_contains(require, str_len(require), tag);
}

static void keep_link(stored_message *out, sipadv_link link)
{
    out->transfer = link.transfer;
    out->role = (uint8_t)link.role;
    out->link_flags = (uint16_t)link.flags;
    out->sipfrag_code = (uint16_t)MIN(link.sipfrag_code, 999);
}

static void track_response(const sip_message *m, double now, stored_message *e)
{
    const char *method = e->method;

    if (e->kind != ENTRY_RESPONSE || method == NULL)
        return;
    if (strcmp(method, "REFER") == 0) {
        bool success = e->code >= 200 && e->code < 300;
        sipadv_refer_response ev = {
            .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
            .from_tag = from_tag(m), .to_tag = to_tag(m),
            .cseq = cseq_number(m), .code = e->code,
            .refer_sub_false = success && says_refer_sub_false(m),
            .requires_nosub = success && requires(m, "nosub"),
            .events_at = success ? header_text(m, SIPADV_H_REFER_EVENTS_AT) : NULL,
            .resend = m->resend,
        };
        keep_link(e, sipadv_tracker_refer_response(tracker, &ev));
    } else if (strcmp(method, "INVITE") == 0) {
        sipadv_invite_response ev = {
            .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
            .cseq = cseq_number(m), .code = e->code,
        };
        keep_link(e, sipadv_tracker_invite_response(tracker, &ev));
    }
}

static sipadv_link track_refer(const sip_message *m, double now)
{
    sipadv_refer_request ev = {
        .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
        .from_tag = from_tag(m), .to_tag = to_tag(m),
        .cseq = cseq_number(m), .refer_to = header_text(m, SIPADV_H_REFER_TO),
        .requires_nosub = requires(m, "nosub"),
        .requires_explicitsub = requires(m, "explicitsub"),
        .resend = m->resend,
    };
    return sipadv_tracker_refer(tracker, &ev);
}

/* Only a SUBSCRIBE to the refer package can be an explicitsub referrer's (RFC 7614 sec. 4). */
static sipadv_link track_subscribe(const sip_message *m, double now)
{
    const char *event = header_text(m, SIPADV_H_EVENT);
    sipadv_event parsed;
    sipadv_subscribe ev = {
        .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
        .from_tag = from_tag(m), .request_uri = request_uri(m),
        .in_dialog = has_to_tag(m),
        .resend = m->resend,
    };

    if (!sipadv_parse_event(event, str_len(event), &parsed) || !sipadv_event_is_refer(&parsed))
        return (sipadv_link){ .transfer = -1 };
    return sipadv_tracker_subscribe(tracker, &ev);
}

static sipadv_link track_notify(const sip_message *m, double now, const sipadv_event *event)
{
    sipadv_notify ev = {
        .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
        .from_tag = from_tag(m), .to_tag = to_tag(m),
        .has_id = event->has_id, .id = event->id,
        .sipfrag_line = sipfrag_line(m),
        .subscription_state = header_text(m, SIPADV_H_SUBSCRIPTION_STATE),
        .resend = m->resend,
    };
    /* An id that is not a 32-bit number names no REFER: make it match none. */
    if (event->has_id && !event->id_valid)
        ev.id = 0;
    return sipadv_tracker_notify(tracker, &ev);
}

/* A sipfrag whose reason phrase is only digits ("SIP/2.0 487 487"): the notifier pasted a
 * code where the phrase belongs. Harmless for the outcome, worth a note. */
static bool bogus_sipfrag_phrase(const char *line)
{
    sipadv_status_line sl;

    if (line == NULL ||
        sipadv_parse_status_line(line, strlen(line), &sl) != SIPADV_STATUS_OK ||
        sl.phrase_len == 0)
        return false;
    for (size_t i = 0; i < sl.phrase_len; i++) {
        if (sl.phrase[i] < '0' || sl.phrase[i] > '9')
            return false;
    }
    return true;
}

static sipadv_link track_invite(const sip_message *m, double now)
{
    sipadv_invite ev = {
        .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
        .request_uri = request_uri(m),
        .has_referred_by = has_header(m, SIPADV_H_REFERRED_BY),
        .in_dialog = has_to_tag(m),
        .resend = m->resend,
    };
    return sipadv_tracker_invite(tracker, &ev);
}

/* Requests matter only when they take part in a transfer; true if the entry is worth
 * keeping. */
static bool track_request(const sip_message *m, double now, stored_message *e)
{
    const char *method = request_method(m);
    sipadv_link link = { .transfer = -1 };

    if (method == NULL)
        return false;
    e->anomalies = cseq_anomalies(m);
    e->method = keep_method(method);
    e->kind = ENTRY_REQUEST;
    if (strcmp(method, "CANCEL") == 0)
        note_cancel(m);
    if (strcmp(method, "REFER") == 0) {
        link = track_refer(m, now);
    } else if (strcmp(method, "NOTIFY") == 0) {
        const char *event = header_text(m, SIPADV_H_EVENT);
        sipadv_event ev;
        if (sipadv_parse_event(event, str_len(event), &ev) && sipadv_event_is_refer(&ev)) {
            link = track_notify(m, now, &ev);
            if (ev.has_id && !ev.id_valid)
                e->anomalies |= ANOMALY_BAD_EVENT_ID;
            if (bogus_sipfrag_phrase(sipfrag_line(m)))
                e->anomalies |= ANOMALY_BOGUS_SIPFRAG_PHRASE;
        }
    } else if (strcmp(method, "INVITE") == 0) {
        link = track_invite(m, now);
    } else if (strcmp(method, "SUBSCRIBE") == 0) {
        link = track_subscribe(m, now);
    }
    keep_link(e, link);
    return link.transfer >= 0 || link.flags != 0 || e->anomalies != 0;
}

#define ENDPOINT_LEN 128 /* "address:port" of any address type Wireshark prints */

static const char *endpoint(char buf[ENDPOINT_LEN], const address *addr, guint32 port);
static double frame_time(const packet_info *pinfo);

/* ---- hints: the response's own headers -------------------------------------------- */

/* Headers that give some response a hint. */
static bool has_hint_headers(const sip_message *m)
{
    static const sipadv_header_id quoted[] = {
        SIPADV_H_RETRY_AFTER, SIPADV_H_MIN_EXPIRES, SIPADV_H_MIN_SE, SIPADV_H_ALLOW,
        SIPADV_H_ALLOW_EVENTS, SIPADV_H_ACCEPT, SIPADV_H_ACCEPT_ENCODING,
        SIPADV_H_ACCEPT_LANGUAGE, SIPADV_H_UNSUPPORTED, SIPADV_H_RECV_INFO,
        SIPADV_H_ACCEPT_RESOURCE_PRIORITY, SIPADV_H_WARNING, SIPADV_H_REASON,
        SIPADV_H_WWW_AUTHENTICATE, SIPADV_H_PROXY_AUTHENTICATE, SIPADV_H_CONTACT,
        SIPADV_H_REQUIRE, /* 421 */
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(quoted); i++) {
        if (has_header(m, quoted[i]))
            return true;
    }
    return false;
}

static void compute_hints(packet_info *pinfo, const sip_message *m, const sipadv_request *req,
                          stored_message *e)
{
    sipadv_hint_input in = { .code = e->code, .method = e->method, .request = req };
    sipadv_hints *h;
    char client[ENDPOINT_LEN];

    /* Only Retry-After, Warning and Reason give a provisional or success response (most of
     * the traffic) a hint; the others are for given failure codes (405, 415, 420-423,
     * 401/407, 3xx, 485...). */
    if (e->code < 300 && !has_header(m, SIPADV_H_RETRY_AFTER) &&
        !has_header(m, SIPADV_H_WARNING) && !has_header(m, SIPADV_H_REASON))
        return;
    if (!has_hint_headers(m) && e->code != 405 && e->code != 401 && e->code != 407)
        return;
    in.retry_after = joined_header(m, SIPADV_H_RETRY_AFTER);
    in.min_expires = joined_header(m, SIPADV_H_MIN_EXPIRES);
    in.min_se = joined_header(m, SIPADV_H_MIN_SE);
    in.allow = joined_header(m, SIPADV_H_ALLOW);
    in.allow_events = joined_header(m, SIPADV_H_ALLOW_EVENTS);
    in.accept = joined_header(m, SIPADV_H_ACCEPT);
    in.accept_encoding = joined_header(m, SIPADV_H_ACCEPT_ENCODING);
    in.accept_language = joined_header(m, SIPADV_H_ACCEPT_LANGUAGE);
    in.unsupported = joined_header(m, SIPADV_H_UNSUPPORTED);
    in.require = joined_header(m, SIPADV_H_REQUIRE);
    in.recv_info = joined_header(m, SIPADV_H_RECV_INFO);
    in.accept_resource_priority = joined_header(m, SIPADV_H_ACCEPT_RESOURCE_PRIORITY);
    in.warning = joined_header(m, SIPADV_H_WARNING);
    in.reason = joined_header(m, SIPADV_H_REASON);
    in.www_authenticate = header_text(m, SIPADV_H_WWW_AUTHENTICATE);
    in.proxy_authenticate = header_text(m, SIPADV_H_PROXY_AUTHENTICATE);
    in.contact = joined_header(m, SIPADV_H_CONTACT);

    h = wmem_new(pinfo->pool, sipadv_hints);
    sipadv_hints_build(&in, h);
    e->hint_flags = (uint8_t)h->flags;
    e->hint_count = (uint8_t)h->count;
    if (h->count > 0) {
        e->hints = wmem_alloc_array(wmem_file_scope(), const char *, h->count);
        for (unsigned i = 0; i < h->count; i++)
            e->hints[i] = wmem_strdup(wmem_file_scope(), h->text[i]);
    }
    if (h->flags & SIPADV_HINT_CARRIES_RETRY_AFTER)
        sipadv_txns_note_retry_after(txns, endpoint(client, &pinfo->dst, pinfo->destport),
                                     e->method, req ? req->request_uri : NULL, pinfo->num,
                                     frame_time(pinfo), h->retry_after);
}

/* The realm of a request's credentials, to recognise a repeated challenge. */
static const char *credentials_realm(packet_info *pinfo, const char *v)
{
    sipadv_challenge ch;

    if (v == NULL || !sipadv_parse_challenge(v, strlen(v), &ch) || ch.realm.ptr == NULL)
        return NULL;
    return wmem_strndup(pinfo->pool, ch.realm.ptr, ch.realm.len);
}

/* Called for every message on the first pass: formatted in place, no allocation. */
static const char *endpoint(char buf[ENDPOINT_LEN], const address *addr, guint32 port)
{
    char digits[12];
    size_t len, i = sizeof(digits);

    address_to_str_buf(addr, buf, ENDPOINT_LEN - 12);
    len = strlen(buf);
    do {
        digits[--i] = (char)('0' + port % 10);
        port /= 10;
    } while (port != 0);
    buf[len++] = ':';
    memcpy(buf + len, digits + i, sizeof(digits) - i);
    buf[len + sizeof(digits) - i] = '\0';
    return buf;
}

/* Every request is remembered for a while, so its response can be compared with it. */
static void remember_request(packet_info *pinfo, const sip_message *m, double now)
{
    const char *method = request_method(m);
    char requester[ENDPOINT_LEN];
    sipadv_txn_key key = {
        .call_id = call_id(m), .cseq = cseq_number(m),
        .method = method, .requester = endpoint(requester, &pinfo->src, pinfo->srcport),
    };
    sipadv_request req = {
        .frame = pinfo->num, .time = now,
        .expires = header_text(m, SIPADV_H_EXPIRES),
        .contact = header_text(m, SIPADV_H_CONTACT),
        .session_expires = header_text(m, SIPADV_H_SESSION_EXPIRES),
        .www_realm = credentials_realm(pinfo, header_text(m, SIPADV_H_AUTHORIZATION)),
        .proxy_realm = credentials_realm(pinfo, header_text(m, SIPADV_H_PROXY_AUTHORIZATION)),
        .request_uri = request_uri(m),
    };

    if (method == NULL || m->resend)
        return;
    sipadv_txns_add(txns, &key, &req);
    sipadv_txns_note_request(txns, key.requester, method, req.request_uri, pinfo->num, now);
}

static const sipadv_request *link_to_request(packet_info *pinfo, const sip_message *m,
                                             double now, stored_message *e)
{
    char requester[ENDPOINT_LEN];
    sipadv_txn_key key = {
        .call_id = call_id(m), .cseq = cseq_number(m),
        .method = e->method, .requester = endpoint(requester, &pinfo->dst, pinfo->destport),
    };
    const sipadv_request *req = sipadv_txns_answer(txns, &key, e->code, now);

    if (req != NULL) {
        e->request_frame = req->frame;
        e->response_time = now - req->time;
    }
    return req;
}

static frame_record *build_record(packet_info *pinfo, proto_tree *tree, double now)
{
    sip_message msgs[MAX_MESSAGES_PER_FRAME];
    stored_message found[MAX_MESSAGES_PER_FRAME];
    unsigned n = collect_messages(pinfo, tree, msgs), count = 0;
    frame_record *rec;

    for (unsigned i = 0; i < n; i++) {
        stored_message *e = &found[count];

        memset(e, 0, sizeof(*e));
        e->transfer = -1;
        msgs[i].frame = pinfo->num;
        if (record_response(&msgs[i], e)) {
            if (e->kind == ENTRY_RESPONSE) {
                const sipadv_request *req = link_to_request(pinfo, &msgs[i], now, e);
                compute_hints(pinfo, &msgs[i], req, e);
            }
            track_response(&msgs[i], now, e);
            count++;
            continue;
        }
        remember_request(pinfo, &msgs[i], now);
        if (track_request(&msgs[i], now, e))
            count++;
    }
    if (count == 0)
        return NULL;

    rec = (frame_record *)wmem_alloc(wmem_file_scope(),
                                     sizeof(*rec) + count * sizeof(stored_message));
    rec->count = count;
    memcpy(rec->messages, found, count * sizeof(stored_message));
    return rec;
}

/* ---- every pass: record to tree, fields and expert items ----------------------------- */

static expert_field *expert_for(sipadv_severity sev)
{
    switch (sev) {
    case SIPADV_SEV_CHAT:
        return &ei_response_chat;
    case SIPADV_SEV_NOTE:
        return &ei_response_note;
    case SIPADV_SEV_WARN:
        return &ei_response_warn;
    default:
        return &ei_response_error;
    }
}

/* Wireshark cuts an item's label at ITEM_LABEL_LENGTH, so a long advice text would end in
 * "[truncated]" in the packet pane. The field keeps the whole text (filters, -T fields);
 * underneath it, the same text is repeated in word-wrapped lines a reader can expand. */
#define WRAP_WIDTH 100

static void add_wrapped_lines(proto_item *item, tvbuff_t *tvb, const char *text)
{
    proto_tree *lines = proto_item_add_subtree(item, ett_text);
    size_t len = strlen(text);

    while (len > 0) {
        size_t cut = len <= WRAP_WIDTH ? len : WRAP_WIDTH;
        if (cut < len) {
            while (cut > WRAP_WIDTH / 2 && text[cut] != ' ')
                cut--;
            /* Without a space to break at, never split a UTF-8 character. */
            cut = sipadv_utf8_cut(text, len, cut);
        }
        proto_tree_add_subtree_format(lines, tvb, 0, 0, ett_text, NULL, "%.*s", (int)cut, text);
        text += cut;
        len -= cut;
        while (len > 0 && *text == ' ') {
            text++;
            len--;
        }
    }
}

static void add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text)
{
    proto_item *item;

    if (text == NULL)
        return;
    item = proto_tree_add_string(t, hf, tvb, 0, 0, text);
    proto_item_set_generated(item);
    if (t != NULL && PTREE_DATA(t)->visible &&
        strlen(proto_registrar_get_nth(hf)->name) + strlen(text) + 2 >= ITEM_LABEL_LENGTH)
        add_wrapped_lines(item, tvb, text);
}

static void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, unsigned v)
{
    proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, v));
}

static void add_frame(proto_tree *t, int hf, tvbuff_t *tvb, uint32_t frame)
{
    if (frame != 0)
        proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, frame));
}

static void add_seconds(proto_tree *t, int hf, tvbuff_t *tvb, double seconds)
{
    nstime_t ns;

    if (seconds < 0)
        seconds = 0;
    ns.secs = (time_t)seconds;
    ns.nsecs = (int)((seconds - (double)ns.secs) * 1e9 + 0.5);
    if (ns.nsecs >= 1000000000) {
        ns.secs++;
        ns.nsecs -= 1000000000;
    }
    proto_item_set_generated(proto_tree_add_time(t, hf, tvb, 0, 0, &ns));
}

static char *response_summary(packet_info *pinfo, const stored_message *r,
                              const sipadv_advice *adv)
{
    const char *to = r->method ? " answering " : "";
    const char *method = r->method ? r->method : "";

    if (adv->registered)
        return wmem_strdup_printf(pinfo->pool, "SIP %u %s (%s)%s%s", adv->code, adv->phrase,
                                  sipadv_class_name(adv->cls), to, method);
    return wmem_strdup_printf(pinfo->pool, "SIP %u, not registered (%s, treated as %u)%s%s",
                              adv->code, sipadv_class_name(adv->cls), adv->treated_as, to,
                              method);
}

static void raise_anomalies(packet_info *pinfo, proto_item *ti, unsigned anomalies)
{
    static const struct {
        unsigned flag;
        expert_field *ei;
    } notes[] = {
        { ANOMALY_NO_CSEQ, &ei_cseq_missing },
        { ANOMALY_DUPLICATE_CSEQ, &ei_cseq_duplicate },
        { ANOMALY_CSEQ_METHOD, &ei_cseq_method },
        { ANOMALY_PHRASE_NOT_UTF8, &ei_phrase_not_utf8 },
        { ANOMALY_BOGUS_SIPFRAG_PHRASE, &ei_bogus_sipfrag_phrase },
        { ANOMALY_BAD_EVENT_ID, &ei_bad_event_id },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(notes); i++) {
        if (anomalies & notes[i].flag)
            expert_add_info(pinfo, ti, notes[i].ei);
    }
}

/* A request has no advisor tree of its own; its bad input gets a small one. */
static void render_request_anomalies(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                                     const stored_message *e)
{
    proto_item *ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);

    proto_item_set_text(ti, "SIP Response Advisor: malformed %s request",
                        e->method ? e->method : "SIP");
    raise_anomalies(pinfo, ti, e->anomalies);
}

/* Hints found on the first pass, plus the retry watch, which later frames decide. t is NULL
 * when only the expert items are wanted. */
static void render_hints(proto_tree *t, proto_item *ti, packet_info *pinfo, tvbuff_t *tvb,
                         const stored_message *r)
{
    char retry[SIPADV_HINT_LEN];
    bool too_early;

    for (unsigned i = 0; t != NULL && i < r->hint_count; i++)
        add_text(t, hf_hint, tvb, r->hints[i]);
    if ((r->hint_flags & SIPADV_HINT_CARRIES_RETRY_AFTER) &&
        sipadv_retry_hint(sipadv_txns_retry_for(txns, pinfo->num), retry, sizeof(retry),
                          &too_early)) {
        if (t != NULL)
            add_text(t, hf_hint, tvb, retry);
        /* The seconds waited and the retry's frame are in the hint, not in the summary. */
        if (too_early)
            expert_add_info_format(pinfo, ti, &ei_early_retry,
                                   "The same client retried sooner than the %u s asked in "
                                   "Retry-After",
                                   sipadv_txns_retry_for(txns, pinfo->num)->retry_after);
    }
    if (r->hint_flags & SIPADV_HINT_CREDENTIALS_REJECTED)
        expert_add_info(pinfo, ti, &ei_credentials_rejected);
    if (r->hint_flags & SIPADV_HINT_REASON_MISMATCH)
        expert_add_info(pinfo, ti, &ei_reason_mismatch);
    if (r->hint_flags & SIPADV_HINT_NOT_UNDERSTOOD)
        expert_add_info(pinfo, ti, &ei_header_not_understood);
    raise_anomalies(pinfo, ti, r->anomalies);
}

static void render_malformed(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                             const stored_message *r, const sipadv_advice *adv)
{
    proto_item *ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_response);

    proto_item_set_text(ti, "SIP Response Advisor: malformed status code in \"%s\"",
                        r->detail ? r->detail : "");
    if (r->has_code)
        add_uint(t, hf_code, tvb, r->code);
    add_text(t, hf_status_line, tvb, r->detail);
    add_text(t, hf_method, tvb, r->method);
    add_text(t, hf_meaning, tvb, adv->meaning);
    add_text(t, hf_context, tvb, adv->context);
    add_text(t, hf_remedy, tvb, adv->remedy);
    raise_anomalies(pinfo, ti, r->anomalies);
    expert_add_info_format(pinfo, ti, &ei_malformed_status,
                           "Malformed SIP status code: \"%s\" (must be three digits, 100-699)",
                           r->detail ? r->detail : "");
}

static void render_response(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                            const stored_message *r)
{
    sipadv_advice adv;
    proto_item *ti;
    proto_tree *t;
    char *summary;

    sipadv_advise(r->code, r->method, (sipadv_condition)r->when, &adv);
    if (r->kind == ENTRY_MALFORMED) {
        render_malformed(tree, pinfo, tvb, r, &adv);
        return;
    }

    if (!proto_field_is_referenced(tree, proto_sipadv)) {
        /* No tree, or one nobody will see and no filter, column or -e asks for a sipadv
         * field (tshark -2's first pass, -z expert, -Y on other fields): the tree items
         * would be faked anyway. Only the expert items count, for the expert tap and
         * _ws.expert filters, anchored on our (top-level, always real) protocol item. */
        ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
        render_hints(NULL, ti, pinfo, tvb, r);
        if (adv.severity != SIPADV_SEV_CHAT || pref_show_routine) {
            const char *to = r->method ? " answering " : "";
            const char *method = r->method ? r->method : "";
            if (adv.registered)
                expert_add_info_format(pinfo, ti, expert_for(adv.severity),
                                       "SIP %u %s (%s)%s%s", adv.code, adv.phrase,
                                       sipadv_class_name(adv.cls), to, method);
            else
                expert_add_info_format(pinfo, ti, expert_for(adv.severity),
                                       "SIP %u, not registered (%s, treated as %u)%s%s",
                                       adv.code, sipadv_class_name(adv.cls), adv.treated_as,
                                       to, method);
        }
        return;
    }

    summary = response_summary(pinfo, r, &adv);
    ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "SIP Response Advisor: %s", summary);
    t = proto_item_add_subtree(ti, ett_response);

    add_uint(t, hf_code, tvb, adv.code);
    add_uint(t, hf_class, tvb, adv.cls);
    add_text(t, hf_phrase, tvb, adv.phrase);
    proto_item_set_generated(proto_tree_add_boolean(t, hf_registered, tvb, 0, 0, adv.registered));
    add_text(t, hf_rfc, tvb, adv.rfc);
    if (!adv.registered)
        proto_item_append_text(proto_tree_add_uint(t, hf_treated_as, tvb, 0, 0, adv.treated_as),
                               " (%s)", adv.fallback_note);
    add_text(t, hf_packet_phrase, tvb, r->detail);
    add_text(t, hf_method, tvb, r->method);
    if (r->request_frame != 0) {
        add_frame(t, hf_request_frame, tvb, r->request_frame);
        add_seconds(t, hf_response_time, tvb, r->response_time);
    }
    render_hints(t, ti, pinfo, tvb, r);
    add_text(t, hf_meaning, tvb, adv.meaning);
    add_text(t, hf_context, tvb, adv.context);
    add_text(t, hf_remedy, tvb, adv.remedy);

    if (adv.severity != SIPADV_SEV_CHAT || pref_show_routine)
        expert_add_info_format(pinfo, ti, expert_for(adv.severity), "%s", summary);
}

/* ---- transfers ------------------------------------------------------------------------ */

/* Seconds since the capture's first frame. Absolute epoch seconds in a double would lose
 * the sub-microsecond digits that durations are made of. */
static double frame_time(const packet_info *pinfo)
{
    nstime_t since_first;

    if (nstime_is_unset(&capture_first_ts))
        capture_first_ts = pinfo->abs_ts;
    nstime_delta(&since_first, &pinfo->abs_ts, &capture_first_ts);
    return nstime_to_sec(&since_first);
}

/* The sipfrag's final status is the transfer's real outcome: explain it like a response. */
static void add_outcome_explanation(proto_tree *t, tvbuff_t *tvb, unsigned code)
{
    sipadv_advice adv;
    char words[64];
    proto_tree *sub;

    sipadv_advise(code, "INVITE", SIPADV_WHEN_ANY, &adv);
    sipadv_status_words(words, sizeof(words), code);
    sub = proto_tree_add_subtree_format(t, tvb, 0, 0, ett_outcome, NULL,
                                        "Transfer outcome: %s (%s)", words,
                                        sipadv_class_name(adv.cls));
    add_uint(sub, hf_refer_outcome, tvb, code);
    add_text(sub, hf_refer_outcome_phrase, tvb, adv.phrase);
    add_text(sub, hf_refer_outcome_meaning, tvb, adv.meaning);
    add_text(sub, hf_refer_outcome_remedy, tvb, adv.remedy);
}

static void add_transfer_fields(proto_tree *t, tvbuff_t *tvb, const sipadv_transfer *tr,
                                const sipadv_outcome *o, const char *explanation)
{
    proto_item_set_generated(proto_tree_add_string(t, hf_refer_verdict, tvb, 0, 0,
                                                   sipadv_verdict_name(o->verdict)));
    if (o->result != 0)
        add_uint(t, hf_refer_result, tvb, o->result);
    add_text(t, hf_refer_summary, tvb, explanation);
    add_frame(t, hf_refer_request_frame, tvb, tr->refer_frame);
    add_frame(t, hf_refer_response_frame, tvb, tr->response_frame);
    for (unsigned i = 0; i < tr->notify_count && i < SIPADV_MAX_NOTIFY_FRAMES; i++)
        add_frame(t, hf_refer_notify_frame, tvb, tr->notify_frames[i]);
    add_text(t, hf_refer_refer_to, tvb, tr->refer_to);
    add_uint(t, hf_refer_id, tvb, tr->cseq);
    if (tr->final_notify_frame != 0)
        add_seconds(t, hf_refer_duration, tvb, tr->final_notify_time - tr->refer_time);
    add_frame(t, hf_refer_retry_frame, tvb, tr->retry_frame);
    add_frame(t, hf_refer_subscribe_frame, tvb, tr->subscribe_frame);
    add_frame(t, hf_refer_invite_frame, tvb, tr->invite_frame);
    if (tr->invite_code != 0)
        add_uint(t, hf_refer_invite_result, tvb, tr->invite_code);
}

static bool is_success(unsigned code)
{
    return code >= 200 && code < 300;
}

/* The verdict's expert item, raised once per transfer, on its REFER. */
static void raise_verdict(packet_info *pinfo, proto_item *ti, const sipadv_transfer *tr,
                          const sipadv_outcome *o, bool complete)
{
    expert_field *ei = NULL;
    char finding[400];

    switch (o->verdict) {
    case SIPADV_VERDICT_SUCCEEDED:
        ei = &ei_refer_succeeded;
        break;
    case SIPADV_VERDICT_FAILED:
        ei = &ei_refer_failed;
        break;
    case SIPADV_VERDICT_REJECTED:
        ei = (tr->response_code == 401 || tr->response_code == 407)
                 ? &ei_refer_challenge_abandoned : &ei_refer_rejected;
        break;
    case SIPADV_VERDICT_CHALLENGED:
        ei = &ei_refer_challenged;
        break;
    case SIPADV_VERDICT_NO_NOTIFY:
        ei = &ei_refer_no_notify;
        break;
    case SIPADV_VERDICT_UNANSWERED:
        ei = &ei_refer_unanswered;
        break;
    case SIPADV_VERDICT_NO_SUBSCRIPTION:
        ei = &ei_refer_no_subscription;
        break;
    case SIPADV_VERDICT_UNREPORTED:
        ei = &ei_refer_unreported;
        break;
    case SIPADV_VERDICT_PENDING:
        /* While the first pass is still reading, "pending" is no finding. */
        ei = complete ? &ei_refer_capture_ended : NULL;
        break;
    }
    if (ei != NULL) {
        /* Frames and seconds stay in the tree (sipadv.refer.summary): see the header. */
        sipadv_transfer_finding(finding, sizeof(finding), tr, o, (double)pref_refer_timeout,
                                complete);
        expert_add_info_format(pinfo, ti, ei, "Transfer %s: %s",
                               sipadv_verdict_name(o->verdict), finding);
    }

    if (tr->invite_code >= 200 && tr->final_code >= 200 &&
        is_success(tr->invite_code) != is_success(tr->final_code)) {
        char nf[64], inv[64];
        sipadv_status_words(nf, sizeof(nf), tr->final_code);
        sipadv_status_words(inv, sizeof(inv), tr->invite_code);
        expert_add_info_format(pinfo, ti, &ei_refer_invite_disagrees,
                               "The NOTIFY reported %s but the triggered INVITE got %s", nf,
                               inv);
    }
}

static void raise_notify_findings(packet_info *pinfo, proto_item *ti, const stored_message *e,
                                  const sipadv_transfer *tr, double now, bool complete)
{
    unsigned f = e->link_flags;

    if (f & SIPADV_NOTIFY_AMBIGUOUS)
        expert_add_info_format(pinfo, ti, &ei_refer_ambiguous_notify,
                               "NOTIFY without an id while several REFERs are outstanding in "
                               "the dialog: taken for the first one (sipadv.refer.request_frame)");
    if (f & SIPADV_NOTIFY_DESPITE_NO_SUB)
        expert_add_info(pinfo, ti, &ei_refer_notify_despite_no_sub);
    if (f & SIPADV_NOTIFY_BAD_TERMINATION)
        expert_add_info_format(pinfo, ti, &ei_refer_bad_termination,
                               "Subscription terminated with reason=%s, not noresource "
                               "(RFC 3515 sec. 2.4.7)",
                               tr->terminated_reason ? tr->terminated_reason : "(none)");
    if (f & SIPADV_NOTIFY_BAD_SIPFRAG)
        expert_add_info(pinfo, ti, &ei_refer_bad_sipfrag);
    if (complete && pinfo->num == tr->final_notify_frame && !tr->terminated &&
        now - tr->final_notify_time > pref_refer_timeout)
        expert_add_info_format(pinfo, ti, &ei_refer_left_active,
                               "Final status reported, but no NOTIFY ended the subscription "
                               "within %u s (Subscription-State stayed active)",
                               pref_refer_timeout);
}

static void render_orphan_notify(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb)
{
    proto_item *ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);

    proto_item_set_text(ti, "SIP Response Advisor: NOTIFY (Event: refer) matches no REFER "
                            "in the capture");
    expert_add_info(pinfo, ti, &ei_refer_orphan_notify);
}

static void render_transfer(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                            const stored_message *e)
{
    const sipadv_transfer *tr = sipadv_tracker_get(tracker, e->transfer);
    bool complete = PINFO_FD_VISITED(pinfo);
    double now = complete ? capture_last_time : frame_time(pinfo);
    sipadv_outcome o;
    char explanation[400];
    proto_item *ti;
    proto_tree *t;

    if (tr == NULL) {
        if (e->link_flags & SIPADV_NOTIFY_ORPHAN)
            render_orphan_notify(tree, pinfo, tvb);
        return;
    }
    o = sipadv_transfer_outcome(tr, now, (double)pref_refer_timeout);
    sipadv_transfer_explain(explanation, sizeof(explanation), tr, &o,
                            (double)pref_refer_timeout, complete);

    if (e->role == SIPADV_ROLE_INVITE || e->role == SIPADV_ROLE_INVITE_RESPONSE) {
        ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
        proto_item_set_text(ti, "SIP Response Advisor: INVITE triggered by the REFER in frame %u",
                            tr->refer_frame);
        t = proto_item_add_subtree(ti, ett_transfer);
        add_frame(t, hf_refer_triggered_by, tvb, tr->refer_frame);
        return;
    }
    /* Provisional answers to a REFER (100 Trying) carry no part of the outcome. */
    if (e->role == SIPADV_ROLE_RESPONSE && e->code < 200)
        return;

    ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "SIP Response Advisor: call transfer %s: %s",
                        sipadv_verdict_name(o.verdict), explanation);
    t = proto_item_add_subtree(ti, ett_transfer);
    add_transfer_fields(t, tvb, tr, &o, explanation);

    switch (e->role) {
    case SIPADV_ROLE_REFER:
        if (pinfo->num == tr->refer_frame)
            raise_verdict(pinfo, ti, tr, &o, complete);
        break;
    case SIPADV_ROLE_RESPONSE:
        if (pinfo->num == tr->response_frame && o.verdict == SIPADV_VERDICT_FAILED &&
            is_success(tr->response_code) && tr->final_code >= 300) {
            sipadv_accepted_then_failed(explanation, sizeof(explanation), tr);
            expert_add_info_format(pinfo, ti, &ei_refer_accepted_then_failed,
                                   "Accepted is not completed: %s", explanation);
        }
        break;
    case SIPADV_ROLE_NOTIFY:
        if (e->sipfrag_code != 0)
            add_uint(t, hf_refer_sipfrag, tvb, e->sipfrag_code);
        if (pinfo->num == tr->final_notify_frame)
            add_outcome_explanation(t, tvb, tr->final_code);
        raise_notify_findings(pinfo, ti, e, tr, now, complete);
        break;
    default:
        break;
    }
}

static int dissect_sipadv(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    frame_record *rec;

    /* No early return on a NULL tree: the expert tap still needs our items (pass 2 of -2). */
    if (!PINFO_FD_VISITED(pinfo)) {
        double now = frame_time(pinfo);
        if (now > capture_last_time)
            capture_last_time = now;
        rec = build_record(pinfo, tree, now);
        if (rec != NULL)
            p_add_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0, rec);
    } else {
        rec = (frame_record *)p_get_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0);
    }
    if (rec == NULL)
        return 0;

    for (unsigned i = 0; i < rec->count; i++) {
        const stored_message *e = &rec->messages[i];
        if (e->kind != ENTRY_REQUEST)
            render_response(tree, pinfo, tvb, e);
        else if (e->anomalies != 0)
            render_request_anomalies(tree, pinfo, tvb, e);
        if (e->transfer >= 0 || e->link_flags != 0)
            render_transfer(tree, pinfo, tvb, e);
    }
    return tvb_captured_length(tvb);
}

/* ---- registration -------------------------------------------------------------------- */

static const value_string class_vals[] = {
    { 1, "1xx Provisional" },
    { 2, "2xx Success" },
    { 3, "3xx Redirection" },
    { 4, "4xx Client Failure" },
    { 5, "5xx Server Failure" },
    { 6, "6xx Global Failure" },
    { 0, NULL },
};

static void sipadv_init(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (int f = 0; f < SF_COUNT; f++) {
        if (sip_hfids[f] >= 0)
            g_array_append_val(wanted, sip_hfids[f]);
    }
    set_postdissector_wanted_hfids(sipadv_handle, wanted);
    cancels = sipadv_cancels_new();
    tracker = sipadv_tracker_new();
    /* Longer than a ringing INVITE usually lasts: Timer C must exceed 3 minutes (RFC 3261
     * sec. 16.6 item 11) and each provisional restarts it, so this is a horizon, not a bound. */
    txns = sipadv_txns_new(300.0);
    capture_last_time = 0;
    nstime_set_unset(&capture_first_ts);
}

static void sipadv_cleanup(void)
{
    set_postdissector_wanted_hfids(sipadv_handle, NULL);
    sipadv_cancels_free(cancels);
    cancels = NULL;
    sipadv_tracker_free(tracker);
    tracker = NULL;
    sipadv_txns_free(txns);
    txns = NULL;
}

static void proto_register_sipadv(void)
{
    static hf_register_info hf[] = {
        { &hf_code, { "Status code", "sipadv.code", FT_UINT16, BASE_DEC, NULL, 0x0,
                      "The response's status code", HFILL } },
        { &hf_class, { "Class", "sipadv.class", FT_UINT8, BASE_DEC, VALS(class_vals), 0x0,
                       "Response class (RFC 3261 sec. 7.2)", HFILL } },
        { &hf_phrase, { "Registered phrase", "sipadv.phrase", FT_STRING, BASE_NONE, NULL, 0x0,
                        "Reason phrase registered with IANA for this code", HFILL } },
        { &hf_registered, { "Registered", "sipadv.registered", FT_BOOLEAN, BASE_NONE, NULL,
                            0x0, "Is the code in the IANA SIP response code registry?",
                            HFILL } },
        { &hf_rfc, { "Defined in", "sipadv.rfc", FT_STRING, BASE_NONE, NULL, 0x0,
                     "RFC that defines the code", HFILL } },
        { &hf_method, { "Answers method", "sipadv.method", FT_STRING, BASE_NONE, NULL, 0x0,
                        "CSeq method of the request this response answers", HFILL } },
        { &hf_meaning, { "Meaning", "sipadv.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                         "What the response says happened", HFILL } },
        { &hf_context, { "Typical context", "sipadv.context", FT_STRING, BASE_NONE, NULL, 0x0,
                         "Where and when this response is usually seen", HFILL } },
        { &hf_remedy, { "Remedy", "sipadv.remedy", FT_STRING, BASE_NONE, NULL, 0x0,
                        "What to check or change", HFILL } },
        { &hf_treated_as, { "Treated as", "sipadv.treated_as", FT_UINT16, BASE_DEC, NULL, 0x0,
                            "Registered code a UAC uses for this unregistered one "
                            "(RFC 3261 sec. 8.1.3.2)", HFILL } },
        { &hf_packet_phrase, { "Phrase in packet", "sipadv.packet_phrase", FT_STRING,
                               BASE_NONE, NULL, 0x0,
                               "The packet's own reason phrase, shown when it differs from "
                               "the registered one (harmless: only the code counts)", HFILL } },
        { &hf_request_frame, { "Request in frame", "sipadv.request_frame", FT_FRAMENUM,
                               BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
                               "The request this response answers (same Call-ID, CSeq number "
                               "and method, sent from where the response goes)", HFILL } },
        { &hf_hint, { "Hint", "sipadv.hint", FT_STRING, BASE_NONE, NULL, 0x0,
                      "Advice quoting this response's own headers and the request it "
                      "answers (one per finding)", HFILL } },
        { &hf_response_time, { "Response time", "sipadv.response_time", FT_RELATIVE_TIME,
                               BASE_NONE, NULL, 0x0, "Time since that request", HFILL } },
        { &hf_status_line, { "Malformed status line", "sipadv.status_line", FT_STRING,
                             BASE_NONE, NULL, 0x0,
                             "Start line of a response whose status code is malformed",
                             HFILL } },
    };
    static hf_register_info hf_refer[] = {
        { &hf_refer_verdict, { "Transfer verdict", "sipadv.refer.verdict", FT_STRING, BASE_NONE,
                               NULL, 0x0, "succeeded, failed, rejected, challenged, no-notify, "
                               "unanswered, no-subscription, unreported or pending", HFILL } },
        { &hf_refer_result, { "Deciding status", "sipadv.refer.result", FT_UINT16, BASE_DEC,
                              NULL, 0x0, "The status that decided the verdict: the final "
                              "sipfrag status, the REFER's response code, or the triggered "
                              "INVITE's final response when no NOTIFY reported one", HFILL } },
        { &hf_refer_summary, { "Summary", "sipadv.refer.summary", FT_STRING, BASE_NONE, NULL,
                               0x0, "The transfer's outcome in one sentence", HFILL } },
        { &hf_refer_request_frame, { "REFER in frame", "sipadv.refer.request_frame",
                                     FT_FRAMENUM, BASE_NONE,
                                     FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
        { &hf_refer_response_frame, { "Final response in frame", "sipadv.refer.response_frame",
                                      FT_FRAMENUM, BASE_NONE,
                                      FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, NULL, HFILL } },
        { &hf_refer_notify_frame, { "NOTIFY in frame", "sipadv.refer.notify_frame",
                                    FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                    "A NOTIFY of the transfer's implicit subscription", HFILL } },
        { &hf_refer_refer_to, { "Refer-To", "sipadv.refer.refer_to", FT_STRING, BASE_NONE,
                                NULL, 0x0, "The transfer target (Refer-To of the REFER)",
                                HFILL } },
        { &hf_refer_duration, { "Duration", "sipadv.refer.duration", FT_RELATIVE_TIME,
                                BASE_NONE, NULL, 0x0,
                                "From the REFER to the NOTIFY with the final status", HFILL } },
        { &hf_refer_id, { "Event id", "sipadv.refer.id", FT_UINT32, BASE_DEC, NULL, 0x0,
                          "The REFER's CSeq number, used as Event: refer;id= (RFC 3515 "
                          "sec. 2.4.6)", HFILL } },
        { &hf_refer_sipfrag, { "Status in this NOTIFY", "sipadv.refer.sipfrag", FT_UINT16,
                               BASE_DEC, NULL, 0x0,
                               "Status line of this NOTIFY's message/sipfrag body", HFILL } },
        { &hf_refer_retry_frame, { "Retried in frame", "sipadv.refer.retry_frame", FT_FRAMENUM,
                                   BASE_NONE, NULL, 0x0,
                                   "The REFER that retried this challenged one", HFILL } },
        { &hf_refer_subscribe_frame, { "Explicit SUBSCRIBE in frame",
                                       "sipadv.refer.subscribe_frame", FT_FRAMENUM, BASE_NONE,
                                       NULL, 0x0, "Require: explicitsub (RFC 7614 sec. 4): the "
                                       "referrer's SUBSCRIBE to the Refer-Events-At URI, whose "
                                       "NOTIFYs report this transfer", HFILL } },
        { &hf_refer_invite_frame, { "Triggered INVITE in frame", "sipadv.refer.invite_frame",
                                    FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                    "The INVITE the transferee sent to the Refer-To target",
                                    HFILL } },
        { &hf_refer_invite_result, { "Triggered INVITE's final status",
                                     "sipadv.refer.invite_result", FT_UINT16, BASE_DEC, NULL,
                                     0x0, NULL, HFILL } },
        { &hf_refer_triggered_by, { "Triggered by REFER in frame", "sipadv.refer.triggered_by",
                                    FT_FRAMENUM, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_refer_outcome, { "Outcome status", "sipadv.refer.outcome", FT_UINT16, BASE_DEC,
                               NULL, 0x0, "Final status reported by the NOTIFYs", HFILL } },
        { &hf_refer_outcome_phrase, { "Outcome phrase", "sipadv.refer.outcome_phrase",
                                      FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_refer_outcome_meaning, { "Outcome meaning", "sipadv.refer.outcome_meaning",
                                       FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_refer_outcome_remedy, { "Outcome remedy", "sipadv.refer.outcome_remedy",
                                      FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    };
    static int *ett[] = { &ett_response, &ett_text, &ett_transfer, &ett_outcome };
    static ei_register_info ei[] = {
        { &ei_response_chat, { "sipadv.response.chat", PI_RESPONSE_CODE, PI_CHAT,
                               "Routine SIP response", EXPFILL } },
        { &ei_response_note, { "sipadv.response.note", PI_RESPONSE_CODE, PI_NOTE,
                               "SIP response worth a look", EXPFILL } },
        { &ei_response_warn, { "sipadv.response.warn", PI_RESPONSE_CODE, PI_WARN,
                               "SIP failure response", EXPFILL } },
        { &ei_response_error, { "sipadv.response.error", PI_RESPONSE_CODE, PI_ERROR,
                                "SIP server or global failure", EXPFILL } },
        { &ei_malformed_status, { "sipadv.malformed_status", PI_MALFORMED, PI_NOTE,
                                  "Malformed SIP status code", EXPFILL } },
        { &ei_cseq_missing, { "sipadv.cseq_missing", PI_MALFORMED, PI_NOTE,
                              "Response without CSeq: the request it answers cannot be "
                              "identified (RFC 3261 sec. 8.1.1.5)", EXPFILL } },
        { &ei_cseq_duplicate, { "sipadv.cseq_duplicate", PI_MALFORMED, PI_NOTE,
                                "More than one CSeq header: the first one is used "
                                "(RFC 3261 sec. 7.3.1 allows one)", EXPFILL } },
        { &ei_cseq_method, { "sipadv.cseq_method_mismatch", PI_MALFORMED, PI_NOTE,
                             "CSeq method differs from the request method "
                             "(RFC 3261 sec. 8.1.1.5): responses will not match it", EXPFILL } },
        { &ei_phrase_not_utf8, { "sipadv.phrase_not_utf8", PI_MALFORMED, PI_NOTE,
                                 "Reason phrase is not valid UTF-8 (RFC 3261 sec. 25.1); only "
                                 "the code counts", EXPFILL } },
        { &ei_bogus_sipfrag_phrase, { "sipadv.refer.bogus_sipfrag_phrase", PI_PROTOCOL, PI_NOTE,
                                      "sipfrag reason phrase is only a number (e.g. 'SIP/2.0 "
                                      "487 487'): the code is used, the phrase ignored",
                                      EXPFILL } },
        { &ei_bad_event_id, { "sipadv.refer.bad_event_id", PI_MALFORMED, PI_NOTE,
                              "Event id is not a 32-bit number: it names no REFER", EXPFILL } },
        { &ei_credentials_rejected, { "sipadv.credentials_rejected", PI_SECURITY, PI_WARN,
                                      "Challenged again although the request carried "
                                      "credentials for this realm: they were rejected",
                                      EXPFILL } },
        { &ei_reason_mismatch, { "sipadv.reason_mismatch", PI_PROTOCOL, PI_NOTE,
                                 "The Reason's Q.850 cause disagrees with the status code "
                                 "(RFC 3398)", EXPFILL } },
        { &ei_header_not_understood, { "sipadv.header_not_understood", PI_MALFORMED, PI_NOTE,
                                       "A header the advice needs could not be parsed",
                                       EXPFILL } },
        { &ei_early_retry, { "sipadv.early_retry", PI_SEQUENCE, PI_WARN,
                             "Client retried sooner than Retry-After asked", EXPFILL } },
        { &ei_refer_succeeded, { "sipadv.refer.succeeded", PI_SEQUENCE, PI_CHAT,
                                 "Transfer succeeded", EXPFILL } },
        { &ei_refer_failed, { "sipadv.refer.failed", PI_SEQUENCE, PI_WARN,
                              "Transfer failed", EXPFILL } },
        { &ei_refer_accepted_then_failed, { "sipadv.refer.accepted_then_failed", PI_SEQUENCE,
                                            PI_WARN, "REFER accepted, then the transfer failed",
                                            EXPFILL } },
        { &ei_refer_rejected, { "sipadv.refer.rejected", PI_SEQUENCE, PI_WARN,
                                "REFER rejected", EXPFILL } },
        { &ei_refer_challenge_abandoned, { "sipadv.refer.challenge_abandoned", PI_SEQUENCE,
                                           PI_WARN, "REFER challenged and never retried",
                                           EXPFILL } },
        { &ei_refer_challenged, { "sipadv.refer.challenged", PI_SEQUENCE, PI_CHAT,
                                  "REFER challenged and retried", EXPFILL } },
        { &ei_refer_no_notify, { "sipadv.refer.no_notify", PI_SEQUENCE, PI_ERROR,
                                 "REFER accepted but no NOTIFY within the timeout", EXPFILL } },
        { &ei_refer_unanswered, { "sipadv.refer.unanswered", PI_SEQUENCE, PI_ERROR,
                                  "REFER never answered", EXPFILL } },
        { &ei_refer_no_subscription, { "sipadv.refer.no_subscription", PI_SEQUENCE, PI_CHAT,
                                       "Transfer without subscription (Refer-Sub: false, "
                                       "nosub or explicitsub)", EXPFILL } },
        { &ei_refer_unreported, { "sipadv.refer.unreported", PI_SEQUENCE, PI_NOTE,
                                  "Subscription ended before a final status was reported",
                                  EXPFILL } },
        { &ei_refer_capture_ended, { "sipadv.refer.capture_ended", PI_SEQUENCE, PI_NOTE,
                                     "Capture ended before the transfer was decided",
                                     EXPFILL } },
        { &ei_refer_orphan_notify, { "sipadv.refer.orphan_notify", PI_SEQUENCE, PI_NOTE,
                                     "NOTIFY (Event: refer) for a REFER not in the capture: "
                                     "the capture probably started late", EXPFILL } },
        { &ei_refer_ambiguous_notify, { "sipadv.refer.ambiguous_notify", PI_PROTOCOL, PI_WARN,
                                        "NOTIFY without id while several REFERs are "
                                        "outstanding", EXPFILL } },
        { &ei_refer_notify_despite_no_sub, { "sipadv.refer.notify_despite_no_subscription",
                                             PI_PROTOCOL, PI_NOTE,
                                             "NOTIFY although the 2xx granted Refer-Sub: false "
                                             "(RFC 4488)", EXPFILL } },
        { &ei_refer_bad_termination, { "sipadv.refer.bad_termination", PI_PROTOCOL, PI_WARN,
                                       "Refer subscription terminated badly", EXPFILL } },
        { &ei_refer_left_active, { "sipadv.refer.left_active", PI_PROTOCOL, PI_NOTE,
                                   "Final status reported but the subscription left active",
                                   EXPFILL } },
        { &ei_refer_bad_sipfrag, { "sipadv.refer.bad_sipfrag", PI_MALFORMED, PI_WARN,
                                   "NOTIFY (Event: refer) without a sipfrag status line "
                                   "(RFC 3515 sec. 2.4.5)", EXPFILL } },
        { &ei_refer_invite_disagrees, { "sipadv.refer.invite_disagrees", PI_SEQUENCE, PI_WARN,
                                        "The sipfrag and the triggered INVITE disagree",
                                        EXPFILL } },
    };
    module_t *module;

    proto_sipadv = proto_register_protocol("SIP Response Advisor", "SIPADV", "sipadv");
    proto_register_field_array(proto_sipadv, hf, array_length(hf));
    proto_register_field_array(proto_sipadv, hf_refer, array_length(hf_refer));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_sipadv), ei, array_length(ei));

    module = prefs_register_protocol(proto_sipadv, NULL);
    prefs_register_bool_preference(module, "show_routine",
                                   "Show routine responses in Expert Information",
                                   "Raise chat-level expert items for routine responses (1xx, "
                                   "2xx, a 401/407 challenge, 487 after CANCEL). Turn off for "
                                   "busy captures; the tree and filter fields stay.",
                                   &pref_show_routine);

    prefs_register_uint_preference(module, "refer_timeout",
                                   "Transfer timeout (seconds)",
                                   "How long after a REFER a final response and a first NOTIFY "
                                   "may take before the transfer counts as unanswered or "
                                   "silent. 32 s is 64*T1: Timer F and RFC 6665 Timer N.",
                                   10, &pref_refer_timeout);

    sipadv_handle = register_dissector("sipadv", dissect_sipadv, proto_sipadv);
    register_init_routine(sipadv_init);
    register_cleanup_routine(sipadv_cleanup);
}

static void proto_reg_handoff_sipadv(void)
{
    for (int f = 0; f < SF_COUNT; f++)
        sip_hfids[f] = proto_registrar_get_id_byname(sip_field_names[f]);
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
