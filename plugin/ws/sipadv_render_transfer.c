/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every pass: a transfer's verdict, links and findings on each of its messages. */
#include "sipadv_glue.h"

#include <string.h>

#include <epan/expert.h>

#include "sipadv_codes.h"
#include "sipadv_refer_text.h"
#include "sipadv_tree.h"

static int hf_sipadv_refer_verdict = -1;
static int hf_sipadv_refer_result = -1;
static int hf_sipadv_refer_summary = -1;
static int hf_sipadv_refer_request_frame = -1;
static int hf_sipadv_refer_response_frame = -1;
static int hf_sipadv_refer_notify_frame = -1;
static int hf_sipadv_refer_notify_count = -1;
static int hf_sipadv_refer_refer_to = -1;
static int hf_sipadv_refer_duration = -1;
static int hf_sipadv_refer_id = -1;
static int hf_sipadv_refer_sipfrag = -1;
static int hf_sipadv_refer_notify_resend = -1;
static int hf_sipadv_refer_retry_frame = -1;
static int hf_sipadv_refer_invite_frame = -1;
static int hf_sipadv_refer_subscribe_frame = -1;
static int hf_sipadv_refer_invite_result = -1;
static int hf_sipadv_refer_triggered_by = -1;
static int hf_sipadv_refer_outcome = -1;
static int hf_sipadv_refer_outcome_phrase = -1;
static int hf_sipadv_refer_outcome_meaning = -1;
static int hf_sipadv_refer_outcome_remedy = -1;

static int ett_transfer = -1;
static int ett_outcome = -1;

static expert_field ei_refer_succeeded = EI_INIT;
static expert_field ei_refer_failed = EI_INIT;
static expert_field ei_refer_accepted_then_failed = EI_INIT;
static expert_field ei_refer_rejected = EI_INIT;
static expert_field ei_refer_challenge_abandoned = EI_INIT;
static expert_field ei_refer_challenged = EI_INIT;
static expert_field ei_refer_no_notify = EI_INIT;
static expert_field ei_refer_unanswered = EI_INIT;
static expert_field ei_refer_no_subscription = EI_INIT;
static expert_field ei_refer_unreported = EI_INIT;
static expert_field ei_refer_capture_ended = EI_INIT;
static expert_field ei_refer_orphan_notify = EI_INIT;
static expert_field ei_refer_trigger_unchecked = EI_INIT;
static expert_field ei_refer_ambiguous_notify = EI_INIT;
static expert_field ei_refer_notify_despite_no_sub = EI_INIT;
static expert_field ei_refer_bad_termination = EI_INIT;
static expert_field ei_refer_left_active = EI_INIT;
static expert_field ei_refer_bad_sipfrag = EI_INIT;
static expert_field ei_refer_invite_disagrees = EI_INIT;

/* The sipfrag's final status is the transfer's real outcome: explain it like a response. */
static void add_outcome_explanation(proto_tree *t, tvbuff_t *tvb, unsigned code)
{
    sipadv_advice adv;
    char words[64];
    proto_tree *sub;

    sipadv_advise(code, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &adv);
    sipadv_status_words(words, sizeof(words), code);
    sub = proto_tree_add_subtree_format(t, tvb, 0, 0, ett_outcome, NULL,
                                        "Transfer outcome: %s (%s)", words,
                                        sipadv_class_name(adv.cls));
    add_uint(sub, hf_sipadv_refer_outcome, tvb, code);
    add_text(sub, hf_sipadv_refer_outcome_phrase, tvb, adv.phrase);
    add_text(sub, hf_sipadv_refer_outcome_meaning, tvb, adv.meaning);
    add_text(sub, hf_sipadv_refer_outcome_remedy, tvb, adv.remedy);
}

