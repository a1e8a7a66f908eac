/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One SIP message to one kept entry (see sipadv_analyze.h). */
#include "sipadv_analyze.h"
#include "sipadv_analyze_impl.h"

#include <stdint.h>
#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_codes.h"
#include "sipadv_headers.h"
#include "sipadv_msg.h"
#include "sipadv_parse.h"
#include "sipadv_utf8.h"

void sipadv_state_init(sipadv_state *st, double txn_horizon)
{
    memset(st, 0, sizeof(*st));
    st->cancels = sipadv_cancels_new();
    st->tracker = sipadv_tracker_new();
    st->txns = sipadv_txns_new(txn_horizon);
    st->scratch = g_string_chunk_new(4096);
}

void sipadv_state_clear(sipadv_state *st)
{
    sipadv_cancels_free(st->cancels);
    sipadv_tracker_free(st->tracker);
    sipadv_txns_free(st->txns);
    if (st->scratch != NULL)
        g_string_chunk_free(st->scratch);
    memset(st, 0, sizeof(*st));
}

/* ---- text from spans ------------------------------------------------------------------ */

/* The scratch chunk is emptied only when a message used it: most use none. */
static const char *scratch_copy(const analyzed_message *m, const char *p, size_t len)
{
    m->st->scratch_used = true;
    return g_string_chunk_insert_len(m->st->scratch, p, (gssize)len);
}

/* Display text of at most max (<= SIPADV_KEPT_LINE_MAX) bytes, "..." after a cut made
 * here or by the caller before (cut_before): see sipadv_utf8_shown(). */
static const char *text_of(const analyzed_message *m, sipadv_span sp, size_t max,
                           bool cut_before)
{
    char shown[SIPADV_UTF8_SHOWN_ROOM(SIPADV_KEPT_LINE_MAX)];

    if (sp.ptr == NULL)
        return NULL;
    g_assert(max <= SIPADV_KEPT_LINE_MAX);
    return scratch_copy(m, shown, sipadv_utf8_shown(sp.ptr, sp.len, max, cut_before, shown));
}

/* Extension methods and packet text kept for replay (a malformed status line, a phrase
 * that differs from the registered one) are bounded, so a frame record stays small. */
static const char *marked_text(const analyzed_message *m, sipadv_span sp, size_t max)
{
    return text_of(m, sp, max, false);
}

static sipadv_span header_value(const analyzed_message *m, sipadv_header_id h)
{
    return m->msg.headers[h].first;
}

/* All instances of a header, as one span (RFC 3261 sec. 7.3.1 lets a comma-separated list
 * header be split over several lines, and back): the value itself when it is sent once,
 * else the instances joined with ", " in the scratch chunk. Instances past
 * SIPADV_MAX_JOINED bytes are left out, and *cut says so. */
static sipadv_span joined_header(const analyzed_message *m, sipadv_header_id h, bool *cut)
{
    GString *joined;
    sipadv_span v, kept;
    size_t cursor = 0;
    bool first = true;

    if (m->msg.headers[h].count <= 1)
        return header_value(m, h);
    joined = g_string_sized_new(256);
    while (sipadv_msg_next(&m->msg, m->in->bytes, m->in->len, h, &cursor, &v)) {
        if (joined->len >= SIPADV_MAX_JOINED) {
            *cut = true;
            break;
        }
        if (!first)
            g_string_append_len(joined, ", ", 2);
        g_string_append_len(joined, v.ptr, (gssize)v.len);
        first = false;
    }
    kept = first ? (sipadv_span){ NULL, 0 }
                 : (sipadv_span){ scratch_copy(m, joined->str, joined->len), joined->len };
    g_string_free(joined, TRUE);
    return kept;
}

static bool is_request(const analyzed_message *m)
{
    return !m->in->undissected && m->msg.kind == SIPADV_START_REQUEST;
}

/* An entry's method: the enum, and for an extension method its text too. An empty CSeq
 * method counts as none, so "no method" has one spelling. */
