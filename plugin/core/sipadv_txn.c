/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transaction table for request/response linkage and retry tracking. */
#include "sipadv_txn.h"

#include <glib.h>
#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_hash.h"

#define MAX_KEPT 256 /* bytes kept of any string, including the terminator */

/* One allocation per request: the strings and the key live in text[]. */
typedef struct {
    sipadv_request req;   /* strings point into text[] */
    char *key;            /* points into text[] */
    GList *in_order;      /* its link in sipadv_txns.order */
    GList *in_done;       /* its link in sipadv_txns.done, once a final response came */
    double done_at;       /* time of that final response */
    char text[];
} txn_entry;

#define KEY_MAX (3 * MAX_KEPT + 64 + 48) /* the longest key below, and room to spare */

typedef struct {
    sipadv_retry retry;
    char *client_key;     /* "client|method|target" */
} retry_entry;

struct sipadv_txns {
    double horizon;
    GHashTable *by_key;       /* key -> txn_entry */
    GQueue *order;            /* txn_entry in arrival order, for expiry */
    GQueue *done;             /* answered txn_entry in order of their final response */
    GHashTable *retry_by_client; /* client key -> retry_entry (latest pending one) */
    GHashTable *retry_by_frame;  /* response frame -> retry_entry (all, owned) */
};

/* Keys are written into a caller's buffer of KEY_MAX bytes: a key is built for every
 * request and every response, and only a new request's key is kept. */
typedef struct {
    char *p, *end;
} key_writer;

static void put(key_writer *w, const char *s, size_t n)
{
    size_t room = (size_t)(w->end - w->p);

    if (n > room)
        n = room;
    memcpy(w->p, s, n);
    w->p += n;
}

static void put_uint(key_writer *w, size_t v)
{
    char digits[24];
    size_t i = sizeof(digits);

    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(w, digits + i, sizeof(digits) - i);
}

/* Fields are bounded and joined with a separator that cannot occur in a Call-ID's
 * bounded copy ambiguity-free: the lengths go first. The text is
 * "cseq|len:call-id|len:method|requester". Returns the key's length. */
static size_t make_key(char buf[KEY_MAX], const sipadv_txn_key *k)
{
    const char *c = k->call_id ? k->call_id : "";
    const char *m = k->method ? k->method : "";
    const char *r = k->requester ? k->requester : "";
    size_t cl = strnlen(c, MAX_KEPT - 1), ml = strnlen(m, 64), rl = strnlen(r, MAX_KEPT - 1);
    key_writer w = { buf, buf + KEY_MAX - 1 };

    put_uint(&w, k->cseq);
    put(&w, "|", 1);
    put_uint(&w, cl);
    put(&w, ":", 1);
    put(&w, c, cl);
    put(&w, "|", 1);
    put_uint(&w, ml);
    put(&w, ":", 1);
    put(&w, m, ml);
    put(&w, "|", 1);
    put(&w, r, rl);
    *w.p = '\0';
    return (size_t)(w.p - buf);
}

/* Bytes a bounded copy of s takes, terminator included: at most MAX_KEPT - 1 of its bytes,
 * never half a UTF-8 character. 0 for NULL. */
static size_t kept_size(const char *s)
{
    return s ? sipadv_utf8_cut(s, strnlen(s, MAX_KEPT), MAX_KEPT - 1) + 1 : 0;
}

/* Copies s (bounded) to *at and advances it; NULL stays NULL. */
static const char *keep(char **at, const char *s, size_t size)
{
    char *copy = *at;

    if (s == NULL)
        return NULL;
    memcpy(copy, s, size - 1);
    copy[size - 1] = '\0';
    *at += size;
    return copy;
}

static void free_txn(txn_entry *e)
{
    g_free(e);
}

static void free_retry(gpointer p)
{
    retry_entry *e = p;
    g_free(e->client_key);
    g_free(e);
}

sipadv_txns *sipadv_txns_new(double horizon_seconds)
{
    sipadv_txns *t = g_new0(sipadv_txns, 1);

    t->horizon = horizon_seconds;
    t->by_key = g_hash_table_new(sipadv_key_hash, g_str_equal);
    t->order = g_queue_new();
    t->done = g_queue_new();
    t->retry_by_client = g_hash_table_new(sipadv_key_hash, g_str_equal);
    t->retry_by_frame = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free_retry);
    return t;
}

void sipadv_txns_free(sipadv_txns *t)
{
    txn_entry *e;

    if (t == NULL)
        return;
    while ((e = g_queue_pop_head(t->order)) != NULL)
        free_txn(e);
    g_queue_free(t->order);
    g_queue_free(t->done);
    g_hash_table_destroy(t->by_key);
    g_hash_table_destroy(t->retry_by_client);
    g_hash_table_destroy(t->retry_by_frame);
    g_free(t);
}

static void drop(sipadv_txns *t, txn_entry *e)
{
    g_queue_delete_link(t->order, e->in_order);
    if (e->in_done != NULL)
        g_queue_delete_link(t->done, e->in_done);
    g_hash_table_remove(t->by_key, e->key);
    free_txn(e);
}

