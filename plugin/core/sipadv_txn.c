/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transaction table for request/response linkage and retry tracking.
 *
 * Every SIP message looks a key up here, so a lookup costs one hash over the key's spans
 * and one comparison; nothing is copied or formatted. Only a new request is copied, once,
 * into a single allocation that also holds its key. */
#include "sipadv_txn.h"

#include <glib.h>
#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_hash.h"

#define MAX_KEPT 256    /* a kept value or key part is shorter than this */
#define MAX_METHOD 64   /* bytes of a method name that count */

/* A key as four bounded spans (d empty in a transaction's) and a number, with its hash.
 * Lookups use one on the stack over the message's bytes; a stored entry's points into the
 * entry. */
typedef struct {
    guint hash;
    unsigned number;
    sipadv_span a, b, c, d;
} ident;

typedef struct txn_entry txn_entry;

/* An intrusive list in capture order: the oldest entry is at the head. */
typedef struct {
    txn_entry *head, *tail;
} txn_list;

typedef struct {
    txn_entry *prev, *next;
} txn_link;

struct txn_entry {
    ident id;             /* first: the table's key */
    sipadv_request req;   /* strings point into text[] */
    txn_link by_arrival;  /* in sipadv_txns.arrived, in order of heard_at */
    txn_link by_answer;   /* in sipadv_txns.answered once a final response came */
    double heard_at;      /* the request, or its latest provisional response past 100 */
    bool answered;
    double answered_at;   /* time of that final response */
    char text[];
};

typedef struct {
    ident id;             /* first: the key of retry_by_client; points into text[] */
    sipadv_retry retry;
    char text[];
} retry_entry;

/* The requests by key: open addressing with linear probing over a power-of-two array,
 * kept at most half full, deleted entries closed up by shifting their successors back (no
 * tombstones). Every message probes it once, so a probe is a masked hash and a compare of
 * the stored hash, with no call through a GHashTable's function pointers.
 *
 * A slot keeps its entry's hash beside the pointer, so a probe and a removal read only the
 * slot array, and an entry only when its hash matches. In a large capture most entries have
 * left the CPU's caches long before they are probed past or shifted back: with the hash
 * read through the pointer, perf's samples put the lookups and removals at about 1.2 % of
 * tshark's time (100 000 messages, -2 -Y sip), for 0.04 % of its instructions; with the
 * hash in the slot, at about 0.75 %. */
typedef struct {
    guint hash;
    txn_entry *entry;  /* NULL: the slot is free */
} txn_slot;

typedef struct {
    txn_slot *slot;
    size_t cap;    /* 0 or a power of two */
    size_t count;
} txn_map;

struct sipadv_txns {
    double horizon;
    txn_map by_key;
    txn_list arrived;            /* every entry, the one heard from least recently first */
    txn_list answered;           /* answered entries, in order of their final response */
    GHashTable *retry_by_client; /* ident -> retry_entry (latest pending one) */
    GHashTable *retry_by_frame;  /* response frame -> retry_entry (all, owned) */
};

/* ---- keys ---------------------------------------------------------------------------- */

static sipadv_span bounded(sipadv_span s, size_t max)
{
    if (s.ptr == NULL)
        return (sipadv_span){ "", 0 };
    if (s.len > max)
        s.len = max;
    return s;
}

static ident make_ident(sipadv_span a, unsigned number, sipadv_span b, sipadv_span c,
                        sipadv_span d)
{
    ident id = { 0, number, bounded(a, MAX_KEPT - 1), bounded(b, MAX_METHOD),
                 bounded(c, MAX_KEPT - 1), bounded(d, MAX_KEPT - 1) };
    uint64_t h = 0x9E3779B97F4A7C15u ^ number;

    h = sipadv_hash_mix(h, id.a.ptr, id.a.len);
    h = sipadv_hash_mix(h, id.b.ptr, id.b.len);
    h = sipadv_hash_mix(h, id.c.ptr, id.c.len);
    if (id.d.len > 0)
        h = sipadv_hash_mix(h, id.d.ptr, id.d.len);
    id.hash = sipadv_hash_finish(h);
    return id;
}

