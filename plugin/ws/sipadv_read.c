/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a frame's SIP messages and reading them (see sipadv_read.h). */
#include "sipadv_read.h"

#include <string.h>

#include <epan/proto.h>
#include <epan/tvbuff.h>

#include "sipadv_chars.h"

/* ---- what we want from the SIP dissector ------------------------------------------
 * Only what the bytes cannot tell: where each message lies (in which data source: a
 * reassembled TCP stream, one of several messages in a segment, a WebSocket or decrypted TLS
 * payload), the SIP dissector's retransmission verdict, and the undissected payload of a
 * datagram SIP refused. Every wanted field makes the SIP dissector build real tree items, so
 * everything else is read from the message's own bytes by sipadv_msg (tests/bench/README.md
 * has the figures). */

enum sip_field {
    SF_SIP,    /* the protocol item: one per SIP message */
    SF_DATA,   /* undissected payload: over UDP, a status line with a code that is not three
                * digits makes SIP reject the datagram, and only "data" is left to look at */
    SF_RESEND, /* sip.resend: Wireshark's retransmission verdict */
    SF_COUNT
};

static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP] = "sip",
    [SF_DATA] = "data",
    [SF_RESEND] = "sip.resend",
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

static bool fi_true(const field_info *fi)
{
    return fi != NULL && fi->hfinfo->type == FT_BOOLEAN &&
           fvalue_get_uinteger64(SIPADV_FI_VALUE((field_info *)fi)) != 0;
}

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

/* Points the message at its item's bytes and reads them. An item whose bytes are not all
 * captured is read as far as they are. */
static void read_message(packet_info *pinfo, sip_message *m)
{
    const field_info *fi = m->sip;
    int avail = fi->ds_tvb ? tvb_captured_length_remaining(fi->ds_tvb, fi->start) : 0;
    int len = MIN(fi->length, avail);

    m->pool = pinfo->pool;
    m->frame = pinfo->num;
    m->tvb = fi->ds_tvb;
    m->start = fi->start;
    m->len = len > 0 ? (size_t)len : 0;
    m->bytes = m->len > 0 ? (const char *)tvb_get_ptr(m->tvb, m->start, len) : NULL;
    sipadv_msg_read(m->bytes, m->len, &m->msg);
    m->cseq_ok = sipadv_parse_cseq(m->msg.headers[SIPADV_H_CSEQ].first, &m->cseq_seq,
                                   &m->cseq_method, &m->cseq_method_name);
}

static GPtrArray *items_of(proto_tree *tree, int hfid)
{
    return hfid >= 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;
}

static unsigned add_message_items(packet_info *pinfo, GPtrArray *items, bool only_sip_like,
                                  sip_message *msgs, unsigned n)
{
    for (unsigned i = 0; items != NULL && i < items->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(items, i);
        if (only_sip_like && !starts_with_sip_version(fi))
            continue;
        memset(&msgs[n], 0, sizeof(msgs[n]));
        msgs[n].sip = fi;
        msgs[n].undissected = only_sip_like;
        read_message(pinfo, &msgs[n]);
        n++;
    }
    return n;
}

/* However many messages a frame holds, all are read: the array comes from the packet's
 * scope, sized by the items found. */
sip_message *sipadv_read_messages(packet_info *pinfo, proto_tree *tree, unsigned *count)
{
    GPtrArray *sips = items_of(tree, sip_hfids[SF_SIP]);
    GPtrArray *datas = items_of(tree, sip_hfids[SF_DATA]);
    GPtrArray *resends;
    unsigned most = (sips ? sips->len : 0) + (datas ? datas->len : 0), n;
    sip_message *msgs;

    *count = 0;
    if (most == 0)
        return NULL;
    msgs = wmem_alloc_array(pinfo->pool, sip_message, most);
    n = add_message_items(pinfo, sips, false, msgs, 0);
    n = add_message_items(pinfo, datas, true, msgs, n);
    resends = n > 0 ? items_of(tree, sip_hfids[SF_RESEND]) : NULL;
    for (unsigned i = 0; resends != NULL && i < resends->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(resends, i);
        sip_message *m = owner_of(msgs, n, fi);
        if (m != NULL && fi_true(fi))
            m->resend = true;
    }
    *count = n;
    return msgs;
}

/* Text for Wireshark from a span of the message: NULL when absent. Bytes that are not UTF-8
 * become U+FFFD, exactly as in Wireshark's own string fields. */
