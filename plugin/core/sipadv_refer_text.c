/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sentences about transfers. Kept apart from the glue so they are unit-tested. */
#include "sipadv_refer_text.h"

#include <stdio.h>

#include "sipadv_chars.h"
#include "sipadv_codes.h"
#include "sipadv_refer_impl.h"

void sipadv_status_words(char *buf, size_t size, unsigned code)
{
    const sipadv_code_entry *e = sipadv_lookup_registered(code);

    if (e != NULL)
        snprintf(buf, size, "%u %.*s", code, (int)sipadv_sent_phrase_len(e), e->phrase);
    else
        snprintf(buf, size, "%u (unregistered)", code);
}

/* `instance`: may the sentence name this transfer's own frames and seconds? Expert
 * summaries must not (see sipadv_transfer_finding). */
static void explain_pending(char *buf, size_t size, const sipadv_transfer *tr,
                            const sipadv_outcome *o, double timeout, bool complete,
                            bool instance)
{
    char last[64], ended[64];

    if (!complete) {
        snprintf(buf, size, "outcome not known yet at this frame; reading the whole capture "
                            "(tshark -2, or the GUI) gives the verdict");
        return;
    }
    if (instance)
        snprintf(ended, sizeof(ended), "the capture ended %.1f s after the REFER", o->waited);
    else
        snprintf(ended, sizeof(ended), "the capture ended");
    if (sipadv_is_challenge(tr->response_code)) {
        sipadv_status_words(last, sizeof(last), tr->response_code);
        snprintf(buf, size, "REFER challenged with %s; %s, before a retry with credentials "
                            "or the %.0f s timeout: the outcome is unknown, not failed",
                 last, ended, timeout);
        return;
    }
    /* Require: explicitsub: the clock is the referrer's own SUBSCRIBE's, once it came. */
    if (tr->no_subscription_by == SIPADV_NOSUB_EXPLICIT && tr->notify_count == 0) {
        snprintf(buf, size, "%s, before %s or the %.0f s timeout: the outcome is unknown, "
                            "not failed", ended,
                 tr->subscribe_frame ? "the referrer's SUBSCRIBE got a NOTIFY"
                                     : "the referrer subscribed (Require: explicitsub)",
                 timeout);
        return;
    }
    if (tr->last_sipfrag_code != 0) {
        sipadv_status_words(last, sizeof(last), tr->last_sipfrag_code);
        snprintf(buf, size, "the last NOTIFY reported %s; %s, before a final status arrived",
                 last, ended);
        return;
    }
    /* NOTIFYs came, but none had a status line to read: the timeout no longer applies. */
    if (tr->notify_count > 0) {
        snprintf(buf, size, "no NOTIFY reported a readable status; %s, before a final status "
                            "arrived: the outcome is unknown, not failed", ended);
        return;
    }
    snprintf(buf, size, "%s, before the %.0f s timeout: the outcome is unknown, not failed",
             ended, timeout);
}

/* No implicit subscription: say which mechanism granted that, since each tells the user
 * something different about where the outcome could have been seen. */
static void explain_no_subscription(char *buf, size_t size, const sipadv_transfer *tr,
                                    const char *resp)
{
    switch (tr->no_subscription_by) {
    case SIPADV_NOSUB_REQUIRE:
        snprintf(buf, size, "%s to a REFER with Require: nosub (RFC 7614, no subscription): "
                            "no NOTIFY is due, so the capture cannot show whether the transfer "
                            "worked", resp);
        break;
    case SIPADV_NOSUB_EXPLICIT:
        snprintf(buf, size, "%s to a REFER with Require: explicitsub (RFC 7614 sec. 4): no "
                            "implicit subscription; the referrer subscribes itself, and %s",
                 resp, tr->events_at_given ? "no such SUBSCRIBE is in the capture"
                                           : "the 2xx gave no Refer-Events-At to subscribe to");
        break;
    case SIPADV_NOSUB_REFER_SUB:
    default:
        snprintf(buf, size, "%s with Refer-Sub: false (no subscription): no NOTIFY is due, so "
                            "the capture cannot show whether the transfer worked", resp);
        break;
    }
}

