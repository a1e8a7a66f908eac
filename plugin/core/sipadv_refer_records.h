/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker's records, shared by the files that handle its events
 * (sipadv_refer.c: REFER, its responses and NOTIFY; sipadv_refer_invite.c: the explicit
 * SUBSCRIBE and the triggered INVITE). Not part of the tracker's interface. */
#ifndef SIPADV_REFER_RECORDS_H
#define SIPADV_REFER_RECORDS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sipadv_refer.h"
#include "sipadv_refer_impl.h"

#define NO_TRANSFER (-1)

/* Transfer indices in arrival order; entries before head are spent and get compacted away.
 * A plain array rather than a GArray: most dialogs and targets hold one transfer, and a
 * GArray would cost a header and 16 slots for each. */
typedef struct {
    guint *items;
    guint len, cap, head;
} index_queue;

typedef struct {
    char *call_id;        /* shared by the dialog's transfers as their call_id */
    size_t call_id_len;   /* its bytes, a NUL among them included */
    index_queue refers;   /* before head: none outstanding */
    guint outstanding;    /* transfers whose subscription may still send NOTIFYs */
    int last;             /* the most recent transfer */
    int challenged;       /* the latest one challenged with 401/407 and not yet retried */
} dialog;

typedef struct {
    sipadv_transfer pub;
    dialog *dlg;
    uint32_t *frames;     /* backs pub.notify_frames */
    guint frames_cap;
    bool outstanding;     /* counted in dlg->outstanding */
    bool requires_nosub;       /* the REFER said Require: nosub */
    bool requires_explicitsub; /* the REFER said Require: explicitsub */
    bool awaits_subscribe;     /* queued under its Refer-Events-At URI */
    bool has_invite;
    bool invite_final_open;    /* the next final response to invite_cseq sets invite_code */
    unsigned invite_cseq;      /* CSeq of the INVITE whose answer counts: the first, or a retry */
} transfer;

struct sipadv_tracker {
    GPtrArray *transfers;
    GHashTable *by_refer_key;
    GHashTable *dialogs;
    GHashTable *by_target;
    GHashTable *by_invite_call;
    GHashTable *by_events_at;
    GHashTable *by_subscription;
};

static inline guint queue_at(const index_queue *q, guint pos)
{
    return q->items[pos];
}

static inline transfer *transfer_at(const sipadv_tracker *t, int index)
{
    return g_ptr_array_index(t->transfers, (guint)index);
}

static inline sipadv_link unlinked(sipadv_role role)
{
    sipadv_link link = { NO_TRANSFER, role, 0, 0 };
    return link;
}

/* response_code is set only by a final response, so 0 means none yet. */
static inline bool refer_rejected(const transfer *tr)
{
    return tr->pub.response_code != 0 && !sipadv_is_success(tr->pub.response_code);
}

/* Drops a queue's spent prefix once it outweighs the live part. */
void sipadv_queue_compact(index_queue *q);
/* The transfer a span-keyed table holds for key, or NO_TRANSFER. */
int sipadv_lookup_index(GHashTable *table, sipadv_span key);
void sipadv_insert_index(GHashTable *table, sipadv_span key, int index);

#endif
