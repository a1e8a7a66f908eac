/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A frame's SIP messages as the first pass sees them: where Wireshark found each one, and
 * what sipadv_msg read from its bytes, with accessors that turn spans into Wireshark text. */
#ifndef SIPADV_READ_H
#define SIPADV_READ_H

#include "sipadv_glue.h"
#include "sipadv_msg.h"

/* One SIP message of the current frame, as read on the first pass. Values are spans into
 * `bytes`; text for Wireshark (fields, labels) is made from them by msg_text(). */
typedef struct {
    field_info *sip;               /* the message's protocol item (or a "data" item) */
    bool undissected;              /* from "data": only a malformed status line counts */
    bool resend;                   /* sip.resend was true */
    guint32 frame;
    wmem_allocator_t *pool;        /* the packet's scope */
    tvbuff_t *tvb;                 /* the item's data source */
    int start;                     /* where its bytes begin in tvb */
    const char *bytes;             /* len bytes of tvb from start */
    size_t len;
    sipadv_msg msg;
    bool cseq_ok;                  /* CSeq, read once: a number was there */
    uint32_t cseq_seq;
    sipadv_method cseq_method;
    sipadv_span cseq_method_name;
    sipadv_capture *cap;           /* the capture it belongs to */
    double now;                    /* its frame's time (sipadv_frame_time) */
} sip_message;
/* The frame's SIP messages, each read by sipadv_msg; *count of them, in pinfo->pool.
 * NULL when there is none. */
sip_message *sipadv_read_messages(packet_info *pinfo, proto_tree *tree, unsigned *count);

bool has_header(const sip_message *m, sipadv_header_id h);
const char *header_text(const sip_message *m, sipadv_header_id h);
const char *joined_header(const sip_message *m, sipadv_header_id h);
const char *msg_text(const sip_message *m, sipadv_span sp);
bool is_request(const sip_message *m);
const char *request_method(const sip_message *m);
unsigned cseq_number(const sip_message *m);
bool has_cseq_number(const sip_message *m);
const char *cseq_method(const sip_message *m);
const char *call_id(const sip_message *m);
const char *from_tag(const sip_message *m);
const char *to_tag(const sip_message *m);
bool has_to_tag(const sip_message *m);
const char *request_uri(const sip_message *m);
const char *sipfrag_line(const sip_message *m);
const char *keep_method(const char *method);

#endif