/* Decided without a final status in any NOTIFY: the subscription ended early. */
static void explain_ended_early(char *buf, size_t size, const sipadv_transfer *tr,
                                const sipadv_outcome *o)
{
    char res[64];

    if (o->by_invite) {
        sipadv_status_words(res, sizeof(res), o->result);
        snprintf(buf, size, "the subscription ended without a final status, but the triggered "
                            "INVITE got %s%s", res,
                 o->verdict == SIPADV_VERDICT_SUCCEEDED ? ": the transferee reached the target"
                                                        : "");
    } else if (o->verdict == SIPADV_VERDICT_UNREPORTED && tr->terminated_noresource) {
        snprintf(buf, size, "the referee ended the subscription without reporting a final "
                            "status (allowed, RFC 3515 sec. 2.4.4); the outcome is unknown");
    } else if (o->verdict == SIPADV_VERDICT_FAILED && tr->terminated_rejected) {
        snprintf(buf, size, "the referee ended the subscription with reason=rejected before "
                            "any final status: it refused the transfer after accepting it "
                            "(RFC 3515 sec. 2.4.7)");
    } else if (o->verdict == SIPADV_VERDICT_UNREPORTED) {
        snprintf(buf, size, "the referee ended the subscription%s%s without reporting a final "
                            "status; the outcome is unknown",
                 tr->terminated_reason ? " with reason=" : "",
                 tr->terminated_reason ? tr->terminated_reason : "");
    } else {
        snprintf(buf, size, "the subscription was terminated%s%s without a final status: "
                            "the transfer's outcome was never reported",
                 tr->terminated_reason ? " with reason=" : "",
                 tr->terminated_reason ? tr->terminated_reason : "");
    }
}

static void explain(char *buf, size_t size, const sipadv_transfer *tr,
                    const sipadv_outcome *o, double timeout, bool complete, bool instance)
{
    char resp[64], res[64];

    sipadv_status_words(resp, sizeof(resp), tr->response_code);
    sipadv_status_words(res, sizeof(res), o->result);

    switch (o->verdict) {
    case SIPADV_VERDICT_SUCCEEDED:
        if (o->by_invite)
            explain_ended_early(buf, size, tr, o);
        else
            snprintf(buf, size, "the NOTIFY reported %s: the transferee reached the target",
                     res);
        break;
    case SIPADV_VERDICT_UNREPORTED:
        explain_ended_early(buf, size, tr, o);
        break;
    case SIPADV_VERDICT_FAILED:
        if (o->result == 0 || o->by_invite)
            explain_ended_early(buf, size, tr, o);
        else if (tr->response_code >= 200 && tr->response_code < 300)
            sipadv_accepted_then_failed(buf, size, tr);
        else
            snprintf(buf, size, "the transfer failed with %s", res);
        break;
    case SIPADV_VERDICT_REJECTED:
        if (sipadv_is_challenge(tr->response_code))
            snprintf(buf, size, "REFER challenged with %s and not retried within %.0f s: the "
                                "transfer died silently", resp, timeout);
        else
            snprintf(buf, size, "REFER rejected with %s: the transfer was never attempted",
                     resp);
        break;
    case SIPADV_VERDICT_CHALLENGED:
        if (instance)
            snprintf(buf, size, "REFER challenged with %s and retried with credentials in "
                                "frame %u, which carries its own verdict", resp, tr->retry_frame);
        else
            snprintf(buf, size, "REFER challenged with %s and retried with credentials; the "
                                "retry carries its own verdict", resp);
        break;
    case SIPADV_VERDICT_NO_NOTIFY:
        if (tr->no_subscription_by == SIPADV_NOSUB_EXPLICIT)
            snprintf(buf, size, "%s to a REFER with Require: explicitsub; the referrer's "
                                "SUBSCRIBE got no NOTIFY within %.0f s: the outcome was never "
                                "reported", resp, timeout);
        else if (instance)
            snprintf(buf, size, "%s, but no NOTIFY arrived within %.0f s although the capture "
                                "went on %.1f s after the REFER: the outcome was never reported",
                     resp, timeout, o->waited);
        else
            snprintf(buf, size, "%s, but no NOTIFY arrived within %.0f s: the outcome was never "
                                "reported", resp, timeout);
        break;
    case SIPADV_VERDICT_UNANSWERED:
        if (instance)
            snprintf(buf, size, "no final response to the REFER within %.0f s although the "
                                "capture went on %.1f s after it", timeout, o->waited);
        else
            snprintf(buf, size, "no final response to the REFER within %.0f s", timeout);
        break;
    case SIPADV_VERDICT_NO_SUBSCRIPTION:
        explain_no_subscription(buf, size, tr, resp);
        break;
    case SIPADV_VERDICT_PENDING:
    default:
        explain_pending(buf, size, tr, o, timeout, complete, instance);
        break;
    }
    /* A terminated reason is packet text: a short buffer must not end mid-character. */
    if (size > 0)
        sipadv_utf8_trim_partial(buf);
}

