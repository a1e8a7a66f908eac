/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker (see sipadv_refer.h). Plain C with GLib.
 *
 * Every REFER becomes one heap record with a stable address, numbered in arrival order. The
 * other events find their record through string-keyed hash tables, so each costs O(1):
 *   by_refer_key    (call-id, From tag, CSeq)  -> record   REFER, its responses, NOTIFY id=
 *   dialogs         (call-id, From tag)        -> dialog   NOTIFY without id, challenge retries
 *   by_target       normalised Refer-To URI    -> queue    triggered INVITE
 *   by_invite_call  triggered INVITE's call-id -> record   that INVITE's responses
 *   by_events_at    Refer-Events-At URI        -> queue    explicitsub SUBSCRIBE
 *   by_subscription (call-id, subscriber tag)  -> record   NOTIFY of that SUBSCRIBE
 * Only a new REFER and a matched INVITE insert anything. Every other event looks up with keys
 * built on the stack, so traffic that matches nothing leaves no state behind. Keys are byte
 * strings of their own length (sipadv_span, sipadv_hash.h): a Call-ID or tag may hold any
 * byte, a NUL too.
 *
 * This file takes the REFER, its responses and the NOTIFYs; sipadv_refer_invite.c takes the
 * explicit SUBSCRIBE and the triggered INVITE.
 */
#include "sipadv_refer.h"
#include "sipadv_refer_impl.h"
#include "sipadv_refer_records.h"

#include "sipadv_hash.h"

#include "sipadv_parse.h"

#include <glib.h>
#include <limits.h>
#include <string.h>

#define QUEUE_COMPACT_MIN 32        /* spent entries worth a memmove */

static void queue_free(gpointer p)
{
    index_queue *q = p;
    g_free(q->items);
    g_free(q);
}

static void queue_push(index_queue *q, guint index)
{
    if (q->len == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 1;
        q->items = g_renew(guint, q->items, q->cap);
    }
    q->items[q->len++] = index;
}

/* Drop the spent prefix once it outweighs the live part: amortised O(1) per entry, and
 * memory stays proportional to live entries. */
void sipadv_queue_compact(index_queue *q)
{
    if (q->head < QUEUE_COMPACT_MIN || q->head * 2 < q->len)
        return;
    memmove(q->items, q->items + q->head, (q->len - q->head) * sizeof(guint));
    q->len -= q->head;
    q->head = 0;
}

static void dialog_free(gpointer p)
{
    dialog *d = p;
    g_free(d->call_id);
    g_free(d->refers.items);
    g_free(d);
}

static void transfer_free(gpointer p)
{
    transfer *tr = p;
    g_free((char *)tr->pub.refer_to);
    g_free((char *)tr->pub.terminated_reason);
    g_free(tr->frames);
    g_free(tr);
}

/* Hash values are index + 1, so that NULL means absent. */
int sipadv_lookup_index(GHashTable *table, sipadv_span key)
{
    gpointer v = g_hash_table_lookup(table, &key);
    return v ? (int)(GPOINTER_TO_UINT(v) - 1) : NO_TRANSFER;
}

void sipadv_insert_index(GHashTable *table, sipadv_span key, int index)
{
    g_hash_table_insert(table, sipadv_span_key_new(key), GUINT_TO_POINTER((guint)index + 1));
}

/* Every table is keyed on spans; stored keys are single blocks. */
static GHashTable *table_new(GDestroyNotify free_value)
{
    return g_hash_table_new_full(sipadv_span_hash, sipadv_span_equal, g_free, free_value);
}

/* ---- tracker -------------------------------------------------------------------------- */

sipadv_tracker *sipadv_tracker_new(void)
{
    sipadv_tracker *t = g_new0(sipadv_tracker, 1);

    t->transfers = g_ptr_array_new_with_free_func(transfer_free);
    t->by_refer_key = table_new(NULL);
    t->dialogs = table_new(dialog_free);
    t->by_target = table_new(queue_free);
    t->by_invite_call = table_new(NULL);
    t->by_events_at = table_new(queue_free);
    t->by_subscription = table_new(NULL);
    return t;
}

