/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every pass: a response's record entry to its advice tree, filter fields and expert item;
 * bad input found in a message to its notes. */
#include "sipadv_glue.h"

#include <string.h>

#include <epan/expert.h>

#include "sipadv_chars.h"
#include "sipadv_codes.h"
#include "sipadv_hints.h"
#include "sipadv_msg.h"
#include "sipadv_tree.h"

static int hf_sipadv_code = -1;
static int hf_sipadv_class = -1;
static int hf_sipadv_phrase = -1;
static int hf_sipadv_registered = -1;
static int hf_sipadv_rfc = -1;
static int hf_sipadv_method = -1;
static int hf_sipadv_meaning = -1;
static int hf_sipadv_context = -1;
static int hf_sipadv_remedy = -1;
static int hf_sipadv_treated_as = -1;
static int hf_sipadv_packet_phrase = -1;
static int hf_sipadv_status_line = -1;
static int hf_sipadv_request_frame = -1;
static int hf_sipadv_hint = -1;
static int hf_sipadv_response_time = -1;

static int ett_response = -1;

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

static const value_string class_vals[] = {
    { 1, "1xx Provisional" },
    { 2, "2xx Success" },
    { 3, "3xx Redirection" },
    { 4, "4xx Client Failure" },
    { 5, "5xx Server Failure" },
    { 6, "6xx Global Failure" },
    { 0, NULL },
};

/* ---- every pass: record to tree, fields and expert items ----------------------------- */

static int pi_severity_for(sipadv_severity sev)
{
    switch (sev) {
    case SIPADV_SEV_CHAT:
        return PI_CHAT;
    case SIPADV_SEV_NOTE:
        return PI_NOTE;
    case SIPADV_SEV_WARN:
        return PI_WARN;
    default:
        return PI_ERROR;
    }
}

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

/* The one-line summary of a response, as the expert item and the tree's title show it.
 * It is made for every response on every pass that raises expert items, so it is put
 * together by copying rather than by printf. */
#define SUMMARY_LEN 192

typedef struct {
    char *p, *end;
} text_writer;

static void put_str(text_writer *w, const char *s)
{
    size_t n = strlen(s), room = (size_t)(w->end - w->p);

    if (n > room)
        n = sipadv_utf8_cut(s, n, room);
    memcpy(w->p, s, n);
    w->p += n;
}

static void put_uint(text_writer *w, unsigned v)
{
    char digits[12];
    size_t i = sizeof(digits) - 1;

    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put_str(w, digits + i);
}

static const char *response_summary(char buf[SUMMARY_LEN], const stored_message *r,
                                    const sipadv_advice *adv)
{
    text_writer w = { buf, buf + SUMMARY_LEN - 1 };

    put_str(&w, "SIP ");
    put_uint(&w, adv->code);
    if (adv->registered) {
        put_str(&w, " ");
        put_str(&w, adv->phrase);
        put_str(&w, " (");
        put_str(&w, sipadv_class_name(adv->cls));
    } else {
        put_str(&w, ", not registered (");
        put_str(&w, sipadv_class_name(adv->cls));
        put_str(&w, ", treated as ");
        put_uint(&w, adv->treated_as);
    }
    put_str(&w, ")");
    if (r->method != SIPADV_METHOD_NONE) {
        put_str(&w, " answering ");
        put_str(&w, sipadv_entry_method_name(r));
    }
    *w.p = '\0';
    return buf;
}

/* A response's advice and summary depend only on its code, its CSeq method and the
 * condition, and a capture holds few such combinations: each pass meets the same few again
 * and again. A small direct-mapped memo of that pure function saves the table lookups and
 * the summary's assembly. An extension method is not memoised: its text is not in the
 * key. */
#define ADVICE_MEMO_SIZE 64

typedef struct {
    bool used;
    uint16_t code;
    uint8_t when;
    uint8_t method;
    sipadv_advice adv;
    char summary[SUMMARY_LEN];
} advice_memo;

static advice_memo advice_memos[ADVICE_MEMO_SIZE];

static const advice_memo *advice_for(const stored_message *r, advice_memo *scratch)
{
    advice_memo *m = scratch;
    if (r->method != SIPADV_METHOD_OTHER) {
        size_t slot = ((size_t)r->code * 7u + (size_t)r->when * 3u + (size_t)r->method * 5u) %
                      ADVICE_MEMO_SIZE;
        m = &advice_memos[slot];
        if (m->used && m->code == r->code && m->when == r->when && m->method == r->method)
            return m;
    }
    m->used = true;
    m->code = r->code;
    m->when = r->when;
    m->method = r->method;
    sipadv_advise(r->code, (sipadv_method)r->method, (sipadv_condition)r->when, &m->adv);
    response_summary(m->summary, r, &m->adv);
    return m;
}