static void add_transfer_fields(proto_tree *t, tvbuff_t *tvb, const sipadv_transfer *tr,
                                const sipadv_outcome *o, const char *explanation)
{
    proto_item_set_generated(proto_tree_add_string(t, hf_sipadv_refer_verdict, tvb, 0, 0,
                                                   sipadv_verdict_name(o->verdict)));
    if (o->result != 0)
        add_uint(t, hf_sipadv_refer_result, tvb, o->result);
    add_text(t, hf_sipadv_refer_summary, tvb, explanation);
    add_frame(t, hf_sipadv_refer_request_frame, tvb, tr->refer_frame);
    add_frame(t, hf_sipadv_refer_response_frame, tvb, tr->response_frame);
    /* The list is cut to keep a hostile capture from growing it; the cut is said, before
     * the list, where a reader sees it without scrolling through 64 frames. */
    if (tr->notify_count > SIPADV_MAX_NOTIFY_FRAMES)
        add_uint(t, hf_sipadv_refer_notify_count, tvb, tr->notify_count);
    for (unsigned i = 0; i < tr->notify_count && i < SIPADV_MAX_NOTIFY_FRAMES; i++)
        add_frame(t, hf_sipadv_refer_notify_frame, tvb, tr->notify_frames[i]);
    add_text(t, hf_sipadv_refer_refer_to, tvb, tr->refer_to);
    add_uint(t, hf_sipadv_refer_id, tvb, tr->cseq);
    if (tr->final_notify_frame != 0)
        add_seconds(t, hf_sipadv_refer_duration, tvb, tr->final_notify_time - tr->refer_time);
    if (o->verdict == SIPADV_VERDICT_CHALLENGED)
        add_frame(t, hf_sipadv_refer_retry_frame, tvb, tr->retry_frame);
    add_frame(t, hf_sipadv_refer_subscribe_frame, tvb, tr->subscribe_frame);
    add_frame(t, hf_sipadv_refer_invite_frame, tvb, tr->invite_frame);
    if (tr->invite_code != 0)
        add_uint(t, hf_sipadv_refer_invite_result, tvb, tr->invite_code);
}

static bool is_success(unsigned code)
{
    return code >= 200 && code < 300;
}

/* The verdict's expert item, raised once per transfer, on its REFER. */
static void raise_verdict(packet_info *pinfo, proto_item *ti, const sipadv_transfer *tr,
                          const sipadv_outcome *o, bool complete, unsigned timeout)
{
    expert_field *ei = NULL;
    char finding[400];

    switch (o->verdict) {
    case SIPADV_VERDICT_SUCCEEDED:
        ei = &ei_refer_succeeded;
        break;
    case SIPADV_VERDICT_FAILED:
        ei = &ei_refer_failed;
        break;
    case SIPADV_VERDICT_REJECTED:
        ei = (tr->response_code == 401 || tr->response_code == 407)
                 ? &ei_refer_challenge_abandoned : &ei_refer_rejected;
        break;
    case SIPADV_VERDICT_CHALLENGED:
        ei = &ei_refer_challenged;
        break;
    case SIPADV_VERDICT_NO_NOTIFY:
        ei = &ei_refer_no_notify;
        break;
    case SIPADV_VERDICT_UNANSWERED:
        ei = &ei_refer_unanswered;
        break;
    case SIPADV_VERDICT_NO_SUBSCRIPTION:
        ei = &ei_refer_no_subscription;
        break;
    case SIPADV_VERDICT_UNREPORTED:
        ei = &ei_refer_unreported;
        break;
    case SIPADV_VERDICT_PENDING:
        /* While the first pass is still reading, "pending" is no finding. */
        ei = complete ? &ei_refer_capture_ended : NULL;
        break;
    }
    if (ei != NULL) {
        /* Frames and seconds stay in the tree (sipadv.refer.summary): see the header. */
        sipadv_transfer_finding(finding, sizeof(finding), tr, o, (double)timeout,
                                complete);
        expert_add_info_format(pinfo, ti, ei, "Transfer %s: %s",
                               sipadv_verdict_name(o->verdict), finding);
    }

    if (tr->invite_code >= 200 && tr->final_code >= 200 &&
        is_success(tr->invite_code) != is_success(tr->final_code)) {
        char nf[64], inv[64];
        sipadv_status_words(nf, sizeof(nf), tr->final_code);
        sipadv_status_words(inv, sizeof(inv), tr->invite_code);
        expert_add_info_format(pinfo, ti, &ei_refer_invite_disagrees,
                               "The NOTIFY reported %s but the triggered INVITE got %s", nf,
                               inv);
    }
}

