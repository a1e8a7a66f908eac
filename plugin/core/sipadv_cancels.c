/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sipadv_cancels.h"

#include <glib.h>

#include "sipadv_hash.h"

struct sipadv_cancels {
    GHashTable *keys; /* "cseq:call-id" -> itself */
};

/* Call-IDs are arbitrary text, so the number goes first where it cannot collide. */
static char *make_key(const char *call_id, unsigned cseq)
{
    return g_strdup_printf("%u:%s", cseq, call_id ? call_id : "");
}

sipadv_cancels *sipadv_cancels_new(void)
{
    sipadv_cancels *set = g_new0(sipadv_cancels, 1);
    set->keys = g_hash_table_new_full(sipadv_key_hash, g_str_equal, g_free, NULL);
    return set;
}

void sipadv_cancels_free(sipadv_cancels *set)
{
    if (set == NULL)
        return;
    g_hash_table_destroy(set->keys);
    g_free(set);
}

void sipadv_cancels_add(sipadv_cancels *set, const char *call_id, unsigned cseq)
{
    g_hash_table_add(set->keys, make_key(call_id, cseq));
}

bool sipadv_cancels_contains(const sipadv_cancels *set, const char *call_id, unsigned cseq)
{
    char *key = make_key(call_id, cseq);
    bool found = g_hash_table_contains(set->keys, key);
    g_free(key);
    return found;
}

unsigned sipadv_cancels_count(const sipadv_cancels *set)
{
    return g_hash_table_size(set->keys);
}
