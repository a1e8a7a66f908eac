/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first pass: each SIP message of a frame goes through sipadv_analyze (plain C, with
 * the capture's state), and what is worth keeping becomes an entry of the frame's record,
 * its texts copied to file scope. Only Wireshark's side lives here: where the messages
 * are, their addresses, and memory scopes. */
#include "sipadv_read.h"

#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_msg.h"

#define ENDPOINT_LEN 72 /* type, length, up to 64 address bytes, port */

/* An endpoint as bytes that tell endpoints apart (the transaction table compares them and
 * never shows them): the address type and bytes, then the port. Packing them costs a few
 * stores, where printing "address:port" cost hundreds of instructions per message. */
static sipadv_span endpoint(uint8_t buf[ENDPOINT_LEN], const address *addr, guint32 port)
{
    size_t n = addr->len > 0 && addr->data != NULL ? MIN((size_t)addr->len, 64) : 0;

    buf[0] = (uint8_t)addr->type;
    buf[1] = (uint8_t)n;
    if (n > 0)
        memcpy(buf + 2, addr->data, n);
    buf[2 + n] = (uint8_t)(port >> 8);
    buf[3 + n] = (uint8_t)port;
    return (sipadv_span){ (const char *)buf, n + 4 };
}

static const char *keep_text(const char *text)
{
    return text ? wmem_strdup(wmem_file_scope(), text) : NULL;
}

/* The analysis's texts live until its next call: the record keeps its own copies. */
static void keep_entry(const sipadv_entry *fresh, stored_message *kept)
{
    *kept = *fresh;
    kept->method_text = keep_text(fresh->method_text);
    kept->detail = keep_text(fresh->detail);
    kept->hints = NULL;
    if (fresh->hint_count > 0) {
        kept->hints = wmem_alloc_array(wmem_file_scope(), const char *, fresh->hint_count);
        for (unsigned i = 0; i < fresh->hint_count; i++)
            kept->hints[i] = wmem_strdup(wmem_file_scope(), fresh->hints[i]);
    }
}

frame_record *sipadv_extract_frame(sipadv_capture *cap, packet_info *pinfo, proto_tree *tree,
                                   double now)
{
    unsigned n, count = 0;
    sip_message *msgs = sipadv_read_messages(pinfo, tree, &n);
    uint8_t sender_buf[ENDPOINT_LEN], receiver_buf[ENDPOINT_LEN];
    sipadv_span sender, receiver;
    frame_record *rec;

    if (n == 0)
        return NULL;
    rec = (frame_record *)wmem_alloc(pinfo->pool, sizeof(*rec) + n * sizeof(stored_message));
    sender = endpoint(sender_buf, &pinfo->src, pinfo->srcport);
    receiver = endpoint(receiver_buf, &pinfo->dst, pinfo->destport);
    for (unsigned i = 0; i < n; i++) {
        sipadv_entry fresh;
        if (msgs[i].nested)
            continue;
        sipadv_message_in in = {
            .bytes = msgs[i].bytes, .len = msgs[i].len,
            .frame = pinfo->num, .time = now,
            .resend = msgs[i].resend, .undissected = msgs[i].undissected,
            .sender = sender, .receiver = receiver,
        };
        if (sipadv_analyze(&cap->state, &in, &fresh))
            keep_entry(&fresh, &rec->messages[count++]);
    }
    rec->count = count;
    return count > 0 ? rec : NULL;
}