static void set_method(const analyzed_message *m, sipadv_entry *e, sipadv_method method,
                       sipadv_span name)
{
    if (name.ptr == NULL || name.len == 0) {
        e->method = SIPADV_METHOD_NONE;
        return;
    }
    e->method = (uint8_t)method;
    if (method == SIPADV_METHOD_OTHER)
        e->method_text = marked_text(m, name, SIPADV_KEPT_METHOD_MAX);
}

const char *sipadv_entry_method_name(const sipadv_entry *e)
{
    return e->method == SIPADV_METHOD_OTHER ? e->method_text
                                            : sipadv_method_name((sipadv_method)e->method);
}

/* ---- responses ------------------------------------------------------------------------ */

static sipadv_condition condition_for(unsigned code, const analyzed_message *m)
{
    if (code != 487 || m->cseq_method != SIPADV_METHOD_INVITE)
        return SIPADV_WHEN_ANY;
    if (m->cseq_ok && sipadv_cancels_contains(m->st->cancels,
                                              m->msg.headers[SIPADV_H_CALL_ID].first,
                                              m->cseq_seq))
        return SIPADV_WHEN_AFTER_CANCEL;
    return SIPADV_WHEN_NO_CANCEL;
}

/* RFC 3261 sec. 8.1.1.5 and 20.16: exactly one CSeq, whose method is the request's. */
static uint8_t cseq_anomalies(const analyzed_message *m)
{
    bool request = is_request(m), cseq_names_one = m->cseq_method_name.ptr != NULL;
    uint8_t a = 0;

    /* Without a start line (a TCP continuation, junk) nothing can be said about CSeq. */
    if (m->in->undissected || m->msg.kind == SIPADV_START_NONE)
        return 0;
    if (m->msg.headers[SIPADV_H_CSEQ].count > 1)
        a |= SIPADV_ANOMALY_DUPLICATE_CSEQ;
    if (!request && !cseq_names_one)
        a |= SIPADV_ANOMALY_NO_CSEQ;
    if (request && cseq_names_one &&
        (m->msg.method != m->cseq_method ||
         (m->msg.method == SIPADV_METHOD_OTHER &&
          /* compared as sent: method names are case-sensitive (RFC 3261 sec. 7.1) */
          !sipadv_span_same(m->msg.method_name, m->cseq_method_name))))
        a |= SIPADV_ANOMALY_CSEQ_METHOD;
    return a;
}

/* Fills a response entry; false for requests and non-SIP junk. */
static bool record_response(const analyzed_message *m, sipadv_entry *out)
{
    sipadv_span first = m->msg.start_line;
    sipadv_status_line sl;
    sipadv_status_result res;
    const sipadv_code_entry *registered;
    bool line_cut;

    if (is_request(m) || first.ptr == NULL)
        return false;
    /* The reader parsed the whole line already; the first SIPADV_KEPT_LINE_MAX bytes are
     * what count here, cut between characters so that the phrase does not end in half of
     * one. */
    line_cut = first.len > SIPADV_KEPT_LINE_MAX;
    if (m->msg.kind == SIPADV_START_RESPONSE && !line_cut) {
        res = m->msg.status;
        sl = m->msg.status_line;
    } else {
        res = sipadv_parse_status_line(
            first.ptr, sipadv_utf8_cut(first.ptr, first.len, SIPADV_KEPT_LINE_MAX), &sl);
    }
    if (res == SIPADV_STATUS_NOT_STATUS)
        return false;
    /* Undissected bytes that hold a well-formed status line are someone's body text, not
     * a response SIP failed to parse. */
    if (m->in->undissected && res != SIPADV_STATUS_BAD_CODE)
        return false;

    set_method(m, out, m->cseq_method, m->cseq_method_name);
    out->anomalies = cseq_anomalies(m);
    if (!sipadv_utf8_valid(first.ptr, first.len))
        out->anomalies |= SIPADV_ANOMALY_PHRASE_NOT_UTF8;
    if (res == SIPADV_STATUS_BAD_CODE) {
        out->kind = SIPADV_ENTRY_MALFORMED;
        out->has_code = sl.code_is_numeric && sl.code <= 65535;
        out->code = out->has_code ? (uint16_t)sl.code : 0;
        out->detail = marked_text(m, first, SIPADV_KEPT_LINE_MAX);
        return true;
    }
    out->kind = SIPADV_ENTRY_RESPONSE;
    out->code = (uint16_t)sl.code;
    out->when = (uint8_t)condition_for(sl.code, m);
    registered = sipadv_lookup_registered(sl.code);
    if (registered && sl.phrase_len > 0 &&
        !sipadv_phrase_equal_n(sl.phrase, sl.phrase_len, registered->phrase,
                               sipadv_sent_phrase_len(registered)))
        out->detail = text_of(m, (sipadv_span){ sl.phrase, sl.phrase_len },
                              SIPADV_KEPT_LINE_MAX, line_cut);
    return true;
}

