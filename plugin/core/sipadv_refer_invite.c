/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker's events that come after the REFER's own dialog: the SUBSCRIBE of an
 * explicit subscription (RFC 7614 sec. 4) and the INVITE the REFER triggered, with that
 * INVITE's final response (see sipadv_refer.h; the records are in sipadv_refer_records.h). */
#include "sipadv_refer_records.h"

/* Seconds after the REFER in which its INVITE may come: twice 64*T1 (Timer B/F, 32 s with
 * T1 = 500 ms), so a REFER transaction that ran to its timeout still leaves room. */
#define TRIGGER_WINDOW 64.0

/* ---- the explicit subscription (RFC 7614 sec. 4) -------------------------------------- */

/* The oldest accepted explicitsub transfer whose Refer-Events-At is this SUBSCRIBE's
 * Request-URI and that has no subscription yet. Linked ones leave the queue for good. */
static int find_explicit(const sipadv_tracker *t, index_queue *q)
{
    while (q->head < q->len && transfer_at(t, (int)queue_at(q, q->head))->pub.subscribe_frame)
        q->head++;
    sipadv_queue_compact(q);
    return q->head < q->len ? (int)queue_at(q, q->head) : NO_TRANSFER;
}

sipadv_link sipadv_tracker_subscribe(sipadv_tracker *t, const sipadv_subscribe *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_SUBSCRIBE);
    sipadv_key_buf k, uri;
    sipadv_span key, uri_key;
    index_queue *q;
    transfer *tr;

    if (t == NULL || ev == NULL)
        return link;
    /* A refresh or a retransmission names a dialog already linked. */
    key = sipadv_dialog_key(&k, ev->call_id, ev->from_tag);
    link.transfer = sipadv_lookup_index(t->by_subscription, key);
    if (link.transfer != NO_TRANSFER || ev->in_dialog || ev->resend)
        return link;
    if (!sipadv_normalise_uri(ev->request_uri, true, &uri))
        return link;
    uri_key = sipadv_key_span(&uri);
    if ((q = g_hash_table_lookup(t->by_events_at, &uri_key)) == NULL ||
        (link.transfer = find_explicit(t, q)) == NO_TRANSFER)
        return link;
    tr = transfer_at(t, link.transfer);
    tr->pub.subscribe_frame = ev->frame;
    tr->pub.subscribe_time = ev->time;
    sipadv_insert_index(t->by_subscription, key, link.transfer);
    return link;
}

/* ---- the triggered INVITE ------------------------------------------------------------- */

/* Never again a candidate: already has its INVITE, was refused, or its window is over
 * (events come in time order, so a later INVITE cannot fall inside it either). */
static bool trigger_spent(const transfer *tr, double time)
{
    return tr->has_invite || refer_rejected(tr) || time > tr->pub.refer_time + TRIGGER_WINDOW;
}

static bool may_trigger(const transfer *tr, const sipadv_invite *ev)
{
    sipadv_span refer_call = { tr->dlg->call_id, tr->dlg->call_id_len };

    return !trigger_spent(tr, ev->time) && tr->pub.refer_time <= ev->time &&
           !sipadv_capped_equal(refer_call, ev->call_id);
}

/* The oldest transfer to this target that the INVITE may have been triggered by. Spent
 * candidates at the front are dropped for good (amortised O(1)). Behind a front one that
 * does not fit this INVITE (same Call-ID) at most SIPADV_TRIGGER_SCAN_LIMIT are looked at;
 * *unchecked says that live candidates were left unlooked at. */
static int find_trigger(const sipadv_tracker *t, index_queue *q, const sipadv_invite *ev,
                        bool *unchecked)
{
    while (q->head < q->len && trigger_spent(transfer_at(t, (int)queue_at(q, q->head)),
                                                    ev->time))
        q->head++;
    sipadv_queue_compact(q);
    for (guint i = q->head; i < q->len && i - q->head < SIPADV_TRIGGER_SCAN_LIMIT; i++) {
        int index = (int)queue_at(q, i);
        if (may_trigger(transfer_at(t, index), ev))
            return index;
    }
    *unchecked = q->len - q->head > SIPADV_TRIGGER_SCAN_LIMIT;
    return NO_TRANSFER;
}

/* The same INVITE again on a linked call: a retransmission, a proxy's next branch (same
 * CSeq), or a retry after a failure. A UA retries on the same Call-ID with a higher CSeq
 * after a challenge (401/407), a redirection it follows (3xx), or a failure it can repair
 * (415, 420, 422, 423...; RFC 3261 sec. 8.1.3.4, 8.1.3.5 and 22.2). Only then does the
 * retry's final response replace the failure as invite_code. */
static void note_repeated_invite(transfer *tr, const sipadv_invite *ev)
{
    if (ev->resend || tr->invite_final_open || tr->pub.invite_code < 300 ||
        ev->cseq <= tr->invite_cseq)
        return;
    tr->invite_final_open = true;
    tr->invite_cseq = ev->cseq;
}

sipadv_link sipadv_tracker_invite(sipadv_tracker *t, const sipadv_invite *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_INVITE);
    sipadv_key_buf target;
    sipadv_span call, target_key;
    index_queue *q;
    transfer *tr;
    bool unchecked = false;

    /* An INVITE with a To tag is a re-INVITE in an existing dialog, never a triggered one. */
    if (t == NULL || ev == NULL || ev->in_dialog)
        return link;
    call = sipadv_call_key(ev->call_id);
    link.transfer = sipadv_lookup_index(t->by_invite_call, call);
    if (link.transfer != NO_TRANSFER) {
        note_repeated_invite(transfer_at(t, link.transfer), ev);
        return link;
    }
    if (ev->resend || !sipadv_normalise_target(ev->request_uri, &target))
        return link;
    target_key = sipadv_key_span(&target);
    q = g_hash_table_lookup(t->by_target, &target_key);
    if (q == NULL)
        return link;
    link.transfer = find_trigger(t, q, ev, &unchecked);
    if (link.transfer == NO_TRANSFER) {
        link.flags = unchecked ? SIPADV_INVITE_TRIGGER_UNCHECKED : 0;
        return link;
    }

    tr = transfer_at(t, link.transfer);
    tr->has_invite = true;
    tr->pub.invite_frame = ev->frame;
    tr->invite_cseq = ev->cseq;
    sipadv_insert_index(t->by_invite_call, call, link.transfer);
    return link;
}

sipadv_link sipadv_tracker_invite_response(sipadv_tracker *t, const sipadv_invite_response *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_INVITE_RESPONSE);
    transfer *tr;

    if (t == NULL || ev == NULL)
        return link;
    link.transfer = sipadv_lookup_index(t->by_invite_call, sipadv_call_key(ev->call_id));
    if (link.transfer == NO_TRANSFER)
        return link;
    tr = transfer_at(t, link.transfer);
    /* Responses to other INVITEs of the call (a re-INVITE, an earlier attempt) decide
     * nothing. */
    if (!sipadv_is_final(ev->code) || !tr->invite_final_open || ev->cseq != tr->invite_cseq)
        return link;
    tr->invite_final_open = false;
    tr->pub.invite_code = ev->code;
    tr->pub.invite_response_frame = ev->frame;
    return link;
}

