/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first pass: each SIP message of a frame becomes events for the per-capture state
 * (transactions, CANCELs, transfers) and, when there is anything to show, an entry of the
 * frame's record. */
#include "sipadv_read.h"

#include <string.h>

#include <epan/to_str.h>

#include "sipadv_chars.h"
#include "sipadv_codes.h"
#include "sipadv_headers.h"
#include "sipadv_hints.h"
#include "sipadv_parse.h"

static size_t str_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* ---- first pass: messages to a record ------------------------------------------------ */

static void note_cancel(const sip_message *m)
{
    if (has_cseq_number(m))
        sipadv_cancels_add(m->cap->cancels, call_id(m), cseq_number(m));
}

static sipadv_condition condition_for(unsigned code, const sip_message *m)
{
    if (code != 487 || m->cseq_method != SIPADV_METHOD_INVITE)
        return SIPADV_WHEN_ANY;
    if (has_cseq_number(m) && sipadv_cancels_contains(m->cap->cancels, call_id(m), cseq_number(m)))
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
    if (method != NULL && in_cseq != NULL &&
        (m->msg.method != m->cseq_method ||
         (m->msg.method == SIPADV_METHOD_OTHER && strcmp(method, in_cseq) != 0)))
        a |= ANOMALY_CSEQ_METHOD;
    return a;
}

/* Fills a response entry; false for requests and non-SIP junk. */
/* Packet text kept for replay (a malformed status line, a phrase that differs from the
 * registered one): UTF-8 repaired as Wireshark's own fields are, at most 128 bytes. */
static const char *kept_text(const sip_message *m, sipadv_span sp)
{
    const char *text;

    sp.len = MIN(sp.len, 128);
    text = msg_text(m, sp);
    return wmem_strndup(wmem_file_scope(), text, sipadv_utf8_cut(text, strlen(text), 128));
}

/* Fills a response entry; false for requests and non-SIP junk. The status line is parsed
 * from the bytes; text is made only for what is kept. */