static ident txn_ident(const sipadv_txn_key *k)
{
    return make_ident(k->call_id, k->cseq, k->method, k->requester, (sipadv_span){ NULL, 0 });
}

static guint ident_hash(gconstpointer p)
{
    return ((const ident *)p)->hash;
}

static gboolean ident_equal(gconstpointer p, gconstpointer q)
{
    const ident *x = p, *y = q;

    return x->hash == y->hash && x->number == y->number && sipadv_span_same(x->a, y->a) &&
           sipadv_span_same(x->b, y->b) && sipadv_span_same(x->c, y->c) &&
           sipadv_span_same(x->d, y->d);
}

static size_t ident_bytes(const ident *id)
{
    return id->a.len + id->b.len + id->c.len + id->d.len;
}

/* Copies the key's bytes to *at, and points the copy's spans there. */
static ident keep_ident(char **at, const ident *id)
{
    ident kept = *id;
    sipadv_span *parts[] = { &kept.a, &kept.b, &kept.c, &kept.d };

    for (unsigned i = 0; i < G_N_ELEMENTS(parts); i++) {
        memcpy(*at, parts[i]->ptr, parts[i]->len);
        parts[i]->ptr = *at;
        *at += parts[i]->len;
    }
    return kept;
}

/* ---- values ---------------------------------------------------------------------------- */

/* Bytes a bounded copy of s takes: at most MAX_KEPT - 1 of them, never half a UTF-8
 * character. */
static size_t kept_size(sipadv_span s)
{
    return s.ptr == NULL ? 0 : sipadv_utf8_cut(s.ptr, s.len, MAX_KEPT - 1);
}

/* Copies size bytes of s (as kept_size gave) to *at; the copy's span, ptr NULL when s is
 * absent. */
static sipadv_span keep(char **at, sipadv_span s, size_t size)
{
    sipadv_span copy = { *at, size };

    if (s.ptr == NULL)
        return (sipadv_span){ NULL, 0 };
    memcpy(*at, s.ptr, size);
    *at += size;
    return copy;
}

/* ---- lists ------------------------------------------------------------------------------ */

static void list_push(txn_list *l, txn_entry *e, txn_link *link,
                      txn_link *(*link_of)(txn_entry *))
{
    link->prev = l->tail;
    link->next = NULL;
    if (l->tail != NULL)
        link_of(l->tail)->next = e;
    else
        l->head = e;
    l->tail = e;
}

static void list_remove(txn_list *l, txn_link *link, txn_link *(*link_of)(txn_entry *))
{
    if (link->prev != NULL)
        link_of(link->prev)->next = link->next;
    else
        l->head = link->next;
    if (link->next != NULL)
        link_of(link->next)->prev = link->prev;
    else
        l->tail = link->prev;
}

static txn_link *arrival_link(txn_entry *e)
{
    return &e->by_arrival;
}

static txn_link *answer_link(txn_entry *e)
{
    return &e->by_answer;
}

/* ---- the request map ------------------------------------------------------------------- */

static txn_entry *map_find(const txn_map *m, const ident *id)
{
    size_t mask = m->cap - 1, i;

    if (m->cap == 0)
        return NULL;
    for (i = id->hash & mask; m->slot[i].entry != NULL; i = (i + 1) & mask) {
        if (m->slot[i].hash == id->hash && ident_equal(&m->slot[i].entry->id, id))
            return m->slot[i].entry;
    }
    return NULL;
}

static void map_place(txn_map *m, txn_slot s)
{
    size_t mask = m->cap - 1, i = s.hash & mask;

    while (m->slot[i].entry != NULL)
        i = (i + 1) & mask;
    m->slot[i] = s;
}