const char *msg_text(const sip_message *m, sipadv_span sp)
{
    if (sp.ptr == NULL || m->bytes == NULL)
        return NULL;
    /* Nearly every value is valid UTF-8 without NULs: then Wireshark's conversion would
     * copy it unchanged, and a plain copy is far cheaper. */
    if (g_utf8_validate(sp.ptr, (gssize)sp.len, NULL))
        return wmem_strndup(m->pool, sp.ptr, sp.len);
    return (const char *)tvb_get_string_enc(m->pool, m->tvb, m->start + (int)(sp.ptr - m->bytes),
                                            (int)sp.len, ENC_UTF_8);
}

bool has_header(const sip_message *m, sipadv_header_id h)
{
    return m->msg.headers[h].count > 0;
}

const char *header_text(const sip_message *m, sipadv_header_id h)
{
    return msg_text(m, m->msg.headers[h].first);
}

bool is_request(const sip_message *m)
{
    return !m->undissected && m->msg.kind == SIPADV_START_REQUEST;
}

const char *request_method(const sip_message *m)
{
    const char *known;

    if (!is_request(m))
        return NULL;
    known = sipadv_method_name(m->msg.method);
    return known ? known : msg_text(m, m->msg.method_name);
}

/* CSeq: its number (0 when missing) and its method's text (NULL when missing). */
unsigned cseq_number(const sip_message *m)
{
    return m->cseq_seq;
}

bool has_cseq_number(const sip_message *m)
{
    return m->cseq_ok;
}

const char *cseq_method(const sip_message *m)
{
    const char *known;

    if (m->cseq_method_name.ptr == NULL)
        return NULL;
    known = sipadv_method_name(m->cseq_method);
    return known ? known : msg_text(m, m->cseq_method_name);
}

/* Text used only as a key or for matching (Call-ID, tags, Request-URI): the bytes as they
 * are, without the UTF-8 repair display text needs. */
static const char *key_text(const sip_message *m, sipadv_span sp)
{
    return sp.ptr == NULL ? NULL : wmem_strndup(m->pool, sp.ptr, sp.len);
}

const char *call_id(const sip_message *m)
{
    return key_text(m, m->msg.headers[SIPADV_H_CALL_ID].first);
}

const char *from_tag(const sip_message *m)
{
    return key_text(m, sipadv_header_tag(m->msg.headers[SIPADV_H_FROM].first));
}

const char *to_tag(const sip_message *m)
{
    return key_text(m, sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first));
}

bool has_to_tag(const sip_message *m)
{
    return sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first).ptr != NULL;
}

const char *request_uri(const sip_message *m)
{
    return is_request(m) ? key_text(m, m->msg.request_uri) : NULL;
}

/* A NOTIFY's message/sipfrag status line. */
const char *sipfrag_line(const sip_message *m)
{
    return sipadv_msg_is_sipfrag(&m->msg) ? msg_text(m, sipadv_msg_body_first_line(&m->msg))
                                          : NULL;
}

#define MAX_HEADER_VALUE 2048 /* bytes of all instances of one header read for hints */

/* All instances of a header in one message, joined with ", " (RFC 3261 sec. 7.3.1 lets a
 * comma-separated list header be split over several lines, and back). */
const char *joined_header(const sip_message *m, sipadv_header_id h)
{
    wmem_strbuf_t *buf = NULL;
    sipadv_span v;
    size_t cursor = 0;

    if (m->msg.headers[h].count <= 1)
        return header_text(m, h);
    while (sipadv_msg_next(&m->msg, m->bytes, m->len, h, &cursor, &v)) {
        const char *text = msg_text(m, v);
        if (buf == NULL)
            buf = wmem_strbuf_new(m->pool, text);
        else if (wmem_strbuf_get_len(buf) < MAX_HEADER_VALUE)
            wmem_strbuf_append_printf(buf, ", %s", text);
    }
    return buf ? wmem_strbuf_get_str(buf) : NULL;
}

static const char *const known_methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

/* Methods are stored for replay. The usual ones share static strings; anything else is
 * copied (bounded) into file scope. */
const char *keep_method(const char *method)
{
    if (method == NULL || method[0] == '\0')
        return NULL;
    if (sipadv_is_method_name(method)) /* already one of the reader's static names */
        return method;
    for (unsigned i = 0; i < G_N_ELEMENTS(known_methods); i++) {
        if (strcmp(method, known_methods[i]) == 0)
            return known_methods[i];
    }
    return wmem_strndup(wmem_file_scope(), method, sipadv_utf8_cut(method, strlen(method), 32));
}