static bool record_response(const sip_message *m, stored_message *out)
{
    sipadv_span first = m->msg.start_line;
    sipadv_status_line sl;
    sipadv_status_result res;

    if (is_request(m) || first.ptr == NULL)
        return false;
    res = sipadv_parse_status_line(first.ptr, MIN(first.len, 128), &sl);
    if (res == SIPADV_STATUS_NOT_STATUS)
        return false;
    /* Undissected bytes that hold a well-formed status line are someone's body text, not
     * a response SIP failed to parse. */
    if (m->undissected && res != SIPADV_STATUS_BAD_CODE)
        return false;

    out->method = keep_method(cseq_method(m));
    out->anomalies = cseq_anomalies(m);
    if (!g_utf8_validate(first.ptr, (gssize)first.len, NULL))
        out->anomalies |= ANOMALY_PHRASE_NOT_UTF8;
    if (res == SIPADV_STATUS_BAD_CODE) {
        out->kind = ENTRY_MALFORMED;
        out->has_code = sl.code_is_numeric && sl.code <= 65535;
        out->code = out->has_code ? (uint16_t)sl.code : 0;
        out->detail = kept_text(m, first);
        return true;
    }

    out->kind = ENTRY_RESPONSE;
    out->code = (uint16_t)sl.code;
    out->when = (uint8_t)condition_for(sl.code, m);
    {
        const sipadv_code_entry *e = sipadv_lookup_registered(sl.code);
        sipadv_span phrase = { sl.phrase, sl.phrase_len };
        if (e && sl.phrase_len > 0 && !sipadv_phrase_equal(sl.phrase, sl.phrase_len, e->phrase))
            out->detail = kept_text(m, phrase);
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
    if (e->kind != ENTRY_RESPONSE || e->method == NULL)
        return;
    if (m->cseq_method == SIPADV_METHOD_REFER) {
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
        keep_link(e, sipadv_tracker_refer_response(m->cap->tracker, &ev));
    } else if (m->cseq_method == SIPADV_METHOD_INVITE) {
        sipadv_invite_response ev = {
            .frame = (uint32_t)m->frame, .time = now, .call_id = call_id(m),
            .cseq = cseq_number(m), .code = e->code,
        };
        keep_link(e, sipadv_tracker_invite_response(m->cap->tracker, &ev));
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
    return sipadv_tracker_refer(m->cap->tracker, &ev);
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
    return sipadv_tracker_subscribe(m->cap->tracker, &ev);
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
    return sipadv_tracker_notify(m->cap->tracker, &ev);
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
    return sipadv_tracker_invite(m->cap->tracker, &ev);
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
    switch (m->msg.method) {
    case SIPADV_METHOD_CANCEL:
        note_cancel(m);
        break;
    case SIPADV_METHOD_REFER:
        link = track_refer(m, now);
        break;
    case SIPADV_METHOD_NOTIFY: {
        const char *event = header_text(m, SIPADV_H_EVENT);
        sipadv_event ev;
        if (sipadv_parse_event(event, str_len(event), &ev) && sipadv_event_is_refer(&ev)) {
            link = track_notify(m, now, &ev);
            if (ev.has_id && !ev.id_valid)
                e->anomalies |= ANOMALY_BAD_EVENT_ID;
            if (bogus_sipfrag_phrase(sipfrag_line(m)))
                e->anomalies |= ANOMALY_BOGUS_SIPFRAG_PHRASE;
        }
        break;
    }
    case SIPADV_METHOD_INVITE:
        link = track_invite(m, now);
        break;
    case SIPADV_METHOD_SUBSCRIBE:
        link = track_subscribe(m, now);
        break;
    default:
        break;
    }
    keep_link(e, link);
    return link.transfer >= 0 || link.flags != 0 || e->anomalies != 0;
}

#define ENDPOINT_LEN 128 /* "address:port" of any address type Wireshark prints */

static const char *endpoint(char buf[ENDPOINT_LEN], const address *addr, guint32 port);

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
    e->reason_cause = (uint16_t)MIN(h->reason_cause, 65535u);
    if (h->count > 0) {
        e->hints = wmem_alloc_array(wmem_file_scope(), const char *, h->count);
        for (unsigned i = 0; i < h->count; i++)
            e->hints[i] = wmem_strdup(wmem_file_scope(), h->text[i]);
    }
    if (h->flags & SIPADV_HINT_CARRIES_RETRY_AFTER)
        sipadv_txns_note_retry_after(m->cap->txns, endpoint(client, &pinfo->dst, pinfo->destport),
                                     e->method, req ? req->request_uri : NULL, pinfo->num,
                                     m->now, h->retry_after);
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
    sipadv_txns_add(m->cap->txns, &key, &req);
    sipadv_txns_note_request(m->cap->txns, key.requester, method, req.request_uri, pinfo->num, now);
}

static const sipadv_request *link_to_request(packet_info *pinfo, const sip_message *m,
                                             double now, stored_message *e)
{
    char requester[ENDPOINT_LEN];
    sipadv_txn_key key = {
        .call_id = call_id(m), .cseq = cseq_number(m),
        .method = e->method, .requester = endpoint(requester, &pinfo->dst, pinfo->destport),
    };
    const sipadv_request *req = sipadv_txns_answer(m->cap->txns, &key, e->code, now);

    if (req != NULL) {
        e->request_frame = req->frame;
        e->response_time = now - req->time;
    }
    return req;
}

frame_record *sipadv_extract_frame(sipadv_capture *cap, packet_info *pinfo, proto_tree *tree,
                                   double now)
{
    unsigned n, count = 0;
    sip_message *msgs = sipadv_read_messages(pinfo, tree, &n);
    stored_message *found;
    frame_record *rec;

    if (n == 0)
        return NULL;
    found = wmem_alloc_array(pinfo->pool, stored_message, n);
    for (unsigned i = 0; i < n; i++) {
        stored_message *e = &found[count];
        sip_message *m = &msgs[i];

        memset(e, 0, sizeof(*e));
        e->transfer = -1;
        m->cap = cap;
        m->now = now;
        if (record_response(m, e)) {
            if (e->kind == ENTRY_RESPONSE) {
                const sipadv_request *req = link_to_request(pinfo, m, now, e);
                compute_hints(pinfo, m, req, e);
            }
            track_response(m, now, e);
            count++;
            continue;
        }
        remember_request(pinfo, m, now);
        if (track_request(m, now, e))
            count++;
    }
    if (count == 0)
        return NULL;

    rec = (frame_record *)wmem_alloc(pinfo->pool, sizeof(*rec) + count * sizeof(stored_message));
    rec->count = count;
    memcpy(rec->messages, found, count * sizeof(stored_message));
    return rec;
}
