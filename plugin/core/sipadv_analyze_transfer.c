/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer side of the analysis: a REFER, its responses, the NOTIFYs, an explicit
 * SUBSCRIBE and the triggered INVITE with its responses, as events for the tracker
 * (sipadv_refer.h), and the link each gets back into its entry. */
#include "sipadv_analyze_impl.h"

#include "sipadv_parse.h"

static bool says_refer_sub_false(const analyzed_message *m)
{
    sipadv_span v = m->msg.headers[SIPADV_H_REFER_SUB].first;

    return sipadv_refer_sub_is_false(v.ptr, v.len);
}

/* An option tag in Require, in any of its instances: nosub and explicitsub (RFC 7614)
 * change the subscription. */
static bool requires(const analyzed_message *m, const char *tag)
{
    const sipadv_header_slot *slot = &m->msg.headers[SIPADV_H_REQUIRE];
    sipadv_span v;
    size_t cursor = 0;

    if (slot->count <= 1)
        return sipadv_token_list_contains(slot->first.ptr, slot->first.len, tag);
    while (sipadv_msg_next(&m->msg, m->in->bytes, m->in->len, SIPADV_H_REQUIRE, &cursor, &v)) {
        if (sipadv_token_list_contains(v.ptr, v.len, tag))
            return true;
    }
    return false;
}

void sipadv_keep_link(sipadv_entry *out, sipadv_link link)
{
    out->transfer = link.transfer;
    out->role = (uint8_t)link.role;
    out->link_flags = (uint16_t)link.flags;
    out->sipfrag_code = (uint16_t)MIN(link.sipfrag_code, 999);
}

void sipadv_track_response(const analyzed_message *m, sipadv_entry *e)
{
    const sipadv_message_in *in = m->in;

    if (e->kind != SIPADV_ENTRY_RESPONSE || e->method == SIPADV_METHOD_NONE)
        return;
    if (m->cseq_method == SIPADV_METHOD_REFER) {
        bool success = e->code >= 200 && e->code < 300;
        sipadv_refer_response ev = {
            .frame = in->frame, .time = in->time,
            .call_id = m->msg.headers[SIPADV_H_CALL_ID].first,
            .from_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first),
            .to_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first),
            .cseq = m->cseq_seq, .code = e->code,
            .refer_sub_false = success && says_refer_sub_false(m),
            .requires_nosub = success && requires(m, "nosub"),
            .events_at = success ? m->msg.headers[SIPADV_H_REFER_EVENTS_AT].first
                                 : (sipadv_span){ NULL, 0 },
            .resend = in->resend,
        };
        sipadv_keep_link(e, sipadv_tracker_refer_response(m->st->tracker, &ev));
    } else if (m->cseq_method == SIPADV_METHOD_INVITE) {
        sipadv_invite_response ev = {
            .frame = in->frame, .time = in->time,
            .call_id = m->msg.headers[SIPADV_H_CALL_ID].first,
            .cseq = m->cseq_seq, .code = e->code,
        };
        sipadv_keep_link(e, sipadv_tracker_invite_response(m->st->tracker, &ev));
    }
}

static sipadv_link track_refer(const analyzed_message *m)
{
    sipadv_refer_request ev = {
        .frame = m->in->frame, .time = m->in->time,
        .call_id = m->msg.headers[SIPADV_H_CALL_ID].first,
        .from_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first),
        .to_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first),
        .cseq = m->cseq_seq, .refer_to = m->msg.headers[SIPADV_H_REFER_TO].first,
        .requires_nosub = requires(m, "nosub"),
        .requires_explicitsub = requires(m, "explicitsub"),
        .resend = m->in->resend,
    };
    return sipadv_tracker_refer(m->st->tracker, &ev);
}

