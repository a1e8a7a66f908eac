/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a frame's SIP messages and reading them (see sipadv_read.h). */
#include "sipadv_read.h"

#include <string.h>

#include <epan/proto.h>
#include <epan/tvbuff.h>

#include "sipadv_chars.h"
#include "sipadv_msg.h"

/* ---- what we want from the SIP dissector ------------------------------------------
 * Only what the bytes cannot tell: where each message lies (in which data source: a
 * reassembled TCP stream, one of several messages in a segment, a WebSocket or decrypted TLS
 * payload), the SIP dissector's retransmission verdict, and the undissected payload of a
 * datagram SIP refused. Every wanted field makes the SIP dissector build real tree items, so
 * everything else is read from the message's own bytes by sipadv_msg (tests/bench/README.md
 * has the figures). */

enum sip_field {
    SF_SIP,             /* the protocol item: one per SIP message */
    SF_DATA,            /* undissected payload: over UDP, a status line with a code that is
                         * not three digits makes SIP reject the datagram, and only "data"
                         * is left to look at */
    SF_RESEND_ORIGINAL, /* the retransmission verdict; see below */
    SF_COUNT
};

/* The SIP dissector adds sip.resend to every message and, only when that is true,
 * sip.resend-original beside it (4.0 to 4.6 alike). Wanting the second gives the same verdict
 * with a real item only per retransmission: wanting the first cost a real item, a
 * GPtrArray and their frees on every message, about 1.4k instructions per message
 * (tests/bench/README.md). */
static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP] = "sip",
    [SF_DATA] = "data",
    [SF_RESEND_ORIGINAL] = "sip.resend-original",
};

static int sip_hfids[SF_COUNT];

void sipadv_read_handoff(void)
{
    for (int f = 0; f < SF_COUNT; f++)
        sip_hfids[f] = proto_registrar_get_id_byname(sip_field_names[f]);
}

/* Wanted fields are primed on a frame's first pass only; later passes replay the record. */
void sipadv_read_want(dissector_handle_t handle)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (int f = 0; f < SF_COUNT; f++) {
        if (sip_hfids[f] >= 0)
            g_array_append_val(wanted, sip_hfids[f]);
    }
    set_postdissector_wanted_hfids(handle, wanted);
}

void sipadv_read_unwant(dissector_handle_t handle)
{
    set_postdissector_wanted_hfids(handle, NULL);
}

/* ---- reading messages ---------------------------------------------------------------- */

/* A field belongs to the innermost SIP message whose bytes contain it: a TCP segment can
 * carry several messages, and a message/sip body nests one message in another. */
static sip_message *owner_of(sip_message *msgs, unsigned n, const field_info *fi)
{
    sip_message *best = NULL;

    for (unsigned i = 0; i < n; i++) {
        const field_info *s = msgs[i].sip;
        if (s->ds_tvb != fi->ds_tvb || fi->start < s->start ||
            fi->start >= s->start + (s->length > 0 ? s->length : 1))
            continue;
        if (best == NULL || s->start >= best->sip->start)
            best = &msgs[i];
    }
    return best;
}

static bool starts_with_sip_version(const field_info *fi)
{
    return fi->ds_tvb != NULL && fi->length >= 8 &&
           tvb_strneql(fi->ds_tvb, fi->start, "SIP/", 4) == 0;
}

/* Points the message at its item's bytes. An item whose bytes are not all captured is
 * read as far as they are. */
static void locate_message(sip_message *m)
{
    const field_info *fi = m->sip;
    int avail = fi->ds_tvb ? tvb_captured_length_remaining(fi->ds_tvb, fi->start) : 0;
    int len = MIN(fi->length, avail);

    m->tvb = fi->ds_tvb;
    m->start = fi->start;
    m->len = len > 0 ? (size_t)len : 0;
    m->bytes = m->len > 0 ? (const char *)tvb_get_ptr(m->tvb, m->start, len) : NULL;
}

static GPtrArray *items_of(proto_tree *tree, int hfid)
{
    return hfid >= 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;
}