void sipadv_tracker_free(sipadv_tracker *t)
{
    if (t == NULL)
        return;
    g_ptr_array_free(t->transfers, TRUE);
    g_hash_table_destroy(t->by_refer_key);
    g_hash_table_destroy(t->dialogs);
    g_hash_table_destroy(t->by_target);
    g_hash_table_destroy(t->by_invite_call);
    g_hash_table_destroy(t->by_events_at);
    g_hash_table_destroy(t->by_subscription);
    g_free(t);
}

unsigned sipadv_tracker_count(const sipadv_tracker *t)
{
    return t ? t->transfers->len : 0;
}

const sipadv_transfer *sipadv_tracker_get(const sipadv_tracker *t, int index)
{
    if (t == NULL || index < 0 || (guint)index >= t->transfers->len)
        return NULL;
    return &transfer_at(t, index)->pub;
}

/* ---- subscriptions of a dialog -------------------------------------------------------- */

/* A transfer stops being outstanding when no (more) NOTIFYs can belong to it: its
 * subscription was terminated, or never existed because the REFER was rejected or the 2xx
 * granted no subscription. Otherwise one challenged REFER would make every NOTIFY of its
 * retry look ambiguous and land on the dead REFER. */
static void retire_subscription(transfer *tr)
{
    if (!tr->outstanding)
        return;
    tr->outstanding = false;
    tr->dlg->outstanding--;
}

/* The oldest outstanding transfer of the dialog, or NO_TRANSFER. The head only moves past
 * retired transfers, which never come back, so this is amortised O(1). */
static int first_outstanding(const sipadv_tracker *t, dialog *d)
{
    index_queue *q = &d->refers;

    while (q->head < q->len && !transfer_at(t, (int)queue_at(q, q->head))->outstanding)
        q->head++;
    sipadv_queue_compact(q);
    return q->head < q->len ? (int)queue_at(q, q->head) : NO_TRANSFER;
}

static dialog *find_or_add_dialog(sipadv_tracker *t, sipadv_span call_id, sipadv_span tag)
{
    sipadv_key_buf k;
    sipadv_span key = sipadv_dialog_key(&k, call_id, tag);
    dialog *d = g_hash_table_lookup(t->dialogs, &key);

    if (d == NULL) {
        d = g_new0(dialog, 1);
        d->call_id = sipadv_copy_capped(call_id);
        d->call_id_len = sipadv_capped_len(call_id);
        d->last = NO_TRANSFER;
        d->challenged = NO_TRANSFER;
        g_hash_table_insert(t->dialogs, sipadv_span_key_new(key), d);
    }
    return d;
}

/* ---- REFER ---------------------------------------------------------------------------- */

/* A REFER challenged with 401/407 is resent with credentials as a new transaction (same
 * Call-ID and From tag, next CSeq), so the dialog's next REFER after the challenge is its
 * retry, even when another REFER of the dialog was sent in between. */
static void note_challenge_retry(sipadv_tracker *t, dialog *d, uint32_t frame, double time)
{
    transfer *tr;

    if (d->challenged == NO_TRANSFER)
        return;
    tr = transfer_at(t, d->challenged);
    tr->pub.retry_frame = frame;
    tr->pub.retry_time = time;
    d->challenged = NO_TRANSFER;
}

/* Append index to the queue kept under key, creating the queue on first use. */
static void queue_under(GHashTable *table, sipadv_span key, int index)
{
    index_queue *q = g_hash_table_lookup(table, &key);

    if (q == NULL) {
        q = g_new0(index_queue, 1);
        g_hash_table_insert(table, sipadv_span_key_new(key), q);
    }
    queue_push(q, (guint)index);
}