/* Only a SUBSCRIBE to the refer package can be an explicitsub referrer's (RFC 7614 sec. 4). */
static sipadv_link track_subscribe(const analyzed_message *m)
{
    sipadv_span event = m->msg.headers[SIPADV_H_EVENT].first;
    sipadv_event parsed;
    sipadv_subscribe ev = {
        .frame = m->in->frame, .time = m->in->time,
        .call_id = m->msg.headers[SIPADV_H_CALL_ID].first,
        .from_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first),
        .request_uri = m->msg.request_uri, /* a request: track_request() made sure */
        .in_dialog = has_to_tag(m),
        .resend = m->in->resend,
    };

    if (!sipadv_parse_event(event.ptr, event.len, &parsed) || !sipadv_event_is_refer(&parsed))
        return (sipadv_link){ .transfer = -1 };
    return sipadv_tracker_subscribe(m->st->tracker, &ev);
}

static sipadv_link track_notify(const analyzed_message *m, const sipadv_event *event)
{
    sipadv_notify ev = {
        .frame = m->in->frame, .time = m->in->time,
        .call_id = m->msg.headers[SIPADV_H_CALL_ID].first,
        .from_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first),
        .to_tag = sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first),
        .has_id = event->has_id, .id_invalid = event->has_id && !event->id_valid,
        .id = event->id,
        /* The message/sipfrag status line. */
        .sipfrag_line = sipadv_msg_is_sipfrag(&m->msg) ? sipadv_msg_body_first_line(&m->msg)
                                                       : (sipadv_span){ NULL, 0 },
        .subscription_state = m->msg.headers[SIPADV_H_SUBSCRIPTION_STATE].first,
        .resend = m->in->resend,
    };
    return sipadv_tracker_notify(m->st->tracker, &ev);
}

/* A sipfrag whose reason phrase is only digits ("SIP/2.0 487 487"): the notifier pasted a
 * code where the phrase belongs. Harmless for the outcome, worth a note. */
static bool bogus_sipfrag_phrase(const analyzed_message *m)
{
    sipadv_span line;
    sipadv_status_line sl;

    if (!sipadv_msg_is_sipfrag(&m->msg))
        return false;
    line = sipadv_msg_body_first_line(&m->msg);
    if (line.ptr == NULL ||
        sipadv_parse_status_line(line.ptr, line.len, &sl) != SIPADV_STATUS_OK ||
        sl.phrase_len == 0)
        return false;
    for (size_t i = 0; i < sl.phrase_len; i++) {
        if (sl.phrase[i] < '0' || sl.phrase[i] > '9')
            return false;
    }
    return true;
}

static sipadv_link track_invite(const analyzed_message *m)
{
    sipadv_invite ev = {
        .frame = m->in->frame, .time = m->in->time,
        .call_id = m->msg.headers[SIPADV_H_CALL_ID].first, .cseq = m->cseq_seq,
        .request_uri = m->msg.request_uri, /* a request: track_request() made sure */
        .has_referred_by = has_header(m, SIPADV_H_REFERRED_BY),
        .in_dialog = has_to_tag(m),
        .resend = m->in->resend,
    };
    return sipadv_tracker_invite(m->st->tracker, &ev);
}

static sipadv_link track_refer_notify(const analyzed_message *m, sipadv_entry *e)
{
    sipadv_span event = m->msg.headers[SIPADV_H_EVENT].first;
    sipadv_event ev;

    if (!sipadv_parse_event(event.ptr, event.len, &ev) || !sipadv_event_is_refer(&ev))
        return (sipadv_link){ .transfer = -1 };
    if (ev.has_id && !ev.id_valid)
        e->anomalies |= SIPADV_ANOMALY_BAD_EVENT_ID;
    if (bogus_sipfrag_phrase(m))
        e->anomalies |= SIPADV_ANOMALY_BOGUS_SIPFRAG_PHRASE;
    return track_notify(m, &ev);
}

sipadv_link sipadv_track_request(const analyzed_message *m, sipadv_entry *e)
{
    switch (m->msg.method) {
    case SIPADV_METHOD_REFER:
        return track_refer(m);
    case SIPADV_METHOD_NOTIFY:
        return track_refer_notify(m, e);
    case SIPADV_METHOD_INVITE:
        return track_invite(m);
    case SIPADV_METHOD_SUBSCRIBE:
        return track_subscribe(m);
    default:
        return (sipadv_link){ .transfer = -1 };
    }
}