/* Requests matter only when they take part in a transfer; true if the entry is worth
 * keeping. */
static bool track_request(const analyzed_message *m, sipadv_entry *e)
{
    sipadv_link link;

    if (!is_request(m))
        return false;
    e->anomalies = cseq_anomalies(m);
    set_method(m, e, m->msg.method, m->msg.method_name);
    e->kind = SIPADV_ENTRY_REQUEST;
    if (m->msg.method == SIPADV_METHOD_CANCEL && m->cseq_ok)
        sipadv_cancels_add(m->st->cancels, m->msg.headers[SIPADV_H_CALL_ID].first,
                           m->cseq_seq);
    link = sipadv_track_request(m, e);
    sipadv_keep_link(e, link);
    return link.transfer >= 0 || link.flags != 0 || e->anomalies != 0;
}

/* ---- requests and responses: the transaction table, hints ------------------------------ */

/* The realm of a request's credentials, to recognise a repeated challenge. */
static sipadv_span credentials_realm(const analyzed_message *m, sipadv_header_id h)
{
    sipadv_span v = m->msg.headers[h].first;

    /* Most requests carry no credentials: no call for them. */
    return v.ptr == NULL ? v : sipadv_credentials_realm(v.ptr, v.len);
}

/* A request's method as the transaction key spells it: the request line's token. */
static sipadv_span request_method_span(const analyzed_message *m)
{
    return is_request(m) ? m->msg.method_name : (sipadv_span){ NULL, 0 };
}

/* Every request that can be answered is remembered for a while, so its response can be
 * compared with it. An ACK never is (RFC 3261 sec. 17: no response answers it), yet a
 * remembered one would stay for the whole horizon; in a busy capture the ACKs were most
 * of the table, and every probe paid for their cache misses. A retry after Retry-After is
 * never an ACK either. */
static void remember_request(const analyzed_message *m)
{
    sipadv_txn_key key = {
        .call_id = header_value(m, SIPADV_H_CALL_ID), .cseq = m->cseq_seq,
        .method = request_method_span(m), .requester = m->in->sender,
    };
    sipadv_request_in req = {
        .frame = m->in->frame, .time = m->in->time,
        .expires = header_value(m, SIPADV_H_EXPIRES),
        .contact = header_value(m, SIPADV_H_CONTACT),
        .session_expires = header_value(m, SIPADV_H_SESSION_EXPIRES),
        .www_realm = credentials_realm(m, SIPADV_H_AUTHORIZATION),
        .proxy_realm = credentials_realm(m, SIPADV_H_PROXY_AUTHORIZATION),
        .request_uri = m->msg.request_uri,
    };

    if (key.method.ptr == NULL || m->in->resend || m->msg.method == SIPADV_METHOD_ACK)
        return;
    sipadv_txns_add(m->st->txns, &key, &req);
    sipadv_txns_note_request(m->st->txns,
                             &(sipadv_retry_key){ key.requester, m->in->receiver, key.method,
                                                  req.request_uri },
                             m->in->frame, m->in->time);
}