static unsigned add_message_items(GPtrArray *items, bool only_sip_like, sip_message *msgs,
                                  unsigned n)
{
    for (unsigned i = 0; items != NULL && i < items->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(items, i);
        if (only_sip_like && !starts_with_sip_version(fi))
            continue;
        memset(&msgs[n], 0, sizeof(msgs[n]));
        msgs[n].sip = fi;
        msgs[n].undissected = only_sip_like;
        locate_message(&msgs[n]);
        n++;
    }
    return n;
}

/* Does the body of message outer, as its own bytes bound it, hold offset start of the same
 * data source? The body is found by the reader, not from the sip item's length: in the
 * pruned tree of a first pass, the item of the first of several messages in one TCP
 * segment can run to the segment's end (Wireshark issue 17877). */
static bool body_holds(const sip_message *outer, const sip_message *inner)
{
    sipadv_msg m;
    size_t body_at;

    if (inner->tvb != outer->tvb || inner->start <= outer->start || outer->bytes == NULL)
        return false;
    sipadv_msg_read(outer->bytes, outer->len, &m);
    if (!m.has_body_separator)
        return false;
    body_at = (size_t)(m.body.ptr - outer->bytes);
    return (size_t)(inner->start - outer->start) >= body_at &&
           (size_t)(inner->start - outer->start) < body_at + m.body.len;
}

/* A message/sip body carries a whole message inside another (a copy, as in crafted-nested-
 * message, or an S/MIME tunnel, RFC 3261 sec. 23.4). The SIP dissector gives it a sip item
 * of its own, within the outer message's body. It was never sent on its own, so advising on
 * it would invent a second 486, linked to the INVITE with a response time of its own.
 * The SIP dissector adds an inner item while it dissects the outer message's body, before
 * the next message of the frame, so each sip item is compared with the last one that was
 * not nested. An undissected "data" item starting with "SIP/" can be a body too (text that
 * SIP did not dissect): it is compared with every sip item. A frame has more than one
 * item in a data source only when a segment carries several messages or a body nests one,
 * so the outer message is read again only then. */
static void mark_nested(sip_message *msgs, unsigned sip_count, unsigned n)
{
    const sip_message *outer = NULL;

    for (unsigned i = 0; i < sip_count; i++) {
        if (outer != NULL && body_holds(outer, &msgs[i]))
            msgs[i].nested = true;
        else
            outer = &msgs[i];
    }
    for (unsigned i = sip_count; i < n; i++) {
        for (unsigned j = 0; j < sip_count && !msgs[i].nested; j++)
            msgs[i].nested = !msgs[j].nested && body_holds(&msgs[j], &msgs[i]);
    }
}

/* However many messages a frame holds, all are read: the array comes from the packet's
 * scope, sized by the items found. */
sip_message *sipadv_read_messages(packet_info *pinfo, proto_tree *tree, unsigned *count)
{
    GPtrArray *sips = items_of(tree, sip_hfids[SF_SIP]);
    GPtrArray *datas = items_of(tree, sip_hfids[SF_DATA]);
    GPtrArray *originals;
    unsigned most = (sips ? sips->len : 0) + (datas ? datas->len : 0), sip_count, n;
    sip_message *msgs;

    *count = 0;
    if (most == 0)
        return NULL;
    msgs = wmem_alloc_array(pinfo->pool, sip_message, most);
    sip_count = add_message_items(sips, false, msgs, 0);
    n = add_message_items(datas, true, msgs, sip_count);
    mark_nested(msgs, sip_count, n);
    /* Its presence is the verdict: the dissector adds it to retransmissions only. A nested
     * message stays in the array until here, so that its verdict is not taken for that of
     * the message around it. */
    originals = n > 0 ? items_of(tree, sip_hfids[SF_RESEND_ORIGINAL]) : NULL;
    for (unsigned i = 0; originals != NULL && i < originals->len; i++) {
        sip_message *m = owner_of(msgs, n, (field_info *)g_ptr_array_index(originals, i));
        if (m != NULL)
            m->resend = true;
    }
    *count = n;
    return msgs;
}