static void map_add(txn_map *m, txn_entry *e)
{
    if ((m->count + 1) * 2 > m->cap) {
        txn_slot *old = m->slot;
        size_t old_cap = m->cap;

        m->cap = old_cap ? old_cap * 2 : 64;
        m->slot = g_new0(txn_slot, m->cap);
        for (size_t i = 0; i < old_cap; i++) {
            if (old[i].entry != NULL)
                map_place(m, old[i]);
        }
        g_free(old);
    }
    map_place(m, (txn_slot){ e->id.hash, e });
    m->count++;
}

/* Removes e and moves back the entries after it whose probe passed its slot, so every
 * entry stays reachable from its home slot without a gap. */
static void map_remove(txn_map *m, const txn_entry *e)
{
    size_t mask = m->cap - 1, hole, i;

    for (hole = e->id.hash & mask; m->slot[hole].entry != e; hole = (hole + 1) & mask)
        ;
    m->slot[hole].entry = NULL;
    m->count--;
    for (i = (hole + 1) & mask; m->slot[i].entry != NULL; i = (i + 1) & mask) {
        size_t home = m->slot[i].hash & mask;
        /* Can the entry at i move to the hole? Only if its home is not in (hole, i]. */
        bool home_between = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
        if (!home_between) {
            m->slot[hole] = m->slot[i];
            m->slot[i].entry = NULL;
            hole = i;
        }
    }
}

/* ---- the table -------------------------------------------------------------------------- */

sipadv_txns *sipadv_txns_new(double horizon_seconds)
{
    sipadv_txns *t = g_new0(sipadv_txns, 1);

    t->horizon = horizon_seconds;
    t->retry_by_client = g_hash_table_new(ident_hash, ident_equal);
    t->retry_by_frame = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return t;
}

void sipadv_txns_free(sipadv_txns *t)
{
    txn_entry *e;

    if (t == NULL)
        return;
    while ((e = t->arrived.head) != NULL) {
        t->arrived.head = e->by_arrival.next;
        g_free(e);
    }
    g_free(t->by_key.slot);
    g_hash_table_destroy(t->retry_by_client);
    g_hash_table_destroy(t->retry_by_frame);
    g_free(t);
}

static void drop(sipadv_txns *t, txn_entry *e)
{
    list_remove(&t->arrived, &e->by_arrival, arrival_link);
    if (e->answered)
        list_remove(&t->answered, &e->by_answer, answer_link);
    map_remove(&t->by_key, e);
    g_free(e);
}

/* Two clocks. An answered transaction is dropped SIPADV_TXN_LINGER seconds after its final
 * response: long enough for retransmitted final responses (a 2xx is resent until the ACK,
 * at most 64*T1 = 32 s) to find their request. An unanswered one (an INVITE still ringing)
 * stays until the horizon has passed without a word from it: a provisional response past
 * 100 restarts that clock, as it restarts a proxy's Timer C (RFC 3261 sec. 16.7 step 2).
 * Both lists are in the order of their clocks, so the entries due first are at their
 * heads; timestamps going backwards only delay expiry. */
static void expire(sipadv_txns *t, double now)
{
    txn_entry *e;

    while ((e = t->answered.head) != NULL && now - e->answered_at > SIPADV_TXN_LINGER)
        drop(t, e);
    while ((e = t->arrived.head) != NULL && now - e->heard_at > t->horizon)
        drop(t, e);
}