/* Where a response's expert items go: onto ti in full; when nobody will read their text
 * (sipadv_expert_wanted() false), only their severity, and that only on the first pass,
 * where the GUI sums the capture's expert severities up; or nowhere. */
typedef struct {
    sipadv_view *v;
    proto_item *ti;
    bool full;
    bool mark;
} expert_sink;

static expert_sink sink_for(sipadv_view *v)
{
    expert_sink s = { v, NULL, sipadv_expert_wanted(v, proto_sipadv), false };

    s.mark = !s.full && !PINFO_FD_VISITED(v->pinfo);
    return s;
}

static void raise_item(const expert_sink *s, expert_field *ei)
{
    if (s->full)
        expert_add_info(s->v->pinfo, s->ti, ei);
    else if (s->mark)
        sipadv_expert_mark(s->v->pinfo, ei);
}

/* The notes on bad input in the message (sipadv_entry_findings), in this order. */
static void raise_anomalies(const expert_sink *s, unsigned findings)
{
    static const struct {
        unsigned finding;
        expert_field *ei;
    } notes[] = {
        { SIPADV_FINDING_NO_CSEQ, &ei_cseq_missing },
        { SIPADV_FINDING_DUPLICATE_CSEQ, &ei_cseq_duplicate },
        { SIPADV_FINDING_CSEQ_METHOD, &ei_cseq_method },
        { SIPADV_FINDING_PHRASE_NOT_UTF8, &ei_phrase_not_utf8 },
        { SIPADV_FINDING_BOGUS_SIPFRAG_PHRASE, &ei_bogus_sipfrag_phrase },
        { SIPADV_FINDING_BAD_EVENT_ID, &ei_bad_event_id },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(notes); i++) {
        if (findings & notes[i].finding)
            raise_item(s, notes[i].ei);
    }
}

/* A request has no advisor tree of its own; its bad input gets a small one. */
void sipadv_render_request_anomalies(sipadv_view *v, const stored_message *e)
{
    proto_item *ti = proto_tree_add_item(v->tree, proto_sipadv, v->tvb, 0, 0, ENC_NA);
    expert_sink sink = { v, ti, true, false };
    const char *method = sipadv_entry_method_name(e);

    proto_item_set_text(ti, "SIP Response Advisor: anomalies in this %s request",
                        method ? method : "SIP");
    raise_anomalies(&sink, sipadv_entry_findings(e, false));
}

/* Hints found on the first pass, plus the retry watch, which later frames decide. t is NULL
 * when only the expert items are wanted. */
static void render_hints(const sipadv_capture *cap, proto_tree *t, const expert_sink *s,
                         tvbuff_t *tvb, const stored_message *r)
{
    char retry[SIPADV_HINT_LEN];
    bool too_early = false;
    const sipadv_retry *watch;
    bool tags = cap->prefs->info_tags;
    unsigned findings;

    for (unsigned i = 0; t != NULL && i < r->hint_count; i++)
        add_text(t, hf_sipadv_hint, tvb, r->hints[i]);
    watch = (r->hint_flags & SIPADV_HINT_CARRIES_RETRY_AFTER)
                ? sipadv_txns_retry_for(cap->state.txns, s->v->pinfo->num) : NULL;
    if (watch != NULL && sipadv_retry_hint(watch, retry, sizeof(retry), &too_early) &&
        t != NULL)
        add_text(t, hf_sipadv_hint, tvb, retry);
    findings = sipadv_entry_findings(r, too_early);
    if (findings == 0)
        return;
    if (findings & SIPADV_FINDING_EARLY_RETRY) {
        /* The seconds waited and the retry's frame are in the hint, not in the summary. */
        if (s->full)
            expert_add_info_format(s->v->pinfo, s->ti, &ei_early_retry,
                                   "The same client retried sooner than the %u s asked in "
                                   "Retry-After", watch->retry_after);
        else
            raise_item(s, &ei_early_retry);
        sipadv_info_tag(s->v, tags, "Retried sooner than Retry-After");
    }
    if (findings & SIPADV_FINDING_CREDENTIALS_REJECTED) {
        raise_item(s, &ei_credentials_rejected);
        sipadv_info_tag(s->v, tags, "Credentials rejected");
    }
    if (findings & SIPADV_FINDING_REASON_MISMATCH) {
        raise_item(s, &ei_reason_mismatch);
        if (tags && s->v->pinfo->cinfo != NULL && r->reason_cause != 0) {
            char tag[48];
            snprintf(tag, sizeof(tag), "Reason disagrees: Q.850 %u", r->reason_cause);
            sipadv_info_tag(s->v, tags, tag);
        } else {
            sipadv_info_tag(s->v, tags, "Reason disagrees");
        }
    }
    if (findings & SIPADV_FINDING_NOT_UNDERSTOOD)
        raise_item(s, &ei_header_not_understood);
    raise_anomalies(s, findings);
}

