/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A frame's SIP messages as the first pass sees them: where Wireshark found each one, and its
 * bytes, for sipadv_analyze. */
#ifndef SIPADV_READ_H
#define SIPADV_READ_H

#include "sipadv_glue.h"

/* One SIP message of the current frame: where Wireshark found it and its bytes. */
typedef struct {
    field_info *sip;               /* the message's protocol item (or a "data" item) */
    bool undissected;              /* from "data": only a malformed status line counts */
    bool resend;                   /* SIP called it a retransmission (sip.resend) */
    bool nested;                   /* inside another message's body (message/sip): content
                                    * the sender carried, not a message on the wire */
    tvbuff_t *tvb;                 /* the item's data source */
    int start;                     /* where its bytes begin in tvb */
    const char *bytes;             /* len bytes of tvb from start */
    size_t len;
} sip_message;

/* The frame's SIP messages; *count of them, in pinfo->pool. NULL when there is none. */
sip_message *sipadv_read_messages(packet_info *pinfo, proto_tree *tree, unsigned *count);

#endif
