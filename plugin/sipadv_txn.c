/* Transaction table for request/response linkage and retry tracking. */
#include "sipadv_txn.h"

#include <glib.h>
#include <string.h>

#include "sipadv_chars.h"

#define MAX_KEPT 256 /* bytes kept of any string, including the terminator */

typedef struct {
    sipadv_request req;   /* strings owned */
    char *key;
} txn_entry;

typedef struct {
    sipadv_retry retry;
    char *client_key;     /* "client|method|target" */
} retry_entry;

struct sipadv_txns {
    double horizon;
    GHashTable *by_key;       /* key -> txn_entry */
    GQueue *order;            /* txn_entry in arrival order, for expiry */
    GHashTable *retry_by_client; /* client key -> retry_entry (latest pending one) */
    GHashTable *retry_by_frame;  /* response frame -> retry_entry (all, owned) */
};

static char *dup_bounded(const char *s)
{
    /* g_strndup(s, n) allocates n + 1 bytes whatever the length of s: pass the real one. */
    return s ? g_strndup(s, sipadv_utf8_cut(s, strnlen(s, MAX_KEPT), MAX_KEPT - 1)) : NULL;
}

/* Fields are bounded and joined with a separator that cannot occur in a Call-ID's
 * bounded copy ambiguity-free: the lengths go first. */
static char *make_key(const sipadv_txn_key *k)
{
    const char *c = k->call_id ? k->call_id : "";
    const char *m = k->method ? k->method : "";
    const char *r = k->requester ? k->requester : "";

    return g_strdup_printf("%u|%zu:%.*s|%zu:%.*s|%.*s", k->cseq, strnlen(c, MAX_KEPT - 1),
                           MAX_KEPT - 1, c, strnlen(m, 64), 64, m, MAX_KEPT - 1, r);
}

static void free_txn(txn_entry *e)
{
    g_free((char *)e->req.expires);
    g_free((char *)e->req.contact);
    g_free((char *)e->req.session_expires);
    g_free((char *)e->req.www_realm);
    g_free((char *)e->req.proxy_realm);
    g_free((char *)e->req.request_uri);
    g_free(e->key);
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
    t->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    t->order = g_queue_new();
    t->retry_by_client = g_hash_table_new(g_str_hash, g_str_equal);
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
    g_hash_table_destroy(t->by_key);
    g_hash_table_destroy(t->retry_by_client);
    g_hash_table_destroy(t->retry_by_frame);
    g_free(t);
}

/* Requests arrive in time order, so the oldest entries are at the head. */
static void expire(sipadv_txns *t, double now)
{
    txn_entry *e;

    while ((e = g_queue_peek_head(t->order)) != NULL && now - e->req.time > t->horizon) {
        g_queue_pop_head(t->order);
        g_hash_table_remove(t->by_key, e->key);
        free_txn(e);
    }
}

void sipadv_txns_add(sipadv_txns *t, const sipadv_txn_key *key, const sipadv_request *req)
{
    char *k;
    txn_entry *e;

    expire(t, req->time);
    k = make_key(key);
    if (g_hash_table_contains(t->by_key, k)) {
        g_free(k);
        return;
    }
    e = g_new0(txn_entry, 1);
    e->key = k;
    e->req.frame = req->frame;
    e->req.time = req->time;
    e->req.expires = dup_bounded(req->expires);
    e->req.contact = dup_bounded(req->contact);
    e->req.session_expires = dup_bounded(req->session_expires);
    e->req.www_realm = dup_bounded(req->www_realm);
    e->req.proxy_realm = dup_bounded(req->proxy_realm);
    e->req.request_uri = dup_bounded(req->request_uri);
    g_hash_table_insert(t->by_key, e->key, e);
    g_queue_push_tail(t->order, e);
}

const sipadv_request *sipadv_txns_find(const sipadv_txns *t, const sipadv_txn_key *key)
{
    char *k = make_key(key);
    txn_entry *e = g_hash_table_lookup(t->by_key, k);

    g_free(k);
    return e ? &e->req : NULL;
}

unsigned sipadv_txns_count(const sipadv_txns *t)
{
    return g_hash_table_size(t->by_key);
}

static char *client_key(const char *client, const char *method, const char *target)
{
    return g_strdup_printf("%.*s|%.*s|%.*s", MAX_KEPT - 1, client ? client : "", 64,
                           method ? method : "", MAX_KEPT - 1, target ? target : "");
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
    char *k;
    retry_entry *e;

    if (g_hash_table_size(t->retry_by_client) == 0)
        return;
    k = client_key(client, method, target);
    e = g_hash_table_lookup(t->retry_by_client, k);
    if (e != NULL && frame > e->retry.response_frame) {
        e->retry.retry_frame = frame;
        e->retry.retry_time = time;
        g_hash_table_remove(t->retry_by_client, k);
    }
    g_free(k);
}

const sipadv_retry *sipadv_txns_retry_for(const sipadv_txns *t, uint32_t frame)
{
    retry_entry *e = g_hash_table_lookup(t->retry_by_frame, GUINT_TO_POINTER(frame));
    return e ? &e->retry : NULL;
}