static void render_malformed(const sipadv_capture *cap, sipadv_view *v, const stored_message *r,
                             const sipadv_advice *adv)
{
    tvbuff_t *tvb = v->tvb;
    proto_item *ti = proto_tree_add_item(v->tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_response);
    expert_sink sink = { v, ti, true, false };

    proto_item_set_text(ti, "SIP Response Advisor: malformed status code in \"%s\"",
                        r->detail ? r->detail : "");
    if (r->has_code)
        add_uint(t, hf_sipadv_code, tvb, r->code);
    add_text(t, hf_sipadv_status_line, tvb, r->detail);
    add_text(t, hf_sipadv_method, tvb, sipadv_entry_method_name(r));
    add_text(t, hf_sipadv_meaning, tvb, adv->meaning);
    add_text(t, hf_sipadv_context, tvb, adv->context);
    add_text(t, hf_sipadv_remedy, tvb, adv->remedy);
    raise_anomalies(&sink, sipadv_entry_findings(r, false));
    expert_add_info_format(v->pinfo, ti, &ei_malformed_status,
                           "Malformed SIP status code: \"%s\" (must be three digits, 100-699)",
                           r->detail ? r->detail : "");
    sipadv_info_tag(v, cap->prefs->info_tags, "Malformed status code");
}

/* The response as expert items only (no tree item would be seen or filtered on): tshark
 * -2's first pass, -z expert, -Y or -T fields on other fields. The items are anchored on our
 * (top-level, always real) protocol item. */
static void raise_response(const sipadv_capture *cap, sipadv_view *v, const stored_message *r)
{
    expert_sink sink = sink_for(v);
    packet_info *pinfo = v->pinfo;
    advice_memo scratch;
    const advice_memo *a;

    if (sink.full && sipadv_expert_needs_item(v->tree))
        sink.ti = proto_tree_add_item(v->tree, proto_sipadv, v->tvb, 0, 0, ENC_NA);
    /* Hints still tag the Info column when nothing else is wanted. */
    render_hints(cap, NULL, &sink, v->tvb, r);
    if (!sink.full && !sink.mark)
        return;
    /* A mark can only raise the file's highest severity, and nothing is above an error. */
    if (!sink.full && expert_get_highest_severity() >= PI_ERROR)
        return;
    a = advice_for(r, &scratch);
    if (a->adv.severity == SIPADV_SEV_CHAT && !cap->prefs->show_routine)
        return;
    if (sink.full)
        expert_add_info_format(pinfo, sink.ti, expert_for(a->adv.severity), "%s", a->summary);
    else
        sipadv_expert_mark_severity(pinfo, expert_for(a->adv.severity),
                                    pi_severity_for(a->adv.severity));
}

void sipadv_render_response(const sipadv_capture *cap, sipadv_view *v, const stored_message *r)
{
    tvbuff_t *tvb = v->tvb;
    advice_memo scratch;
    const advice_memo *memo;
    const sipadv_advice *adv;
    proto_item *ti;
    proto_tree *t;

    if (r->kind == SIPADV_ENTRY_MALFORMED) {
        /* A malformed code gets the malformed advice even when its digits name a real
         * code ("0200" is not 200). */
        sipadv_advise(0, (sipadv_method)r->method, (sipadv_condition)r->when, &scratch.adv);
        render_malformed(cap, v, r, &scratch.adv);
        return;
    }
    if (!sipadv_tree_wanted(v->tree, proto_sipadv)) {
        raise_response(cap, v, r);
        return;
    }

    memo = advice_for(r, &scratch);
    adv = &memo->adv;
    ti = proto_tree_add_item(v->tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "SIP Response Advisor: %s", memo->summary);
    t = proto_item_add_subtree(ti, ett_response);
    {
        expert_sink sink = { v, ti, true, false };

        add_uint(t, hf_sipadv_code, tvb, adv->code);
        add_uint(t, hf_sipadv_class, tvb, adv->cls);
        add_text(t, hf_sipadv_phrase, tvb, adv->phrase);
        add_bool(t, hf_sipadv_registered, tvb, adv->registered);
        add_text(t, hf_sipadv_rfc, tvb, adv->rfc);
        if (!adv->registered)
            proto_item_append_text(proto_tree_add_uint(t, hf_sipadv_treated_as, tvb, 0, 0,
                                                       adv->treated_as),
                                   " (%s)", adv->fallback_note);
        add_text(t, hf_sipadv_packet_phrase, tvb, r->detail);
        add_text(t, hf_sipadv_method, tvb, sipadv_entry_method_name(r));
        if (r->request_frame != 0) {
            add_frame(t, hf_sipadv_request_frame, tvb, r->request_frame);
            add_seconds(t, hf_sipadv_response_time, tvb, r->response_time);
        }
        render_hints(cap, t, &sink, tvb, r);
    }
    add_text(t, hf_sipadv_meaning, tvb, adv->meaning);
    add_text(t, hf_sipadv_context, tvb, adv->context);
    add_text(t, hf_sipadv_remedy, tvb, adv->remedy);

    if (adv->severity != SIPADV_SEV_CHAT || cap->prefs->show_routine)
        expert_add_info_format(v->pinfo, ti, expert_for(adv->severity), "%s", memo->summary);
}