static void raise_notify_findings(packet_info *pinfo, proto_item *ti, const stored_message *e,
                                  const sipadv_transfer *tr, double now, bool complete,
                                  unsigned timeout)
{
    unsigned f = e->link_flags;

    if (f & SIPADV_NOTIFY_AMBIGUOUS)
        expert_add_info_format(pinfo, ti, &ei_refer_ambiguous_notify,
                               "NOTIFY without an id while several REFERs are outstanding in "
                               "the dialog: taken for the first one (sipadv.refer.request_frame)");
    if (f & SIPADV_NOTIFY_DESPITE_NO_SUB)
        expert_add_info(pinfo, ti, &ei_refer_notify_despite_no_sub);
    if (f & SIPADV_NOTIFY_BAD_TERMINATION)
        expert_add_info_format(pinfo, ti, &ei_refer_bad_termination,
                               "Subscription terminated with reason=%s, not noresource "
                               "(RFC 3515 sec. 2.4.7)",
                               tr->terminated_reason ? tr->terminated_reason : "(none)");
    if (f & SIPADV_NOTIFY_BAD_SIPFRAG)
        expert_add_info(pinfo, ti, &ei_refer_bad_sipfrag);
    if (complete && pinfo->num == tr->final_notify_frame && !tr->terminated &&
        now - tr->final_notify_time > timeout)
        expert_add_info_format(pinfo, ti, &ei_refer_left_active,
                               "Final status reported, but no NOTIFY ended the subscription "
                               "within %u s (Subscription-State stayed active)",
                               timeout);
}

static void render_orphan_notify(const sipadv_capture *cap, sipadv_view *v)
{
    proto_item *ti = proto_tree_add_item(v->tree, proto_sipadv, v->tvb, 0, 0, ENC_NA);

    proto_item_set_text(ti, "SIP Response Advisor: NOTIFY (Event: refer) matches no REFER "
                            "in the capture");
    expert_add_info(v->pinfo, ti, &ei_refer_orphan_notify);
    sipadv_info_tag(v, cap->prefs->info_tags, "NOTIFY matches no REFER");
}

/* The tracker's one limit, said where it applied: an INVITE compared with the first
 * SIPADV_TRIGGER_SCAN_LIMIT open transfers to its target only. */
static void render_unchecked_invite(const sipadv_capture *cap, sipadv_view *v)
{
    proto_item *ti = proto_tree_add_item(v->tree, proto_sipadv, v->tvb, 0, 0, ENC_NA);

    proto_item_set_text(ti, "SIP Response Advisor: INVITE compared with %d of the open "
                            "transfers to its target only", SIPADV_TRIGGER_SCAN_LIMIT);
    expert_add_info_format(v->pinfo, ti, &ei_refer_trigger_unchecked,
                           "More than %d transfers to this INVITE's target are open: it was "
                           "compared with the oldest %d only, so a transfer among the others "
                           "may have triggered it", SIPADV_TRIGGER_SCAN_LIMIT,
                           SIPADV_TRIGGER_SCAN_LIMIT);
    sipadv_info_tag(v, cap->prefs->info_tags, "Trigger not checked");
}

/* The REFER, its final response and the NOTIFY that decided it carry the verdict's tag. */
static void tag_transfer(const sipadv_capture *cap, sipadv_view *v, const stored_message *e,
                         const sipadv_transfer *tr, const sipadv_outcome *o, bool complete)
{
    packet_info *pinfo = v->pinfo;
    char tag[96];
    bool deciding = (e->role == SIPADV_ROLE_REFER && pinfo->num == tr->refer_frame) ||
                    (e->role == SIPADV_ROLE_RESPONSE && pinfo->num == tr->response_frame) ||
                    (e->role == SIPADV_ROLE_NOTIFY && pinfo->num == tr->final_notify_frame);

    if (deciding && cap->prefs->info_tags && pinfo->cinfo != NULL &&
        sipadv_transfer_tag(tag, sizeof(tag), tr, o, complete))
        sipadv_info_tag(v, true, tag);
}

