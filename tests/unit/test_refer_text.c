/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the sentences that explain a transfer's verdict. */
#include "check.h"
#include "sipadv_refer_text.h"

static sipadv_transfer accepted(unsigned response_code)
{
    sipadv_transfer tr;

    memset(&tr, 0, sizeof(tr));
    tr.refer_frame = 1;
    tr.response_frame = 2;
    tr.response_code = response_code;
    return tr;
}

static const char *explain(const sipadv_transfer *tr, sipadv_verdict v, unsigned result,
                           double waited, bool complete)
{
    static char buf[400];
    sipadv_outcome o = { .verdict = v, .result = result, .waited = waited };

    sipadv_transfer_explain(buf, sizeof(buf), tr, &o, 32.0, complete);
    return buf;
}

static const char *finding(const sipadv_transfer *tr, sipadv_verdict v, double waited)
{
    static char buf[400];
    sipadv_outcome o = { .verdict = v, .waited = waited };

    sipadv_transfer_finding(buf, sizeof(buf), tr, &o, 32.0, true);
    return buf;
}

int main(void)
{
    char buf[128];
    sipadv_transfer tr = accepted(202);

    sipadv_status_words(buf, sizeof(buf), 202);
    CHECK_STR(buf, "202 Accepted");

    /* Expert summaries: the same sentences without this transfer's frames and seconds. */
    tr.retry_frame = 3;
    tr.response_code = 407;
    CHECK_STR(finding(&tr, SIPADV_VERDICT_CHALLENGED, 1),
              "REFER challenged with 407 Proxy Authentication Required and retried with "
              "credentials; the retry carries its own verdict");
    tr.response_code = 202;
    CHECK_STR(finding(&tr, SIPADV_VERDICT_NO_NOTIFY, 60),
              "202 Accepted, but no NOTIFY arrived within 32 s: the outcome was never reported");
    CHECK_STR(finding(&tr, SIPADV_VERDICT_UNANSWERED, 40),
              "no final response to the REFER within 32 s");
    CHECK_STR(finding(&tr, SIPADV_VERDICT_PENDING, 2),
              "the capture ended, before the 32 s timeout: the outcome is unknown, not failed");
    tr.last_sipfrag_code = 100;
    CHECK_STR(finding(&tr, SIPADV_VERDICT_PENDING, 2),
              "the last NOTIFY reported 100 Trying; the capture ended, before a final status "
              "arrived");
    tr = accepted(202);
    sipadv_status_words(buf, sizeof(buf), 486);
    CHECK_STR(buf, "486 Busy Here");
    sipadv_status_words(buf, sizeof(buf), 599);
    CHECK_STR(buf, "599 (unregistered)");

    /* The seed page's contrast, now in context. */
    tr.final_code = 500;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_FAILED, 500, 3, true),
              "202 Accepted, then the transfer failed with 500 Server Internal Error");
    sipadv_accepted_then_failed(buf, sizeof(buf), &tr);
    CHECK_STR(buf, "202 Accepted, then the transfer failed with 500 Server Internal Error");

    tr.final_code = 200;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_SUCCEEDED, 200, 3, true),
              "the NOTIFY reported 200 OK: the transferee reached the target");

    /* "No NOTIFY within 32 s" and "capture ended 2 s after" are different findings. */
    tr.final_code = 0;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_NO_NOTIFY, 0, 60, true),
              "202 Accepted, but no NOTIFY arrived within 32 s although the capture went on "
              "60.0 s after the REFER: the outcome was never reported");
    CHECK_STR(explain(&tr, SIPADV_VERDICT_PENDING, 0, 2, true),
              "the capture ended 2.0 s after the REFER, before the 32 s timeout: the outcome "
              "is unknown, not failed");
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_PENDING, 0, 2, false), "not known yet") != NULL);
    /* NOTIFYs without a readable status: no "before the timeout" 100 s after the REFER. */
    tr.notify_count = 2;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_PENDING, 0, 100, true),
              "no NOTIFY reported a readable status; the capture ended 100.0 s after the "
              "REFER, before a final status arrived: the outcome is unknown, not failed");
    tr.notify_count = 0;
    tr.last_sipfrag_code = 180;
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_PENDING, 0, 5, true), "180 Ringing") != NULL);
    /* Require: explicitsub: waiting for the referrer's SUBSCRIBE, then for its NOTIFY. */
    tr = accepted(202);
    tr.no_subscription_by = SIPADV_NOSUB_EXPLICIT;
    tr.events_at_given = true;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_PENDING, 0, 10, true),
              "the capture ended 10.0 s after the REFER, before the referrer subscribed "
              "(Require: explicitsub) or the 32 s timeout: the outcome is unknown, not failed");
    tr.subscribe_frame = 5;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_PENDING, 0, 40, true),
              "the capture ended 40.0 s after the REFER, before the referrer's SUBSCRIBE got a "
              "NOTIFY or the 32 s timeout: the outcome is unknown, not failed");
    /* A challenge without a retry yet: the capture ended before one could come. */
    tr = accepted(401);
    CHECK_STR(explain(&tr, SIPADV_VERDICT_PENDING, 0, 0.02, true),
              "REFER challenged with 401 Unauthorized; the capture ended 0.0 s after the "
              "REFER, before a retry with credentials or the 32 s timeout: the outcome is "
              "unknown, not failed");
    tr = accepted(202);

    tr.terminated = true;
    tr.terminated_reason = "rejected";
    tr.terminated_rejected = true;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_FAILED, 0, 5, true),
              "the referee ended the subscription with reason=rejected before any final "
              "status: it refused the transfer after accepting it (RFC 3515 sec. 2.4.7)");
    tr.terminated_rejected = false;
    tr.terminated_reason = "giveup";
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_FAILED, 0, 5, true), "reason=giveup without a "
                 "final status") != NULL);

    tr = accepted(603);
    CHECK_STR(explain(&tr, SIPADV_VERDICT_REJECTED, 603, 1, true),
              "REFER rejected with 603 Decline: the transfer was never attempted");
    tr = accepted(407);
    CHECK_STR(explain(&tr, SIPADV_VERDICT_REJECTED, 407, 40, true),
              "REFER challenged with 407 Proxy Authentication Required and not retried within "
              "32 s: the transfer died silently");
    tr.retry_frame = 9;
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_CHALLENGED, 407, 40, true), "frame 9") != NULL);
    tr = accepted(0);
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_UNANSWERED, 0, 40, true), "40.0 s") != NULL);
    /* The no-subscription sentence names the mechanism that granted it. */
    tr = accepted(200);
    tr.no_subscription = true;
    tr.no_subscription_by = SIPADV_NOSUB_REFER_SUB;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_NO_SUBSCRIPTION, 200, 1, true),
              "200 OK with Refer-Sub: false (no subscription): no NOTIFY is due, so the "
              "capture cannot show whether the transfer worked");
    tr = accepted(202);
    tr.no_subscription = true;
    tr.no_subscription_by = SIPADV_NOSUB_REQUIRE;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_NO_SUBSCRIPTION, 202, 60, true),
              "202 Accepted to a REFER with Require: nosub (RFC 7614, no subscription): no "
              "NOTIFY is due, so the capture cannot show whether the transfer worked");
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_NO_SUBSCRIPTION, 202, 60, true), "Refer-Sub")
          == NULL);
    tr.no_subscription_by = SIPADV_NOSUB_EXPLICIT;
    tr.events_at_given = true;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_NO_SUBSCRIPTION, 202, 60, true),
              "202 Accepted to a REFER with Require: explicitsub (RFC 7614 sec. 4): no implicit "
              "subscription; the referrer subscribes itself, and no such SUBSCRIBE is in the "
              "capture");
    tr.events_at_given = false;
    CHECK(strstr(explain(&tr, SIPADV_VERDICT_NO_SUBSCRIPTION, 202, 60, true),
                 "the 2xx gave no Refer-Events-At") != NULL);
    tr.subscribe_frame = 4;
    CHECK_STR(explain(&tr, SIPADV_VERDICT_NO_NOTIFY, 0, 90, true),
              "202 Accepted to a REFER with Require: explicitsub; the referrer's SUBSCRIBE got "
              "no NOTIFY within 32 s: the outcome was never reported");

    /* Ended before a final status: unreported, or decided by the triggered INVITE. */
    tr = accepted(202);
    tr.terminated = true;
    tr.terminated_noresource = true;
    tr.terminated_reason = "noresource";
    CHECK_STR(explain(&tr, SIPADV_VERDICT_UNREPORTED, 0, 1, true),
              "the referee ended the subscription without reporting a final status (allowed, "
              "RFC 3515 sec. 2.4.4); the outcome is unknown");
    tr.terminated_noresource = false;
    tr.terminated_reason = "timeout";
    CHECK_STR(explain(&tr, SIPADV_VERDICT_UNREPORTED, 0, 1, true),
              "the referee ended the subscription with reason=timeout without reporting a "
              "final status; the outcome is unknown");
    tr.terminated_noresource = true;
    tr.terminated_reason = "noresource";
    {
        static char b[400];
        sipadv_outcome o = { .verdict = SIPADV_VERDICT_FAILED, .result = 486,
                             .by_invite = true };
        sipadv_transfer_explain(b, sizeof(b), &tr, &o, 32.0, true);
        CHECK_STR(b, "the subscription ended without a final status, but the triggered INVITE "
                     "got 486 Busy Here");
        o.verdict = SIPADV_VERDICT_SUCCEEDED;
        o.result = 200;
        sipadv_transfer_explain(b, sizeof(b), &tr, &o, 32.0, true);
        CHECK_STR(b, "the subscription ended without a final status, but the triggered INVITE "
                     "got 200 OK: the transferee reached the target");
    }

    /* A tiny buffer truncates, never overflows. */
    {
        char small[8];
        sipadv_outcome o = { .verdict = SIPADV_VERDICT_NO_NOTIFY, .waited = 60 };
        sipadv_transfer_explain(small, sizeof(small), &tr, &o, 32.0, true);
        CHECK(strlen(small) == 7);
    }
    /* Info column tags: short, one per verdict that matters, none while pending or for a
     * challenged REFER that was retried. */
    {
        char tag[64];
        sipadv_transfer rej = accepted(603);
        struct {
            sipadv_verdict v;
            unsigned result;
            bool complete;
            const sipadv_transfer *tr;
            const char *want; /* NULL: no tag */
        } cases[] = {
            { SIPADV_VERDICT_SUCCEEDED, 200, true, &tr, "Transfer succeeded" },
            { SIPADV_VERDICT_FAILED, 486, true, &tr, "Transfer failed: 486 Busy Here" },
            { SIPADV_VERDICT_FAILED, 0, true, &tr, "Transfer failed" },
            { SIPADV_VERDICT_REJECTED, 603, true, &rej, "Transfer rejected: 603 Decline" },
            { SIPADV_VERDICT_NO_NOTIFY, 0, true, &tr, "No NOTIFY" },
            { SIPADV_VERDICT_UNANSWERED, 0, true, &tr, "REFER unanswered" },
            { SIPADV_VERDICT_NO_SUBSCRIPTION, 0, true, &tr,
              "Transfer not confirmed: no subscription" },
            { SIPADV_VERDICT_UNREPORTED, 0, true, &tr, "Transfer outcome not reported" },
            { SIPADV_VERDICT_PENDING, 0, true, &tr, "Transfer still pending at end of capture" },
            { SIPADV_VERDICT_PENDING, 0, false, &tr, NULL },
            { SIPADV_VERDICT_CHALLENGED, 407, true, &tr, NULL },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            sipadv_outcome o = { .verdict = cases[i].v, .result = cases[i].result };
            bool got = sipadv_transfer_tag(tag, sizeof(tag), cases[i].tr, &o, cases[i].complete);
            CHECK(got == (cases[i].want != NULL));
            CHECK_STR(tag, cases[i].want ? cases[i].want : "");
        }
        {
            sipadv_outcome o = { .verdict = SIPADV_VERDICT_FAILED, .result = 486 };
            char small[6];
            CHECK(sipadv_transfer_tag(small, sizeof(small), &tr, &o, true));
            CHECK(strlen(small) == 5);
        }
    }
    return check_report();
}