void sipadv_render_response_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_sipadv_code, { "Status code", "sipadv.code", FT_UINT16, BASE_DEC, NULL, 0x0,
                             "The response's status code", HFILL } },
        { &hf_sipadv_class, { "Class", "sipadv.class", FT_UINT8, BASE_DEC, VALS(class_vals), 0x0,
                              "Response class (RFC 3261 sec. 7.2)", HFILL } },
        { &hf_sipadv_phrase, { "Registered phrase", "sipadv.phrase", FT_STRING, BASE_NONE, NULL,
                               0x0,
                               "Reason phrase registered with IANA for this code", HFILL } },
        { &hf_sipadv_registered, { "Registered", "sipadv.registered", FT_BOOLEAN, BASE_NONE, NULL,
                                   0x0, "Is the code in the IANA SIP response code registry?",
                                   HFILL } },
        { &hf_sipadv_rfc, { "Defined in", "sipadv.rfc", FT_STRING, BASE_NONE, NULL, 0x0,
                            "RFC that defines the code", HFILL } },
        { &hf_sipadv_method, { "Answers method", "sipadv.method", FT_STRING, BASE_NONE, NULL, 0x0,
                               "CSeq method of the request this response answers", HFILL } },
        { &hf_sipadv_meaning, { "Meaning", "sipadv.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                                "What the response says happened", HFILL } },
        { &hf_sipadv_context, { "Typical context", "sipadv.context", FT_STRING, BASE_NONE, NULL,
                                0x0,
                                "Where and when this response is usually seen", HFILL } },
        { &hf_sipadv_remedy, { "Remedy", "sipadv.remedy", FT_STRING, BASE_NONE, NULL, 0x0,
                               "What to check or change", HFILL } },
        { &hf_sipadv_treated_as, { "Treated as", "sipadv.treated_as", FT_UINT16, BASE_DEC, NULL,
                                   0x0,
                                   "Registered code a UAC uses for this unregistered one "
                                   "(RFC 3261 sec. 8.1.3.2)", HFILL } },
        { &hf_sipadv_packet_phrase, { "Phrase in packet", "sipadv.packet_phrase", FT_STRING,
                                      BASE_NONE, NULL, 0x0,
                                      "The packet's own reason phrase, shown when it differs from "
                                      "the registered one (harmless: only the code counts)",
                                      HFILL } },
        { &hf_sipadv_request_frame, { "Request in frame", "sipadv.request_frame", FT_FRAMENUM,
                                      BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
                                      "The request this response answers (same Call-ID, CSeq number "
                                      "and method, sent from where the response goes)", HFILL } },
        { &hf_sipadv_hint, { "Hint", "sipadv.hint", FT_STRING, BASE_NONE, NULL, 0x0,
                             "Advice quoting this response's own headers and the request it "
                             "answers (one per finding)", HFILL } },
        { &hf_sipadv_response_time, { "Response time", "sipadv.response_time", FT_RELATIVE_TIME,
                                      BASE_NONE, NULL, 0x0, "Time since that request", HFILL } },
        { &hf_sipadv_status_line, { "Malformed status line", "sipadv.status_line", FT_STRING,
                                    BASE_NONE, NULL, 0x0,
                                    "Start line of a response whose status code is malformed",
                                    HFILL } },
    };
    static int *ett[] = { &ett_response };
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
                                 "Reason phrase is not valid UTF-8 or holds a NUL byte (RFC "
                                 "3261 sec. 25.1 allows neither); only the code counts",
                                 EXPFILL } },
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
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}