/* Queue the transfer under its target URI, for the INVITE it may trigger. */
static void add_trigger_candidate(sipadv_tracker *t, int index, sipadv_span refer_to)
{
    sipadv_key_buf target;

    if (sipadv_normalise_target(refer_to, &target))
        queue_under(t->by_target, sipadv_key_span(&target), index);
}

static int add_transfer(sipadv_tracker *t, const sipadv_refer_request *ev, sipadv_span key)
{
    dialog *d = find_or_add_dialog(t, ev->call_id, ev->from_tag);
    transfer *tr = g_new0(transfer, 1);
    int index = (int)t->transfers->len;

    note_challenge_retry(t, d, ev->frame, ev->time);
    tr->pub.refer_frame = ev->frame;
    tr->pub.refer_time = ev->time;
    tr->pub.call_id = d->call_id;
    tr->pub.refer_to = sipadv_copy_text(ev->refer_to); /* shown in the transfer tree */
    tr->pub.cseq = ev->cseq;
    tr->dlg = d;
    tr->outstanding = true;
    tr->requires_nosub = ev->requires_nosub;
    tr->requires_explicitsub = ev->requires_explicitsub;
    tr->invite_final_open = true;
    g_ptr_array_add(t->transfers, tr);

    sipadv_insert_index(t->by_refer_key, key, index);
    queue_push(&d->refers, (guint)index);
    d->outstanding++;
    d->last = index;
    add_trigger_candidate(t, index, ev->refer_to);
    return index;
}

sipadv_link sipadv_tracker_refer(sipadv_tracker *t, const sipadv_refer_request *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_REFER);
    sipadv_key_buf k;
    sipadv_span key;

    if (t == NULL || ev == NULL)
        return link;
    key = sipadv_refer_key(&k, ev->call_id, ev->from_tag, ev->cseq);
    /* A retransmission, or a copy seen twice (two capture points), is the same transfer. */
    link.transfer = sipadv_lookup_index(t->by_refer_key, key);
    if (link.transfer == NO_TRANSFER && t->transfers->len < INT_MAX)
        link.transfer = add_transfer(t, ev, key);
    return link;
}

/* ---- REFER responses ------------------------------------------------------------------ */

/* Which mechanism, if any, spares this accepted REFER its implicit subscription. A Require
 * the recipient cannot honour must be answered 420 (RFC 3261 sec. 8.2.2.3), so any 2xx to a
 * REFER requiring nosub grants it, echoed or not (RFC 7614 sec. 5); Refer-Sub: false counts
 * only when the 2xx echoes it (RFC 4488 sec. 4). */
static sipadv_nosub_mechanism granted_without_subscription(const transfer *tr,
                                                           const sipadv_refer_response *ev)
{
    /* Explicitsub first: it may come with nosub or Refer-Sub: false, and only it says where
     * the outcome will be reported. */
    if (tr->requires_explicitsub)
        return SIPADV_NOSUB_EXPLICIT;
    if (tr->requires_nosub)
        return SIPADV_NOSUB_REQUIRE;
    if (ev->refer_sub_false)
        return SIPADV_NOSUB_REFER_SUB;
    if (ev->requires_nosub)
        return SIPADV_NOSUB_REQUIRE;
    return SIPADV_NOSUB_NONE;
}

/* Explicitsub: the referrer's SUBSCRIBE goes to the 2xx's Refer-Events-At URI. */
static void await_subscribe(sipadv_tracker *t, transfer *tr, int index, sipadv_span events_at)
{
    sipadv_key_buf uri;

    if (!sipadv_normalise_uri(events_at, true, &uri))
        return;
    queue_under(t->by_events_at, sipadv_key_span(&uri), index);
    tr->awaits_subscribe = true;
    tr->pub.events_at_given = true;
}