void sipadv_transfer_explain(char *buf, size_t size, const sipadv_transfer *tr,
                             const sipadv_outcome *o, double timeout, bool complete)
{
    explain(buf, size, tr, o, timeout, complete, true);
}

void sipadv_transfer_finding(char *buf, size_t size, const sipadv_transfer *tr,
                             const sipadv_outcome *o, double timeout, bool complete)
{
    explain(buf, size, tr, o, timeout, complete, false);
}

void sipadv_accepted_then_failed(char *buf, size_t size, const sipadv_transfer *tr)
{
    char resp[64], fin[64];

    sipadv_status_words(resp, sizeof(resp), tr->response_code);
    sipadv_status_words(fin, sizeof(fin), tr->final_code);
    snprintf(buf, size, "%s, then the transfer failed with %s", resp, fin);
}

bool sipadv_transfer_tag(char *buf, size_t size, const sipadv_transfer *tr,
                         const sipadv_outcome *o, bool complete)
{
    char words[64];

    if (size == 0)
        return false;
    buf[0] = '\0';
    switch (o->verdict) {
    case SIPADV_VERDICT_SUCCEEDED:
        snprintf(buf, size, "Transfer succeeded");
        break;
    case SIPADV_VERDICT_FAILED:
        if (o->result >= 300) {
            sipadv_status_words(words, sizeof(words), o->result);
            snprintf(buf, size, "Transfer failed: %s", words);
        } else {
            snprintf(buf, size, "Transfer failed");
        }
        break;
    case SIPADV_VERDICT_REJECTED:
        sipadv_status_words(words, sizeof(words), tr->response_code);
        snprintf(buf, size, "Transfer rejected: %s", words);
        break;
    case SIPADV_VERDICT_NO_NOTIFY:
        snprintf(buf, size, "No NOTIFY");
        break;
    case SIPADV_VERDICT_UNANSWERED:
        snprintf(buf, size, "REFER unanswered");
        break;
    case SIPADV_VERDICT_NO_SUBSCRIPTION:
        snprintf(buf, size, "Transfer not confirmed: no subscription");
        break;
    case SIPADV_VERDICT_UNREPORTED:
        snprintf(buf, size, "Transfer outcome not reported");
        break;
    case SIPADV_VERDICT_PENDING:
        if (complete)
            snprintf(buf, size, "Transfer still pending at end of capture");
        break;
    case SIPADV_VERDICT_CHALLENGED:
    default:
        break;
    }
    return buf[0] != '\0';
}
