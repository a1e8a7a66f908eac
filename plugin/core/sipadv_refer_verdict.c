/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A transfer's verdict, computed on demand from what the tracker recorded (see
 * sipadv_refer.h). */
#include "sipadv_refer.h"
#include "sipadv_refer_impl.h"

/* ---- verdicts ------------------------------------------------------------------------- */

const char *sipadv_verdict_name(sipadv_verdict v)
{
    switch (v) {
    case SIPADV_VERDICT_PENDING: return "pending";
    case SIPADV_VERDICT_SUCCEEDED: return "succeeded";
    case SIPADV_VERDICT_FAILED: return "failed";
    case SIPADV_VERDICT_REJECTED: return "rejected";
    case SIPADV_VERDICT_CHALLENGED: return "challenged";
    case SIPADV_VERDICT_NO_NOTIFY: return "no-notify";
    case SIPADV_VERDICT_UNANSWERED: return "unanswered";
    case SIPADV_VERDICT_NO_SUBSCRIPTION: return "no-subscription";
    case SIPADV_VERDICT_UNREPORTED: return "unreported";
    }
    return "pending";
}

bool sipadv_transfer_retried(const sipadv_transfer *tr, double timeout)
{
    return tr->retry_frame != 0 && tr->retry_time - tr->refer_time <= timeout;
}

static sipadv_outcome decided(sipadv_outcome o, sipadv_verdict v, unsigned result)
{
    o.verdict = v;
    o.result = result;
    return o;
}

/* The sipfrag's final status is the transfer's outcome. */
static bool sipfrag_decides(const sipadv_transfer *tr, sipadv_outcome *o)
{
    if (tr->final_code >= 300)
        *o = decided(*o, SIPADV_VERDICT_FAILED, tr->final_code);
    else if (sipadv_is_success(tr->final_code))
        *o = decided(*o, SIPADV_VERDICT_SUCCEEDED, tr->final_code);
    else
        return false;
    return true;
}

/* The subscription ended before any final status. The triggered INVITE's own final
 * response, when captured, is the outcome. Otherwise ending early is allowed (RFC 3515
 * sec. 2.4.4) and leaves the outcome unreported, whatever the reason says (a reason other
 * than noresource is flagged on its NOTIFY); only reason=rejected says the referee refused
 * the transfer after accepting it (sec. 2.4.7 lets a denial use the reason). */
static sipadv_outcome terminated_outcome(const sipadv_transfer *tr, sipadv_outcome o)
{
    o.by_invite = sipadv_is_final(tr->invite_code);
    if (o.by_invite)
        return decided(o, sipadv_is_success(tr->invite_code) ? SIPADV_VERDICT_SUCCEEDED
                                                      : SIPADV_VERDICT_FAILED,
                       tr->invite_code);
    if (tr->terminated_rejected)
        return decided(o, SIPADV_VERDICT_FAILED, 0);
    return decided(o, SIPADV_VERDICT_UNREPORTED, 0);
}

/* Require: explicitsub, and no NOTIFY yet: the referrer's own SUBSCRIBE is what creates a
 * subscription, and its Timer N (RFC 6665 sec. 4.1.2.4) runs from that SUBSCRIBE. Until
 * the timeout the SUBSCRIBE or its NOTIFY may still come. */
static sipadv_outcome explicit_subscription_outcome(const sipadv_transfer *tr,
                                                    sipadv_outcome o)
{
    double now = tr->refer_time + o.waited;

    if (tr->subscribe_frame != 0)
        return decided(o, now - tr->subscribe_time > o.timeout ? SIPADV_VERDICT_NO_NOTIFY
                                                               : SIPADV_VERDICT_PENDING, 0);
    if (tr->events_at_given && !o.timed_out)
        return decided(o, SIPADV_VERDICT_PENDING, 0);
    return decided(o, SIPADV_VERDICT_NO_SUBSCRIPTION, tr->response_code);
}

/* After a 2xx: the sipfrag decides; without it, the subscription's fate does. */
static sipadv_outcome accepted_outcome(const sipadv_transfer *tr, sipadv_outcome o)
{
    if (sipfrag_decides(tr, &o))
        return o;
    if (tr->terminated)
        return terminated_outcome(tr, o);
    if (tr->no_subscription_by == SIPADV_NOSUB_EXPLICIT && tr->notify_count == 0)
        return explicit_subscription_outcome(tr, o);
    if (tr->no_subscription && tr->notify_count == 0)
        return decided(o, SIPADV_VERDICT_NO_SUBSCRIPTION, tr->response_code);
    if (tr->notify_count == 0 && o.timed_out)
        return decided(o, SIPADV_VERDICT_NO_NOTIFY, 0);
    return decided(o, SIPADV_VERDICT_PENDING, 0);
}

sipadv_outcome sipadv_transfer_outcome(const sipadv_transfer *tr, double now, double timeout)
{
    sipadv_outcome o = { SIPADV_VERDICT_PENDING, 0, 0.0, false, false, 0.0 };

    if (tr == NULL)
        return o;
    o.waited = now - tr->refer_time;
    o.timed_out = o.waited > timeout;
    o.timeout = timeout;
    if (tr->response_code == 0) {
        /* The first NOTIFY may overtake the 2xx; a final sipfrag already tells the outcome. */
        if (sipfrag_decides(tr, &o))
            return o;
        return decided(o, o.timed_out ? SIPADV_VERDICT_UNANSWERED : SIPADV_VERDICT_PENDING, 0);
    }
    /* A retry with credentials usually follows within milliseconds, but it may still come
     * until the timeout: only then did the challenge end the transfer. A REFER of the
     * dialog sent later is a new transfer, not this one's retry. */
    if (sipadv_is_challenge(tr->response_code)) {
        if (sipadv_transfer_retried(tr, timeout))
            return decided(o, SIPADV_VERDICT_CHALLENGED, tr->response_code);
        if (!o.timed_out)
            return decided(o, SIPADV_VERDICT_PENDING, 0);
        return decided(o, SIPADV_VERDICT_REJECTED, tr->response_code);
    }
    if (!sipadv_is_success(tr->response_code))
        return decided(o, SIPADV_VERDICT_REJECTED, tr->response_code);
    return accepted_outcome(tr, o);
}