static const sipadv_request *link_to_request(const analyzed_message *m, sipadv_entry *e)
{
    sipadv_txn_key key = {
        .call_id = header_value(m, SIPADV_H_CALL_ID), .cseq = m->cseq_seq,
        .method = m->cseq_method_name, .requester = m->in->receiver,
    };
    const sipadv_request *req = sipadv_txns_answer(m->st->txns, &key, e->code, m->in->time);

    if (req != NULL) {
        e->request_frame = req->frame;
        e->response_time = m->in->time - req->time;
    }
    return req;
}

/* Headers that give some response a hint. */
static bool has_hint_headers(const analyzed_message *m)
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

static bool may_have_hints(const analyzed_message *m, unsigned code)
{
    /* Only Retry-After, Warning and Reason give a provisional or success response (most of
     * the traffic) a hint; the others are for given failure codes (405, 415, 420-423,
     * 401/407, 3xx, 485...). */
    if (code < 300 && !has_header(m, SIPADV_H_RETRY_AFTER) &&
        !has_header(m, SIPADV_H_WARNING) && !has_header(m, SIPADV_H_REASON))
        return false;
    return has_hint_headers(m) || code == 405 || code == 401 || code == 407;
}

static void compute_hints(const analyzed_message *m, const sipadv_request *req, sipadv_entry *e)
{
    sipadv_state *st = m->st;
    sipadv_hint_input in = { .code = e->code, .method = m->cseq_method_name, .request = req };
    bool cut = false;

    if (!may_have_hints(m, e->code))
        return;
    in.retry_after = joined_header(m, SIPADV_H_RETRY_AFTER, &cut);
    in.min_expires = joined_header(m, SIPADV_H_MIN_EXPIRES, &cut);
    in.min_se = joined_header(m, SIPADV_H_MIN_SE, &cut);
    in.allow = joined_header(m, SIPADV_H_ALLOW, &cut);
    in.allow_events = joined_header(m, SIPADV_H_ALLOW_EVENTS, &cut);
    in.accept = joined_header(m, SIPADV_H_ACCEPT, &cut);
    in.accept_encoding = joined_header(m, SIPADV_H_ACCEPT_ENCODING, &cut);
    in.accept_language = joined_header(m, SIPADV_H_ACCEPT_LANGUAGE, &cut);
    in.unsupported = joined_header(m, SIPADV_H_UNSUPPORTED, &cut);
    in.require = joined_header(m, SIPADV_H_REQUIRE, &cut);
    in.recv_info = joined_header(m, SIPADV_H_RECV_INFO, &cut);
    in.accept_resource_priority = joined_header(m, SIPADV_H_ACCEPT_RESOURCE_PRIORITY, &cut);
    in.warning = joined_header(m, SIPADV_H_WARNING, &cut);
    in.reason = joined_header(m, SIPADV_H_REASON, &cut);
    in.www_authenticate = header_value(m, SIPADV_H_WWW_AUTHENTICATE);
    in.proxy_authenticate = header_value(m, SIPADV_H_PROXY_AUTHENTICATE);
    in.contact = joined_header(m, SIPADV_H_CONTACT, &cut);
    in.instances_cut = cut;

    sipadv_hints_build(&in, &st->hints);
    e->hint_flags = (uint8_t)st->hints.flags;
    e->hint_count = (uint8_t)MIN(st->hints.count, SIPADV_MAX_HINTS);
    e->reason_cause = (uint16_t)MIN(st->hints.reason_cause, 65535u);
    for (unsigned i = 0; i < e->hint_count; i++)
        st->hint_texts[i] = st->hints.text[i];
    e->hints = e->hint_count > 0 ? st->hint_texts : NULL;
    if (st->hints.flags & SIPADV_HINT_CARRIES_RETRY_AFTER)
        sipadv_txns_note_retry_after(
            st->txns,
            &(sipadv_retry_key){ m->in->receiver, m->in->sender, m->cseq_method_name,
                                 req ? req->request_uri : (sipadv_span){ NULL, 0 } },
            m->in->frame, m->in->time, st->hints.retry_after);
}

