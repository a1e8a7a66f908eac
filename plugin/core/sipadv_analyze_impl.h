/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the analysis's files share (sipadv_analyze.c: responses, requests, hints;
 * sipadv_analyze_transfer.c: the transfer tracker's events); not part of its interface. */
#ifndef SIPADV_ANALYZE_IMPL_H
#define SIPADV_ANALYZE_IMPL_H

#include "sipadv_analyze.h"
#include "sipadv_msg.h"

/* The message being analysed: what the glue gave, what the reader found, CSeq read once. */
typedef struct {
    const sipadv_message_in *in;
    sipadv_state *st;
    sipadv_msg msg;
    bool cseq_ok;
    uint32_t cseq_seq;
    sipadv_method cseq_method;
    sipadv_span cseq_method_name;
} analyzed_message;

static inline bool has_header(const analyzed_message *m, sipadv_header_id h)
{
    return m->msg.headers[h].count > 0;
}

/* A To tag: the request belongs to a dialog (a re-INVITE, a refreshing SUBSCRIBE). */
static inline bool has_to_tag(const analyzed_message *m)
{
    return sipadv_header_tag(m->msg.headers[SIPADV_H_TO].first).ptr != NULL;
}

/* Copies a tracker link into the entry. */
void sipadv_keep_link(sipadv_entry *out, sipadv_link link);
/* A response to a REFER or an INVITE, given to the tracker; its link kept in e. */
void sipadv_track_response(const analyzed_message *m, sipadv_entry *e);
/* A REFER, NOTIFY, INVITE or SUBSCRIBE given to the tracker (an anomaly of the NOTIFY
 * noted in e); other requests get no link. */
sipadv_link sipadv_track_request(const analyzed_message *m, sipadv_entry *e);

#endif