void sipadv_render_transfer(const sipadv_capture *cap, sipadv_view *v, const stored_message *e)
{
    proto_tree *tree = v->tree;
    packet_info *pinfo = v->pinfo;
    tvbuff_t *tvb = v->tvb;
    const sipadv_transfer *tr = sipadv_tracker_get(cap->state.tracker, e->transfer);
    bool complete = PINFO_FD_VISITED(pinfo);
    double now = sipadv_verdict_time(cap, pinfo);
    unsigned timeout = cap->prefs->refer_timeout;
    sipadv_outcome o;
    char explanation[400];
    proto_item *ti;
    proto_tree *t;

    if (tr == NULL) {
        if (e->link_flags & SIPADV_NOTIFY_ORPHAN)
            render_orphan_notify(cap, v);
        if (e->link_flags & SIPADV_INVITE_TRIGGER_UNCHECKED)
            render_unchecked_invite(cap, v);
        return;
    }
    o = sipadv_transfer_outcome(tr, now, (double)timeout);
    if (!sipadv_tree_wanted(tree, proto_sipadv) && !sipadv_expert_wanted(v, proto_sipadv)) {
        /* Nobody reads the items or the findings' texts: only the Info tag shows. */
        if (e->role != SIPADV_ROLE_INVITE && e->role != SIPADV_ROLE_INVITE_RESPONSE &&
            !(e->role == SIPADV_ROLE_RESPONSE && e->code < 200))
            tag_transfer(cap, v, e, tr, &o, complete);
        return;
    }
    sipadv_transfer_explain(explanation, sizeof(explanation), tr, &o,
                            (double)timeout, complete);

    if (e->role == SIPADV_ROLE_INVITE || e->role == SIPADV_ROLE_INVITE_RESPONSE) {
        ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
        proto_item_set_text(ti, "SIP Response Advisor: INVITE triggered by the REFER in frame %u",
                            tr->refer_frame);
        t = proto_item_add_subtree(ti, ett_transfer);
        add_frame(t, hf_sipadv_refer_triggered_by, tvb, tr->refer_frame);
        return;
    }
    /* Provisional answers to a REFER (100 Trying) carry no part of the outcome. */
    if (e->role == SIPADV_ROLE_RESPONSE && e->code < 200)
        return;

    tag_transfer(cap, v, e, tr, &o, complete);
    ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "SIP Response Advisor: call transfer %s: %s",
                        sipadv_verdict_name(o.verdict), explanation);
    t = proto_item_add_subtree(ti, ett_transfer);
    add_transfer_fields(t, tvb, tr, &o, explanation);

    switch (e->role) {
    case SIPADV_ROLE_REFER:
        if (pinfo->num == tr->refer_frame)
            raise_verdict(pinfo, ti, tr, &o, complete, timeout);
        break;
    case SIPADV_ROLE_RESPONSE:
        if (pinfo->num == tr->response_frame && o.verdict == SIPADV_VERDICT_FAILED &&
            is_success(tr->response_code) && tr->final_code >= 300) {
            sipadv_accepted_then_failed(explanation, sizeof(explanation), tr);
            expert_add_info_format(pinfo, ti, &ei_refer_accepted_then_failed,
                                   "Accepted is not completed: %s", explanation);
        }
        break;
    case SIPADV_ROLE_NOTIFY:
        if (e->sipfrag_code != 0)
            add_uint(t, hf_sipadv_refer_sipfrag, tvb, e->sipfrag_code);
        /* SIP's own verdict: the tracker counted the original only, so say why this
         * NOTIFY is missing from the transfer's list. */
        if (e->link_flags & SIPADV_NOTIFY_RESEND)
            add_bool(t, hf_sipadv_refer_notify_resend, tvb, true);
        if (pinfo->num == tr->final_notify_frame)
            add_outcome_explanation(t, tvb, tr->final_code);
        raise_notify_findings(pinfo, ti, e, tr, now, complete, timeout);
        break;
    default:
        break;
    }
}