static void record_final_response(sipadv_tracker *t, int index, transfer *tr,
                                  const sipadv_refer_response *ev)
{
    tr->pub.response_frame = ev->frame;
    tr->pub.response_time = ev->time;
    tr->pub.response_code = ev->code;
    if (sipadv_is_success(ev->code))
        tr->pub.no_subscription_by = granted_without_subscription(tr, ev);
    tr->pub.no_subscription = tr->pub.no_subscription_by != SIPADV_NOSUB_NONE;
    /* NOTIFYs may precede the 2xx: if they did, they came despite the refusal. */
    if (tr->pub.no_subscription && tr->pub.notify_count > 0)
        tr->pub.notify_despite_no_subscription = true;
    if (tr->pub.no_subscription_by == SIPADV_NOSUB_EXPLICIT)
        await_subscribe(t, tr, index, ev->events_at);
    if (!sipadv_is_success(ev->code) || tr->pub.no_subscription)
        retire_subscription(tr);
    if (sipadv_is_challenge(ev->code))
        tr->dlg->challenged = index;
}

sipadv_link sipadv_tracker_refer_response(sipadv_tracker *t, const sipadv_refer_response *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_RESPONSE);
    sipadv_key_buf k;
    transfer *tr;

    if (t == NULL || ev == NULL)
        return link;
    link.transfer = sipadv_lookup_index(t->by_refer_key, sipadv_refer_key(&k, ev->call_id, ev->from_tag,
                                                             ev->cseq));
    if (link.transfer == NO_TRANSFER)
        return link;
    tr = transfer_at(t, link.transfer);
    /* 1xx decide nothing; only the first final counts, later ones are retransmissions. */
    if (sipadv_is_final(ev->code) && tr->pub.response_code == 0)
        record_final_response(t, link.transfer, tr, ev);
    return link;
}

/* ---- NOTIFY --------------------------------------------------------------------------- */

/* Without an id a NOTIFY belongs to the first REFER of the dialog (RFC 3515 sec. 2.4.6):
 * the oldest still outstanding one, flagged when a later one is outstanding too. When
 * every subscription is over, the latest transfer is the best guess (a late NOTIFY). */
static int notified_without_id(const sipadv_tracker *t, const sipadv_notify *ev,
                               unsigned *flags)
{
    sipadv_key_buf k;
    sipadv_span key = sipadv_dialog_key(&k, ev->call_id, ev->to_tag);
    dialog *d = g_hash_table_lookup(t->dialogs, &key);

    if (d == NULL)
        return NO_TRANSFER;
    if (d->outstanding == 0)
        return d->last;
    if (d->outstanding > 1)
        *flags |= SIPADV_NOTIFY_AMBIGUOUS;
    return first_outstanding(t, d);
}

/* The NOTIFY's dialog is the REFER's with the roles swapped: its To tag is the REFER's From
 * tag, and its Event id is the REFER's CSeq number. A NOTIFY of an explicit subscription
 * comes in the SUBSCRIBE's dialog instead; *explicit says it did. */
static int notified_transfer(const sipadv_tracker *t, const sipadv_notify *ev, unsigned *flags,
                             bool *explicit)
{
    sipadv_key_buf k;
    int index;

    index = sipadv_lookup_index(t->by_subscription, sipadv_dialog_key(&k, ev->call_id, ev->to_tag));
    *explicit = index != NO_TRANSFER;
    if (*explicit)
        return index;
    if (ev->has_id && ev->id_invalid)
        index = NO_TRANSFER;
    else if (ev->has_id)
        index = sipadv_lookup_index(t->by_refer_key,
                             sipadv_refer_key(&k, ev->call_id, ev->to_tag, ev->id));
    else
        index = notified_without_id(t, ev, flags);
    if (index == NO_TRANSFER)
        *flags |= SIPADV_NOTIFY_ORPHAN;
    return index;
}