void sipadv_txns_add(sipadv_txns *t, const sipadv_txn_key *key, const sipadv_request_in *req)
{
    const sipadv_span values[] = { req->expires, req->session_expires, req->www_realm,
                                   req->proxy_realm, req->request_uri };
    size_t sizes[G_N_ELEMENTS(values)], total;
    ident id;
    txn_entry *e;
    char *at;

    expire(t, req->time);
    id = txn_ident(key);
    if (map_find(&t->by_key, &id) != NULL)
        return;
    total = ident_bytes(&id);
    for (unsigned i = 0; i < G_N_ELEMENTS(values); i++)
        total += sizes[i] = kept_size(values[i]);
    e = g_malloc(sizeof(*e) + total);
    memset(e, 0, sizeof(*e));
    at = e->text;
    e->id = keep_ident(&at, &id);
    e->req.frame = req->frame;
    e->req.time = req->time;
    e->heard_at = req->time;
    e->req.expires = keep(&at, values[0], sizes[0]);
    e->req.contact_expires = sipadv_contact_expires(req->contact.ptr, req->contact.len);
    e->req.session_expires = keep(&at, values[1], sizes[1]);
    e->req.www_realm = keep(&at, values[2], sizes[2]);
    e->req.proxy_realm = keep(&at, values[3], sizes[3]);
    e->req.request_uri = keep(&at, values[4], sizes[4]);
    map_add(&t->by_key, e);
    list_push(&t->arrived, e, &e->by_arrival, arrival_link);
}

static txn_entry *lookup(const sipadv_txns *t, const sipadv_txn_key *key)
{
    ident id = txn_ident(key);

    return map_find(&t->by_key, &id);
}

const sipadv_request *sipadv_txns_find(const sipadv_txns *t, const sipadv_txn_key *key)
{
    txn_entry *e = lookup(t, key);
    return e ? &e->req : NULL;
}

const sipadv_request *sipadv_txns_answer(sipadv_txns *t, const sipadv_txn_key *key,
                                         unsigned code, double time)
{
    txn_entry *e = lookup(t, key);

    if (e == NULL)
        return NULL;
    /* The first final response starts the linger clock; later responses restart nothing. */
    if (e->answered)
        return &e->req;
    if (code >= 200) {
        e->answered = true;
        e->answered_at = time;
        list_push(&t->answered, e, &e->by_answer, answer_link);
    } else if (code > 100 && time > e->heard_at) {
        e->heard_at = time;
        list_remove(&t->arrived, &e->by_arrival, arrival_link);
        list_push(&t->arrived, e, &e->by_arrival, arrival_link);
    }
    return &e->req;
}

unsigned sipadv_txns_count(const sipadv_txns *t)
{
    return (unsigned)t->by_key.count;
}

/* ---- retries after Retry-After ---------------------------------------------------------- */

static ident client_ident(const sipadv_retry_key *k)
{
    return make_ident(k->client, 0, k->method, k->target, k->server);
}

void sipadv_txns_note_retry_after(sipadv_txns *t, const sipadv_retry_key *key, uint32_t frame,
                                  double time, unsigned seconds)
{
    ident id = client_ident(key);
    retry_entry *e;
    char *at;

    if (g_hash_table_contains(t->retry_by_frame, GUINT_TO_POINTER(frame)))
        return;
    e = g_malloc0(sizeof(*e) + ident_bytes(&id));
    at = e->text;
    e->id = keep_ident(&at, &id);
    e->retry.response_frame = frame;
    e->retry.response_time = time;
    e->retry.retry_after = seconds;
    g_hash_table_insert(t->retry_by_frame, GUINT_TO_POINTER(frame), e);
    /* Only the latest response per client waits for a retry. */
    g_hash_table_replace(t->retry_by_client, &e->id, e);
}

void sipadv_txns_note_request(sipadv_txns *t, const sipadv_retry_key *key, uint32_t frame,
                              double time)
{
    ident id;
    retry_entry *e;

    if (g_hash_table_size(t->retry_by_client) == 0)
        return;
    id = client_ident(key);
    e = g_hash_table_lookup(t->retry_by_client, &id);
    if (e != NULL && frame > e->retry.response_frame) {
        e->retry.retry_frame = frame;
        e->retry.retry_time = time;
        g_hash_table_remove(t->retry_by_client, &id);
    }
}

const sipadv_retry *sipadv_txns_retry_for(const sipadv_txns *t, uint32_t frame)
{
    retry_entry *e = g_hash_table_lookup(t->retry_by_frame, GUINT_TO_POINTER(frame));
    return e ? &e->retry : NULL;
}