void sipadv_render_transfer_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_sipadv_refer_verdict, { "Transfer verdict", "sipadv.refer.verdict", FT_STRING,
                                      BASE_NONE,
                                      NULL, 0x0,
                                      "succeeded, failed, rejected, challenged, no-notify, "
                                      "unanswered, no-subscription, unreported or pending",
                                      HFILL } },
        { &hf_sipadv_refer_result, { "Deciding status", "sipadv.refer.result", FT_UINT16, BASE_DEC,
                                     NULL, 0x0, "The status that decided the verdict: the final "
                                     "sipfrag status, the REFER's response code, or the triggered "
                                     "INVITE's final response when no NOTIFY reported one",
                                     HFILL } },
        { &hf_sipadv_refer_summary, { "Summary", "sipadv.refer.summary", FT_STRING, BASE_NONE, NULL,
                                      0x0, "The transfer's outcome in one sentence", HFILL } },
        { &hf_sipadv_refer_request_frame, { "REFER in frame", "sipadv.refer.request_frame",
                                            FT_FRAMENUM, BASE_NONE,
                                            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, NULL,
                                            HFILL } },
        { &hf_sipadv_refer_response_frame, { "Final response in frame",
                                             "sipadv.refer.response_frame",
                                             FT_FRAMENUM, BASE_NONE,
                                             FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, NULL,
                                             HFILL } },
        { &hf_sipadv_refer_notify_frame, { "NOTIFY in frame", "sipadv.refer.notify_frame",
                                           FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                           "A NOTIFY that reported on the transfer (its "
                                           "implicit subscription, or the referrer's "
                                           "explicit one)",
                                           HFILL } },
        { &hf_sipadv_refer_notify_count, { "NOTIFYs in all (only the first "
                                           G_STRINGIFY(SIPADV_MAX_NOTIFY_FRAMES) " are listed)",
                                           "sipadv.refer.notify_count", FT_UINT32, BASE_DEC,
                                           NULL, 0x0,
                                           "Shown when the transfer had more NOTIFYs than "
                                           "the frames listed", HFILL } },
        { &hf_sipadv_refer_refer_to, { "Refer-To", "sipadv.refer.refer_to", FT_STRING, BASE_NONE,
                                       NULL, 0x0, "The transfer target (Refer-To of the REFER)",
                                       HFILL } },
        { &hf_sipadv_refer_duration, { "Duration", "sipadv.refer.duration", FT_RELATIVE_TIME,
                                       BASE_NONE, NULL, 0x0,
                                       "From the REFER to the NOTIFY with the final status",
                                       HFILL } },
        { &hf_sipadv_refer_id, { "Event id", "sipadv.refer.id", FT_UINT32, BASE_DEC, NULL, 0x0,
                                 "The REFER's CSeq number, used as Event: refer;id= (RFC 3515 "
                                 "sec. 2.4.6)", HFILL } },
        { &hf_sipadv_refer_sipfrag, { "Status in this NOTIFY", "sipadv.refer.sipfrag", FT_UINT16,
                                      BASE_DEC, NULL, 0x0,
                                      "Status line of this NOTIFY's message/sipfrag body",
                                      HFILL } },
        { &hf_sipadv_refer_retry_frame, { "Retried in frame", "sipadv.refer.retry_frame",
                                          FT_FRAMENUM,
                                          BASE_NONE, NULL, 0x0,
                                          "The REFER that retried this challenged one", HFILL } },
        { &hf_sipadv_refer_subscribe_frame, { "Explicit SUBSCRIBE in frame",
                                              "sipadv.refer.subscribe_frame", FT_FRAMENUM,
                                              BASE_NONE,
                                              NULL, 0x0,
                                              "Require: explicitsub (RFC 7614 sec. 4): the "
                                              "referrer's SUBSCRIBE to the Refer-Events-At URI, whose "
                                              "NOTIFYs report this transfer", HFILL } },
        { &hf_sipadv_refer_invite_frame, { "Triggered INVITE in frame", "sipadv.refer.invite_frame",
                                           FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                           "The INVITE the transferee sent to the Refer-To target",
                                           HFILL } },
        { &hf_sipadv_refer_invite_result, { "Triggered INVITE's final status",
                                            "sipadv.refer.invite_result", FT_UINT16, BASE_DEC, NULL,
                                            0x0, NULL, HFILL } },
        { &hf_sipadv_refer_notify_resend, { "Retransmitted NOTIFY", "sipadv.refer.notify_resend",
                                            FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                            "This NOTIFY repeats an earlier one (Wireshark's "
                                            "sip.resend): the transfer counts the original only",
                                            HFILL } },
        { &hf_sipadv_refer_triggered_by, { "Triggered by REFER in frame",
                                           "sipadv.refer.triggered_by",
                                           FT_FRAMENUM, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_sipadv_refer_outcome, { "Outcome status", "sipadv.refer.outcome", FT_UINT16, BASE_DEC,
                                      NULL, 0x0, "Final status reported by the NOTIFYs", HFILL } },
        { &hf_sipadv_refer_outcome_phrase, { "Outcome phrase", "sipadv.refer.outcome_phrase",
                                             FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_sipadv_refer_outcome_meaning, { "Outcome meaning", "sipadv.refer.outcome_meaning",
                                              FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_sipadv_refer_outcome_remedy, { "Outcome remedy", "sipadv.refer.outcome_remedy",
                                             FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    };
    static int *ett[] = { &ett_transfer, &ett_outcome };
    static ei_register_info ei[] = {
        { &ei_refer_succeeded, { "sipadv.refer.succeeded", PI_SEQUENCE, PI_CHAT,
                                 "Transfer succeeded", EXPFILL } },
        { &ei_refer_failed, { "sipadv.refer.failed", PI_SEQUENCE, PI_WARN,
                              "Transfer failed", EXPFILL } },
        { &ei_refer_accepted_then_failed, { "sipadv.refer.accepted_then_failed", PI_SEQUENCE,
                                            PI_WARN, "REFER accepted, then the transfer failed",
                                            EXPFILL } },
        { &ei_refer_rejected, { "sipadv.refer.rejected", PI_SEQUENCE, PI_WARN,
                                "REFER rejected", EXPFILL } },
        { &ei_refer_challenge_abandoned, { "sipadv.refer.challenge_abandoned", PI_SEQUENCE,
                                           PI_WARN, "REFER challenged and not retried within the timeout",
                                           EXPFILL } },
        { &ei_refer_challenged, { "sipadv.refer.challenged", PI_SEQUENCE, PI_CHAT,
                                  "REFER challenged and retried", EXPFILL } },
        { &ei_refer_no_notify, { "sipadv.refer.no_notify", PI_SEQUENCE, PI_ERROR,
                                 "REFER accepted but no NOTIFY within the timeout", EXPFILL } },
        { &ei_refer_unanswered, { "sipadv.refer.unanswered", PI_SEQUENCE, PI_ERROR,
                                  "REFER never answered", EXPFILL } },
        { &ei_refer_no_subscription, { "sipadv.refer.no_subscription", PI_SEQUENCE, PI_CHAT,
                                       "Transfer without subscription (Refer-Sub: false, "
                                       "nosub or explicitsub)", EXPFILL } },
        { &ei_refer_unreported, { "sipadv.refer.unreported", PI_SEQUENCE, PI_NOTE,
                                  "Subscription ended before a final status was reported",
                                  EXPFILL } },
        { &ei_refer_capture_ended, { "sipadv.refer.capture_ended", PI_SEQUENCE, PI_NOTE,
                                     "Capture ended before the transfer was decided",
                                     EXPFILL } },
        { &ei_refer_orphan_notify, { "sipadv.refer.orphan_notify", PI_SEQUENCE, PI_NOTE,
                                     "NOTIFY (Event: refer) for a REFER not in the capture: "
                                     "the capture probably started late", EXPFILL } },
        { &ei_refer_trigger_unchecked, { "sipadv.refer.trigger_unchecked", PI_SEQUENCE,
                                         PI_NOTE, "INVITE not compared with every open "
                                         "transfer to its target", EXPFILL } },
        { &ei_refer_ambiguous_notify, { "sipadv.refer.ambiguous_notify", PI_PROTOCOL, PI_WARN,
                                        "NOTIFY without id while several REFERs are "
                                        "outstanding", EXPFILL } },
        { &ei_refer_notify_despite_no_sub, { "sipadv.refer.notify_despite_no_subscription",
                                             PI_PROTOCOL, PI_NOTE,
                                             "NOTIFY although the 2xx granted Refer-Sub: false "
                                             "(RFC 4488)", EXPFILL } },
        { &ei_refer_bad_termination, { "sipadv.refer.bad_termination", PI_PROTOCOL, PI_WARN,
                                       "Refer subscription terminated badly", EXPFILL } },
        { &ei_refer_left_active, { "sipadv.refer.left_active", PI_PROTOCOL, PI_NOTE,
                                   "Final status reported but the subscription left active",
                                   EXPFILL } },
        { &ei_refer_bad_sipfrag, { "sipadv.refer.bad_sipfrag", PI_MALFORMED, PI_WARN,
                                   "NOTIFY (Event: refer) without a sipfrag status line "
                                   "(RFC 3515 sec. 2.4.5)", EXPFILL } },
        { &ei_refer_invite_disagrees, { "sipadv.refer.invite_disagrees", PI_SEQUENCE, PI_WARN,
                                        "The sipfrag and the triggered INVITE disagree",
                                        EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}