/* Two clocks. An answered transaction is dropped SIPADV_TXN_LINGER seconds after its final
 * response: long enough for retransmitted final responses (a 2xx is resent until the ACK,
 * at most 64*T1 = 32 s) to find their request. An unanswered one (an INVITE still ringing)
 * stays for the whole horizon. Both queues are in capture order, so the oldest entries are
 * at their heads; timestamps going backwards only delay expiry. */
static void expire(sipadv_txns *t, double now)
{
    txn_entry *e;

    while ((e = g_queue_peek_head(t->done)) != NULL && now - e->done_at > SIPADV_TXN_LINGER)
        drop(t, e);
    while ((e = g_queue_peek_head(t->order)) != NULL && now - e->req.time > t->horizon)
        drop(t, e);
}

void sipadv_txns_add(sipadv_txns *t, const sipadv_txn_key *key, const sipadv_request *req)
{
    char k[KEY_MAX];
    size_t klen, sizes[6], total;
    txn_entry *e;
    char *at;

    expire(t, req->time);
    klen = make_key(k, key);
    if (g_hash_table_contains(t->by_key, k))
        return;
    sizes[0] = kept_size(req->expires);
    sizes[1] = kept_size(req->contact);
    sizes[2] = kept_size(req->session_expires);
    sizes[3] = kept_size(req->www_realm);
    sizes[4] = kept_size(req->proxy_realm);
    sizes[5] = kept_size(req->request_uri);
    total = klen + 1;
    for (int i = 0; i < 6; i++)
        total += sizes[i];
    e = g_malloc(sizeof(*e) + total);
    at = e->text;
    e->key = (char *)keep(&at, k, klen + 1);
    e->req.frame = req->frame;
    e->req.time = req->time;
    e->req.expires = keep(&at, req->expires, sizes[0]);
    e->req.contact = keep(&at, req->contact, sizes[1]);
    e->req.session_expires = keep(&at, req->session_expires, sizes[2]);
    e->req.www_realm = keep(&at, req->www_realm, sizes[3]);
    e->req.proxy_realm = keep(&at, req->proxy_realm, sizes[4]);
    e->req.request_uri = keep(&at, req->request_uri, sizes[5]);
    e->in_done = NULL;
    e->done_at = 0;
    g_hash_table_insert(t->by_key, e->key, e);
    g_queue_push_tail(t->order, e);
    e->in_order = t->order->tail;
}

static txn_entry *lookup(const sipadv_txns *t, const sipadv_txn_key *key)
{
    char k[KEY_MAX];

    make_key(k, key);
    return g_hash_table_lookup(t->by_key, k);
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
    /* The first final response starts the linger clock; retransmissions do not restart it. */
    if (code >= 200 && e->in_done == NULL) {
        e->done_at = time;
        g_queue_push_tail(t->done, e);
        e->in_done = t->done->tail;
    }
    return &e->req;
}

unsigned sipadv_txns_count(const sipadv_txns *t)
{
    return g_hash_table_size(t->by_key);
}

/* "client|method|target", each bounded, into buf (KEY_MAX bytes). */
static char *client_key_in(char buf[KEY_MAX], const char *client, const char *method,
                           const char *target)
{
    const char *c = client ? client : "", *m = method ? method : "", *r = target ? target : "";
    key_writer w = { buf, buf + KEY_MAX - 1 };

    put(&w, c, strnlen(c, MAX_KEPT - 1));
    put(&w, "|", 1);
    put(&w, m, strnlen(m, 64));
    put(&w, "|", 1);
    put(&w, r, strnlen(r, MAX_KEPT - 1));
    *w.p = '\0';
    return buf;
}

static char *client_key(const char *client, const char *method, const char *target)
{
    char buf[KEY_MAX];

    return g_strdup(client_key_in(buf, client, method, target));
}

void sipadv_txns_note_retry_after(sipadv_txns *t, const char *client, const char *method,
                                  const char *target, uint32_t frame, double time,
                                  unsigned seconds)
{
    retry_entry *e;

    if (g_hash_table_contains(t->retry_by_frame, GUINT_TO_POINTER(frame)))
        return;
    e = g_new0(retry_entry, 1);
    e->client_key = client_key(client, method, target);
    e->retry.response_frame = frame;
    e->retry.response_time = time;
    e->retry.retry_after = seconds;
    g_hash_table_insert(t->retry_by_frame, GUINT_TO_POINTER(frame), e);
    /* Only the latest response per client waits for a retry. */
    g_hash_table_insert(t->retry_by_client, e->client_key, e);
}

void sipadv_txns_note_request(sipadv_txns *t, const char *client, const char *method,
                              const char *target, uint32_t frame, double time)
{
    char k[KEY_MAX];
    retry_entry *e;

    if (g_hash_table_size(t->retry_by_client) == 0)
        return;
    client_key_in(k, client, method, target);
    e = g_hash_table_lookup(t->retry_by_client, k);
    if (e != NULL && frame > e->retry.response_frame) {
        e->retry.retry_frame = frame;
        e->retry.retry_time = time;
        g_hash_table_remove(t->retry_by_client, k);
    }
}

const sipadv_retry *sipadv_txns_retry_for(const sipadv_txns *t, uint32_t frame)
{
    retry_entry *e = g_hash_table_lookup(t->retry_by_frame, GUINT_TO_POINTER(frame));
    return e ? &e->retry : NULL;
}