static void record_notify_frame(transfer *tr, uint32_t frame)
{
    unsigned kept = tr->pub.notify_count < SIPADV_MAX_NOTIFY_FRAMES
                        ? tr->pub.notify_count
                        : SIPADV_MAX_NOTIFY_FRAMES;

    tr->pub.notify_count++;
    if (kept >= SIPADV_MAX_NOTIFY_FRAMES)
        return;
    if (kept == tr->frames_cap) {
        tr->frames_cap = tr->frames_cap ? MIN(tr->frames_cap * 2, SIPADV_MAX_NOTIFY_FRAMES) : 4;
        tr->frames = g_renew(uint32_t, tr->frames, tr->frames_cap);
        tr->pub.notify_frames = tr->frames;
    }
    tr->frames[kept] = frame;
}

static void record_sipfrag(transfer *tr, unsigned code, const sipadv_notify *ev)
{
    tr->pub.last_sipfrag_code = code;
    if (sipadv_is_final(code) && tr->pub.final_code == 0) {
        tr->pub.final_code = code;
        tr->pub.final_notify_frame = ev->frame;
        tr->pub.final_notify_time = ev->time;
    }
}

/* Records a terminated subscription; returns the NOTIFY's BAD_TERMINATION flag: RFC 3515
 * sec. 2.4.7 wants the final NOTIFY to say reason=noresource. Ending the subscription before
 * any final status is allowed (sec. 2.4.4), so that alone is not flagged: the verdict says
 * the outcome went unreported instead. Nor is reason=rejected before any final status: sec.
 * 2.4.7 lets a denial after acceptance say so through the reason, and the verdict calls the
 * transfer failed. */
static unsigned record_termination(transfer *tr, const sipadv_notify *ev)
{
    sipadv_subscription_state st;
    bool noresource, rejected;

    sipadv_parse_subscription_state(ev->subscription_state, &st);
    if (!st.terminated)
        return 0;
    noresource = st.reason.ptr != NULL &&
                 sipadv_phrase_equal(st.reason.ptr, st.reason.len, "noresource");
    rejected = st.reason.ptr != NULL &&
               sipadv_phrase_equal(st.reason.ptr, st.reason.len, "rejected");
    if (!tr->pub.terminated) {
        tr->pub.terminated = true;
        tr->pub.terminated_frame = ev->frame;
        tr->pub.terminated_noresource = noresource;
        tr->pub.terminated_rejected = rejected;
        tr->pub.terminated_reason = sipadv_copy_text(st.reason); /* NULL when absent */
    }
    retire_subscription(tr);
    if (noresource || (rejected && !sipadv_is_final(tr->pub.final_code)))
        return 0;
    return SIPADV_NOTIFY_BAD_TERMINATION;
}

sipadv_link sipadv_tracker_notify(sipadv_tracker *t, const sipadv_notify *ev)
{
    sipadv_link link = unlinked(SIPADV_ROLE_NOTIFY);
    bool explicit;
    transfer *tr;

    if (t == NULL || ev == NULL)
        return link;
    link.sipfrag_code = sipadv_sipfrag_code(ev->sipfrag_line);
    link.transfer = notified_transfer(t, ev, &link.flags, &explicit);
    /* A retransmission repeats what was already counted. */
    if (ev->resend) {
        link.flags |= SIPADV_NOTIFY_RESEND;
        return link;
    }
    if (link.sipfrag_code == 0)
        link.flags |= SIPADV_NOTIFY_BAD_SIPFRAG;
    if (link.transfer == NO_TRANSFER)
        return link;

    tr = transfer_at(t, link.transfer);
    record_notify_frame(tr, ev->frame);
    if (link.sipfrag_code != 0)
        record_sipfrag(tr, link.sipfrag_code, ev);
    link.flags |= record_termination(tr, ev);
    if (tr->pub.no_subscription && !explicit) {
        tr->pub.notify_despite_no_subscription = true;
        link.flags |= SIPADV_NOTIFY_DESPITE_NO_SUB;
    }
    return link;
}
