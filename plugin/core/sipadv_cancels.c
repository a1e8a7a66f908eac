/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sipadv_cancels.h"

#include <glib.h>
#include <string.h>

#include "sipadv_hash.h"

/* A CANCEL's transaction. Stored keys own their Call-ID bytes (right after the struct);
 * a lookup key on the stack points at the caller's, so asking costs no copy. Keeping the
 * number and the Call-ID apart means no Call-ID text can pass for another number. */
typedef struct {
    unsigned cseq;
    sipadv_span call_id;
} cancel_key;

struct sipadv_cancels {
    GHashTable *keys; /* cancel_key -> itself */
};

static cancel_key lookup_key(sipadv_span call_id, unsigned cseq)
{
    cancel_key k = { cseq, call_id };

    if (k.call_id.ptr == NULL)
        k.call_id.len = 0; /* absent: the same as empty */
    return k;
}

static cancel_key *stored_key(const cancel_key *k)
{
    cancel_key *copy = g_malloc(sizeof(*copy) + k->call_id.len);
    char *bytes = (char *)(copy + 1);

    if (k->call_id.len > 0)
        memcpy(bytes, k->call_id.ptr, k->call_id.len);
    copy->cseq = k->cseq;
    copy->call_id.ptr = bytes;
    copy->call_id.len = k->call_id.len;
    return copy;
}

static guint cancel_key_hash(gconstpointer p)
{
    const cancel_key *k = p;
    return sipadv_span_hash(&k->call_id) ^ (k->cseq * 0x9E3779B1u);
}

static gboolean cancel_key_equal(gconstpointer a, gconstpointer b)
{
    const cancel_key *x = a, *y = b;
    return x->cseq == y->cseq && sipadv_span_equal(&x->call_id, &y->call_id);
}

sipadv_cancels *sipadv_cancels_new(void)
{
    sipadv_cancels *set = g_new0(sipadv_cancels, 1);
    set->keys = g_hash_table_new_full(cancel_key_hash, cancel_key_equal, g_free, NULL);
    return set;
}

void sipadv_cancels_free(sipadv_cancels *set)
{
    if (set == NULL)
        return;
    g_hash_table_destroy(set->keys);
    g_free(set);
}

void sipadv_cancels_add(sipadv_cancels *set, sipadv_span call_id, unsigned cseq)
{
    cancel_key k = lookup_key(call_id, cseq);

    /* A retransmitted CANCEL is the same transaction: keep the first copy. */
    if (!g_hash_table_contains(set->keys, &k))
        g_hash_table_add(set->keys, stored_key(&k));
}

bool sipadv_cancels_contains(const sipadv_cancels *set, sipadv_span call_id, unsigned cseq)
{
    cancel_key k = lookup_key(call_id, cseq);
    return g_hash_table_contains(set->keys, &k);
}

unsigned sipadv_cancels_count(const sipadv_cancels *set)
{
    return g_hash_table_size(set->keys);
}
