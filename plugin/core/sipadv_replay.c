/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compact replay records (see sipadv_replay.h). */
#include "sipadv_replay.h"

#include <glib.h>

G_STATIC_ASSERT(sizeof(sipadv_compact_response) == 16);

#define CODE_BITS 10
#define WHEN_BITS 2
#define METHOD_BITS 4
#define TIME_BITS 48
G_STATIC_ASSERT(CODE_BITS + WHEN_BITS + METHOD_BITS + TIME_BITS == 64);

#define MASK(bits) ((UINT64_C(1) << (bits)) - 1)

struct sipadv_replay {
    GArray *records; /* sipadv_compact_response, by increasing frame */
    guint cursor;    /* where the last lookup ended: the next frame's record is there */
};

sipadv_replay *sipadv_replay_new(void)
{
    sipadv_replay *r = g_new0(sipadv_replay, 1);

    r->records = g_array_new(FALSE, FALSE, sizeof(sipadv_compact_response));
    return r;
}

void sipadv_replay_free(sipadv_replay *r)
{
    if (r == NULL)
        return;
    g_array_free(r->records, TRUE);
    g_free(r);
}

bool sipadv_replay_pack(const sipadv_response_fields *in, sipadv_compact_response *out)
{
    if (in->code > MASK(CODE_BITS) || in->when > MASK(WHEN_BITS) ||
        in->method > MASK(METHOD_BITS) || in->response_ns > MASK(TIME_BITS))
        return false;
    out->frame = in->frame;
    out->request_frame = in->request_frame;
    out->packed = (uint64_t)in->code | (uint64_t)in->when << CODE_BITS |
                  (uint64_t)in->method << (CODE_BITS + WHEN_BITS) |
                  in->response_ns << (CODE_BITS + WHEN_BITS + METHOD_BITS);
    return true;
}

void sipadv_replay_unpack(const sipadv_compact_response *in, sipadv_response_fields *out)
{
    out->frame = in->frame;
    out->request_frame = in->request_frame;
    out->code = (unsigned)(in->packed & MASK(CODE_BITS));
    out->when = (unsigned)(in->packed >> CODE_BITS & MASK(WHEN_BITS));
    out->method = (unsigned)(in->packed >> (CODE_BITS + WHEN_BITS) & MASK(METHOD_BITS));
    out->response_ns = in->packed >> (CODE_BITS + WHEN_BITS + METHOD_BITS);
}

uint64_t sipadv_replay_ns(double seconds)
{
    if (!(seconds >= 0.0) || seconds > 1e9)
        return UINT64_MAX;
    return (uint64_t)(seconds * 1e9 + 0.5);
}

bool sipadv_replay_add(sipadv_replay *r, const sipadv_compact_response *rec)
{
    guint n;

    if (r == NULL || rec == NULL)
        return false;
    n = r->records->len;
    if (n > 0 && g_array_index(r->records, sipadv_compact_response, n - 1).frame >= rec->frame)
        return false;
    g_array_append_vals(r->records, rec, 1);
    return true;
}

/* The index of the first record whose frame is not below frame. */
static guint lower_bound(const sipadv_compact_response *base, guint n, uint32_t frame)
{
    guint lo = 0, hi = n;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (base[mid].frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const sipadv_compact_response *sipadv_replay_find(sipadv_replay *r, uint32_t frame)
{
    const sipadv_compact_response *base;
    guint n, at;

    if (r == NULL)
        return NULL;
    base = (const sipadv_compact_response *)(void *)r->records->data;
    n = r->records->len;
    /* A later pass of tshark visits the frames in order, so the record after the last one
     * looked up is where this frame's would be; the GUI jumps about and gets a search. */
    at = r->cursor;
    if (at > n || (at > 0 && base[at - 1].frame >= frame) || (at < n && base[at].frame < frame))
        at = lower_bound(base, n, frame);
    if (at < n && base[at].frame == frame) {
        r->cursor = at + 1;
        return &base[at];
    }
    r->cursor = at;
    return NULL;
}

unsigned sipadv_replay_count(const sipadv_replay *r)
{
    return r ? r->records->len : 0;
}