/* ---- findings ------------------------------------------------------------------------ */

unsigned sipadv_entry_findings(const sipadv_entry *e, bool retried_too_early)
{
    static const struct {
        unsigned anomaly, finding;
    } anomalies[] = {
        { SIPADV_ANOMALY_NO_CSEQ, SIPADV_FINDING_NO_CSEQ },
        { SIPADV_ANOMALY_DUPLICATE_CSEQ, SIPADV_FINDING_DUPLICATE_CSEQ },
        { SIPADV_ANOMALY_CSEQ_METHOD, SIPADV_FINDING_CSEQ_METHOD },
        { SIPADV_ANOMALY_PHRASE_NOT_UTF8, SIPADV_FINDING_PHRASE_NOT_UTF8 },
        { SIPADV_ANOMALY_BOGUS_SIPFRAG_PHRASE, SIPADV_FINDING_BOGUS_SIPFRAG_PHRASE },
        { SIPADV_ANOMALY_BAD_EVENT_ID, SIPADV_FINDING_BAD_EVENT_ID },
    };
    unsigned f = 0;

    /* Most entries have nothing to report. */
    if (e->hint_flags == 0 && e->anomalies == 0 && e->link_flags == 0 &&
        e->kind != SIPADV_ENTRY_MALFORMED)
        return 0;
    if (retried_too_early && (e->hint_flags & SIPADV_HINT_CARRIES_RETRY_AFTER))
        f |= SIPADV_FINDING_EARLY_RETRY;
    if (e->hint_flags & SIPADV_HINT_CREDENTIALS_REJECTED)
        f |= SIPADV_FINDING_CREDENTIALS_REJECTED;
    if (e->hint_flags & SIPADV_HINT_REASON_MISMATCH)
        f |= SIPADV_FINDING_REASON_MISMATCH;
    if (e->hint_flags & SIPADV_HINT_NOT_UNDERSTOOD)
        f |= SIPADV_FINDING_NOT_UNDERSTOOD;
    if (e->kind == SIPADV_ENTRY_MALFORMED)
        f |= SIPADV_FINDING_MALFORMED_STATUS;
    for (unsigned i = 0; i < G_N_ELEMENTS(anomalies); i++) {
        if (e->anomalies & anomalies[i].anomaly)
            f |= anomalies[i].finding;
    }
    if (e->link_flags & SIPADV_NOTIFY_ORPHAN)
        f |= SIPADV_FINDING_ORPHAN_NOTIFY;
    if (e->link_flags & SIPADV_NOTIFY_BAD_SIPFRAG)
        f |= SIPADV_FINDING_BAD_SIPFRAG;
    if (e->link_flags & SIPADV_INVITE_TRIGGER_UNCHECKED)
        f |= SIPADV_FINDING_TRIGGER_UNCHECKED;
    return f;
}

/* ---- the entry -------------------------------------------------------------------------- */

bool sipadv_analyze(sipadv_state *st, const sipadv_message_in *in, sipadv_entry *out)
{
    /* Not zeroed as a whole: the reader fills m.msg (some 1 000 bytes) itself. */
    analyzed_message m;

    m.in = in;
    m.st = st;
    if (st->scratch_used) {
        g_string_chunk_clear(st->scratch);
        st->scratch_used = false;
    }
    memset(out, 0, sizeof(*out));
    out->transfer = -1;
    sipadv_msg_read(in->bytes, in->len, &m.msg);
    m.cseq_ok = sipadv_parse_cseq(m.msg.headers[SIPADV_H_CSEQ].first, &m.cseq_seq,
                                  &m.cseq_method, &m.cseq_method_name);
    if (record_response(&m, out)) {
        if (out->kind == SIPADV_ENTRY_RESPONSE)
            compute_hints(&m, link_to_request(&m, out), out);
        sipadv_track_response(&m, out);
        return true;
    }
    remember_request(&m);
    return track_request(&m, out);
}
