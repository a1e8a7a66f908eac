/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the REFER transfer tracker: correlation of REFER, responses, NOTIFYs and the
 * triggered INVITE, the verdicts, the per-NOTIFY flags, hostile input and linear cost. */
#include "check.h"
#include "sipadv_refer.h"
#include "sipadv_utf8.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define TIMEOUT 32.0
#define CALL "call-1@host"
#define FROM "ft"   /* the referrer's tag: REFER From, NOTIFY To */
#define TO "tt"     /* the referee's tag: REFER To, NOTIFY From */
#define TARGET "<sip:carol@example.com>"

/* ---- event helpers -------------------------------------------------------------------- */

/* A span over a C string; NULL gives an absent span. */
static sipadv_span S(const char *s)
{
    sipadv_span sp = { s, s ? strlen(s) : 0 };
    return sp;
}

static sipadv_link refer_in(sipadv_tracker *t, uint32_t frame, double time, const char *call,
                            const char *from, unsigned cseq, const char *refer_to)
{
    sipadv_refer_request ev = { .frame = frame, .time = time, .call_id = S(call),
                                .from_tag = S(from), .to_tag = S(TO), .cseq = cseq,
                                .refer_to = S(refer_to) };
    return sipadv_tracker_refer(t, &ev);
}

static sipadv_link refer(sipadv_tracker *t, uint32_t frame, double time, unsigned cseq)
{
    return refer_in(t, frame, time, CALL, FROM, cseq, TARGET);
}

static sipadv_link answer_in(sipadv_tracker *t, uint32_t frame, double time, const char *call,
                             unsigned cseq, unsigned code, bool no_sub, bool resend)
{
    sipadv_refer_response ev = { .frame = frame, .time = time, .call_id = S(call),
                                 .from_tag = S(FROM), .to_tag = S(TO), .cseq = cseq, .code = code,
                                 .refer_sub_false = no_sub, .resend = resend };
    return sipadv_tracker_refer_response(t, &ev);
}

static sipadv_link answer(sipadv_tracker *t, uint32_t frame, double time, unsigned cseq,
                          unsigned code)
{
    return answer_in(t, frame, time, CALL, cseq, code, false, false);
}

typedef struct {
    const char *call;
    const char *to_tag;
    bool has_id;
    bool id_invalid;
    unsigned id;
    bool resend;
} notify_opts;

static sipadv_link notify_with(sipadv_tracker *t, uint32_t frame, double time,
                               const char *frag, const char *state, notify_opts o)
{
    sipadv_notify ev = { .frame = frame, .time = time, .call_id = S(o.call ? o.call : CALL),
                         .from_tag = S(TO), .to_tag = S(o.to_tag ? o.to_tag : FROM),
                         .has_id = o.has_id, .id_invalid = o.id_invalid, .id = o.id,
                         .sipfrag_line = S(frag),
                         .subscription_state = S(state), .resend = o.resend };
    return sipadv_tracker_notify(t, &ev);
}

/* A NOTIFY in the default dialog without an id. */
static sipadv_link notify(sipadv_tracker *t, uint32_t frame, double time, const char *frag,
                          const char *state)
{
    notify_opts o = { 0 };
    return notify_with(t, frame, time, frag, state, o);
}

static sipadv_link notify_id(sipadv_tracker *t, uint32_t frame, double time, unsigned id,
                             const char *frag, const char *state)
{
    notify_opts o = { .has_id = true, .id = id };
    return notify_with(t, frame, time, frag, state, o);
}

typedef struct {
    bool in_dialog;
    bool resend;
    unsigned cseq;             /* 0: 1 */
} invite_opts;

static sipadv_link invite_with(sipadv_tracker *t, uint32_t frame, double time, const char *call,
                               const char *ruri, invite_opts o)
{
    sipadv_invite ev = { .frame = frame, .time = time, .call_id = S(call),
                         .cseq = o.cseq ? o.cseq : 1, .request_uri = S(ruri),
                         .has_referred_by = true, .in_dialog = o.in_dialog,
                         .resend = o.resend };
    return sipadv_tracker_invite(t, &ev);
}

static sipadv_link invite(sipadv_tracker *t, uint32_t frame, double time, const char *call,
                          const char *ruri)
{
    invite_opts o = { 0 };
    return invite_with(t, frame, time, call, ruri, o);
}

static sipadv_link invite_answer(sipadv_tracker *t, uint32_t frame, double time,
                                 const char *call, unsigned cseq, unsigned code)
{
    sipadv_invite_response ev = { .frame = frame, .time = time, .call_id = S(call), .cseq = cseq,
                                  .code = code };
    return sipadv_tracker_invite_response(t, &ev);
}

static sipadv_outcome outcome(const sipadv_tracker *t, int index, double now)
{
    return sipadv_transfer_outcome(sipadv_tracker_get(t, index), now, TIMEOUT);
}

static sipadv_verdict verdict(const sipadv_tracker *t, int index, double now)
{
    return outcome(t, index, now).verdict;
}

#define OK_FRAG "SIP/2.0 200 OK"
#define TRYING_FRAG "SIP/2.0 100 Trying"
#define ACTIVE "active;expires=60"
#define DONE "terminated;reason=noresource"

/* ---- tests ---------------------------------------------------------------------------- */

static void test_verdict_names(void)
{
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_PENDING), "pending");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_SUCCEEDED), "succeeded");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_FAILED), "failed");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_REJECTED), "rejected");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_CHALLENGED), "challenged");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_NO_NOTIFY), "no-notify");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_UNANSWERED), "unanswered");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_NO_SUBSCRIPTION), "no-subscription");
    CHECK_STR(sipadv_verdict_name(SIPADV_VERDICT_UNREPORTED), "unreported");
    CHECK(sipadv_verdict_name((sipadv_verdict)99) != NULL);
}

/* Blind transfer by the book: 202, NOTIFY 100 active, NOTIFY 200 terminated. */
static void test_succeeded(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;
    sipadv_outcome o;

    l = refer(t, 10, 1.0, 5);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_REFER && l.flags == 0);
    CHECK(sipadv_tracker_count(t) == 1);
    CHECK(verdict(t, 0, 1.0) == SIPADV_VERDICT_PENDING);

    l = answer(t, 11, 1.1, 5, 100);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_RESPONSE);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->response_code == 0 && tr->response_frame == 0);

    l = answer(t, 12, 1.2, 5, 202);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_RESPONSE);
    CHECK(tr->response_code == 202 && tr->response_frame == 12 && tr->response_time == 1.2);
    CHECK(!tr->no_subscription);
    CHECK(verdict(t, 0, 2.0) == SIPADV_VERDICT_PENDING);

    l = notify(t, 13, 1.3, TRYING_FRAG, ACTIVE);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_NOTIFY && l.flags == 0);
    CHECK(l.sipfrag_code == 100);
    CHECK(tr->last_sipfrag_code == 100 && tr->final_code == 0 && !tr->terminated);
    CHECK(verdict(t, 0, 100.0) == SIPADV_VERDICT_PENDING); /* NOTIFYs came: not no-notify */

    l = notify(t, 20, 5.0, OK_FRAG, DONE);
    CHECK(l.transfer == 0 && l.flags == 0 && l.sipfrag_code == 200);
    CHECK(tr->notify_count == 2 && tr->notify_frames[0] == 13 && tr->notify_frames[1] == 20);
    CHECK(tr->final_code == 200 && tr->final_notify_frame == 20 && tr->final_notify_time == 5.0);
    CHECK(tr->last_sipfrag_code == 200);
    CHECK(tr->terminated && tr->terminated_frame == 20);
    CHECK_STR(tr->terminated_reason, "noresource");
    CHECK_STR(tr->call_id, CALL);
    CHECK_STR(tr->refer_to, TARGET);
    CHECK(tr->cseq == 5 && tr->refer_frame == 10 && tr->refer_time == 1.0);

    o = outcome(t, 0, 6.0);
    CHECK(o.verdict == SIPADV_VERDICT_SUCCEEDED && o.result == 200);
    CHECK(o.waited == 5.0 && !o.timed_out);
    sipadv_tracker_free(t);
}

static void test_failed(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;
    sipadv_outcome o;

    /* The target was busy: accepted is not completed. */
    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    notify(t, 3, 0.2, TRYING_FRAG, ACTIVE);
    l = notify(t, 4, 3.0, "SIP/2.0 486 Busy Here", DONE);
    CHECK(l.sipfrag_code == 486 && l.flags == 0);
    o = outcome(t, 0, 4.0);
    CHECK(o.verdict == SIPADV_VERDICT_FAILED && o.result == 486);
    /* A later sipfrag cannot rewrite the first final status. */
    l = notify(t, 5, 3.5, OK_FRAG, DONE);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->final_code == 486 && tr->final_notify_frame == 4 && tr->last_sipfrag_code == 200);
    CHECK(tr->terminated_frame == 4);
    CHECK(verdict(t, 0, 5.0) == SIPADV_VERDICT_FAILED);

    /* Terminated at 100 Trying with reason=rejected: the referee refused after accepting,
     * as RFC 3515 sec. 2.4.7 lets it say, so the NOTIFY is not flagged for its reason. */
    refer(t, 10, 10.0, 2);
    answer(t, 11, 10.1, 2, 200);
    l = notify_id(t, 12, 10.2, 2, TRYING_FRAG, "terminated;reason=rejected");
    CHECK(l.transfer == 1 && !(l.flags & SIPADV_NOTIFY_BAD_TERMINATION));
    o = outcome(t, 1, 11.0);
    CHECK(o.verdict == SIPADV_VERDICT_FAILED && o.result == 0 && !o.by_invite);

    /* Any other reason, or none, is flagged on the NOTIFY, but proves no failure. */
    refer(t, 20, 20.0, 3);
    answer(t, 21, 20.1, 3, 200);
    l = notify_id(t, 22, 20.2, 3, TRYING_FRAG, "terminated;reason=timeout");
    CHECK(l.transfer == 2 && (l.flags & SIPADV_NOTIFY_BAD_TERMINATION));
    CHECK(verdict(t, 2, 21.0) == SIPADV_VERDICT_UNREPORTED);
    refer(t, 30, 30.0, 4);
    answer(t, 31, 30.1, 4, 200);
    l = notify_id(t, 32, 30.2, 4, TRYING_FRAG, "terminated");
    CHECK(l.transfer == 3 && (l.flags & SIPADV_NOTIFY_BAD_TERMINATION));
    CHECK(verdict(t, 3, 31.0) == SIPADV_VERDICT_UNREPORTED);
    sipadv_tracker_free(t);
}

/* RFC 3515 sec. 2.4.4 lets the referee end the subscription with its first NOTIFY: with
 * noresource and no final status the outcome was never reported, which is not a failure
 * (issue 11 item 13). The triggered INVITE's own final response decides when captured. */
static void test_ended_before_final_status(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;
    sipadv_outcome o;

    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    l = notify(t, 3, 0.2, TRYING_FRAG, DONE);
    CHECK(l.transfer == 0 && l.flags == 0 && l.sipfrag_code == 100);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->terminated && tr->terminated_noresource && tr->final_code == 0);
    o = outcome(t, 0, 100.0);
    CHECK(o.verdict == SIPADV_VERDICT_UNREPORTED && o.result == 0 && !o.by_invite);

    /* The same, but the transferee's INVITE to the target is in the capture: busy. */
    refer_in(t, 10, 10.0, "call-2", FROM, 1, "<sip:frank@example.com>");
    answer_in(t, 11, 10.1, "call-2", 1, 202, false, false);
    {
        notify_opts no = { .call = "call-2" };
        l = notify_with(t, 12, 10.2, TRYING_FRAG, DONE, no);
        CHECK(l.transfer == 1 && l.flags == 0);
    }
    CHECK(invite(t, 13, 10.3, "new-call-2", "sip:frank@example.com").transfer == 1);
    CHECK(verdict(t, 1, 11.0) == SIPADV_VERDICT_UNREPORTED); /* no final yet */
    invite_answer(t, 14, 12.0, "new-call-2", 1, 486);
    o = outcome(t, 1, 13.0);
    CHECK(o.verdict == SIPADV_VERDICT_FAILED && o.result == 486 && o.by_invite);

    /* ... or answered: the transfer worked, though no NOTIFY said so. */
    refer_in(t, 20, 20.0, "call-3", FROM, 1, "<sip:dave@example.com>");
    answer_in(t, 21, 20.1, "call-3", 1, 200, false, false);
    invite(t, 22, 20.2, "new-call-3", "sip:dave@example.com");
    {
        notify_opts no = { .call = "call-3" };
        notify_with(t, 23, 20.3, TRYING_FRAG, DONE, no);
    }
    invite_answer(t, 24, 23.0, "new-call-3", 1, 200);
    o = outcome(t, 2, 24.0);
    CHECK(o.verdict == SIPADV_VERDICT_SUCCEEDED && o.result == 200 && o.by_invite);

    /* A final sipfrag still outranks the INVITE (their disagreement is reported apart). */
    refer_in(t, 30, 30.0, "call-4", FROM, 1, "<sip:erin@example.com>");
    answer_in(t, 31, 30.1, "call-4", 1, 202, false, false);
    invite(t, 32, 30.2, "new-call-4", "sip:erin@example.com");
    invite_answer(t, 33, 31.0, "new-call-4", 1, 486);
    {
        notify_opts no = { .call = "call-4" };
        notify_with(t, 34, 31.1, OK_FRAG, DONE, no);
    }
    o = outcome(t, 3, 32.0);
    CHECK(o.verdict == SIPADV_VERDICT_SUCCEEDED && o.result == 200 && !o.by_invite);
    sipadv_tracker_free(t);
}

static void test_termination_reasons(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;

    /* Case and blanks do not matter in the state or in the parameter. */
    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    l = notify_id(t, 3, 0.2, 1, OK_FRAG, "  Terminated ; expires=0 ;  REASON = NoResource ");
    tr = sipadv_tracker_get(t, 0);
    CHECK(l.flags == 0 && tr->terminated);
    CHECK_STR(tr->terminated_reason, "NoResource");

    /* Another reason is flagged. */
    refer(t, 10, 1.0, 2);
    answer(t, 11, 1.1, 2, 202);
    l = notify_id(t, 12, 1.2, 2, OK_FRAG, "terminated;reason=timeout");
    tr = sipadv_tracker_get(t, 1);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_TERMINATION);
    CHECK_STR(tr->terminated_reason, "timeout");
    CHECK(verdict(t, 1, 2.0) == SIPADV_VERDICT_SUCCEEDED);

    /* No reason at all: flagged, reason NULL. */
    refer(t, 20, 2.0, 3);
    answer(t, 21, 2.1, 3, 202);
    l = notify_id(t, 22, 2.2, 3, OK_FRAG, "terminated");
    tr = sipadv_tracker_get(t, 2);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_TERMINATION && tr->terminated);
    CHECK(tr->terminated_reason == NULL);
    /* The first terminated NOTIFY keeps its frame and reason; a later one is judged alone. */
    l = notify_id(t, 23, 2.3, 3, OK_FRAG, DONE);
    CHECK(l.flags == 0 && tr->terminated_frame == 22 && tr->terminated_reason == NULL);

    /* "terminatedx" or "active;reason=noresource" are not terminations. */
    refer(t, 30, 3.0, 4);
    answer(t, 31, 3.1, 4, 202);
    l = notify_id(t, 32, 3.2, 4, TRYING_FRAG, "terminatedx;reason=noresource");
    CHECK(l.flags == 0 && !sipadv_tracker_get(t, 3)->terminated);
    l = notify_id(t, 33, 3.3, 4, TRYING_FRAG, "active;reason=noresource");
    CHECK(l.flags == 0 && !sipadv_tracker_get(t, 3)->terminated);
    /* A parameter merely ending in "reason" is not reason=. */
    l = notify_id(t, 34, 3.4, 4, OK_FRAG, "terminated;myreason=noresource");
    CHECK(l.flags == SIPADV_NOTIFY_BAD_TERMINATION);
    CHECK(sipadv_tracker_get(t, 3)->terminated_reason == NULL);
    sipadv_tracker_free(t);
}

static void test_rejected(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_outcome o;
    const unsigned codes[] = { 400, 403, 405, 420, 429, 481, 491, 501, 603 };

    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        refer(t, 10 * i + 1, i, i + 1);
        answer(t, 10 * i + 2, i + 0.5, i + 1, codes[i]);
        o = outcome(t, (int)i, 100.0);
        CHECK_MSG(o.verdict == SIPADV_VERDICT_REJECTED && o.result == codes[i], "%u: %s %u",
                  codes[i], sipadv_verdict_name(o.verdict), o.result);
    }
    /* A 3xx is a non-2xx final too. */
    refer(t, 200, 200.0, 100);
    answer(t, 201, 200.1, 100, 302);
    CHECK(verdict(t, 9, 201.0) == SIPADV_VERDICT_REJECTED);
    sipadv_tracker_free(t);
}

static void test_challenged(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *first;
    sipadv_outcome o;
    sipadv_link l;

    /* 407, then the REFER again with credentials: the first is challenged, not rejected. */
    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 407);
    first = sipadv_tracker_get(t, 0);
    o = outcome(t, 0, 0.2);
    CHECK(o.verdict == SIPADV_VERDICT_PENDING && o.result == 0); /* a retry may still come */
    l = refer(t, 3, 0.2, 2);
    CHECK(l.transfer == 1);
    CHECK(first->retry_frame == 3);
    o = outcome(t, 0, 0.3);
    CHECK(o.verdict == SIPADV_VERDICT_CHALLENGED && o.result == 407);
    answer(t, 4, 0.3, 2, 202);
    /* The retry's NOTIFY without id is its own: the challenged REFER has no subscription. */
    l = notify(t, 5, 0.4, OK_FRAG, DONE);
    CHECK(l.transfer == 1 && l.flags == 0);
    CHECK(verdict(t, 1, 1.0) == SIPADV_VERDICT_SUCCEEDED);
    CHECK(first->notify_count == 0);
    /* A third REFER does not re-retry the first one, nor the accepted second one. */
    refer(t, 6, 0.5, 3);
    CHECK(first->retry_frame == 3 && sipadv_tracker_get(t, 1)->retry_frame == 0);

    /* Two REFERs in flight, the first challenged: the dialog's next REFER is its retry,
     * not the second's. */
    {
        sipadv_tracker *t2 = sipadv_tracker_new();
        refer(t2, 1, 0.0, 1);
        refer(t2, 2, 0.1, 2);
        answer(t2, 3, 0.2, 1, 407);
        answer(t2, 4, 0.2, 2, 202);
        refer(t2, 5, 0.3, 3);
        CHECK(sipadv_tracker_get(t2, 0)->retry_frame == 5);
        CHECK(sipadv_tracker_get(t2, 1)->retry_frame == 0);
        CHECK(verdict(t2, 0, 100.0) == SIPADV_VERDICT_CHALLENGED);
        sipadv_tracker_free(t2);
    }

    /* A REFER of the dialog long after the timeout is a new transfer, not the retry. */
    {
        sipadv_tracker *t3 = sipadv_tracker_new();
        refer(t3, 1, 0.0, 1);
        answer(t3, 2, 0.1, 1, 401);
        CHECK(verdict(t3, 0, 50.0) == SIPADV_VERDICT_REJECTED);
        refer(t3, 3, 100.0, 2);
        CHECK(sipadv_tracker_get(t3, 0)->retry_frame == 3);
        CHECK(!sipadv_transfer_retried(sipadv_tracker_get(t3, 0), TIMEOUT));
        CHECK(verdict(t3, 0, 101.0) == SIPADV_VERDICT_REJECTED);
        sipadv_tracker_free(t3);
    }

    /* 401 then nothing: abandoned, so the transfer was silently dropped. */
    refer_in(t, 10, 1.0, "call-2", "a", 7, TARGET);
    answer_in(t, 11, 1.1, "call-2", 7, 401, false, false); /* from_tag is FROM: no match */
    CHECK(sipadv_tracker_get(t, 3)->response_code == 0);
    {
        sipadv_refer_response ev = { .frame = 12, .time = 1.2, .call_id = S("call-2"),
                                     .from_tag = S("a"), .cseq = 7, .code = 401 };
        l = sipadv_tracker_refer_response(t, &ev);
        CHECK(l.transfer == 3);
    }
    o = outcome(t, 3, 100.0);
    CHECK(o.verdict == SIPADV_VERDICT_REJECTED && o.result == 401);
    /* A REFER of another dialog is no retry. */
    refer_in(t, 13, 1.3, "call-2", "b", 8, TARGET);
    CHECK(sipadv_tracker_get(t, 3)->retry_frame == 0);
    sipadv_tracker_free(t);
}

static void test_unanswered_and_no_notify(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_outcome o;

    refer(t, 1, 100.0, 1);
    o = outcome(t, 0, 110.0);
    CHECK(o.verdict == SIPADV_VERDICT_PENDING && o.result == 0);
    CHECK(o.waited == 10.0 && !o.timed_out);
    o = outcome(t, 0, 140.0);
    CHECK(o.verdict == SIPADV_VERDICT_UNANSWERED && o.waited == 40.0 && o.timed_out);
    o = outcome(t, 0, 132.0); /* exactly the timeout: not exceeded */
    CHECK(o.verdict == SIPADV_VERDICT_PENDING && !o.timed_out);

    /* A 1xx does not answer it. */
    answer(t, 2, 100.1, 1, 100);
    CHECK(verdict(t, 0, 140.0) == SIPADV_VERDICT_UNANSWERED);

    /* Accepted, then silence: no-notify once the timeout passed. */
    answer(t, 3, 100.2, 1, 202);
    o = outcome(t, 0, 110.0);
    CHECK(o.verdict == SIPADV_VERDICT_PENDING && !o.timed_out);
    o = outcome(t, 0, 140.0);
    CHECK(o.verdict == SIPADV_VERDICT_NO_NOTIFY && o.timed_out && o.result == 0);
    /* One NOTIFY without a final status: pending, however long. */
    notify(t, 4, 100.3, TRYING_FRAG, ACTIVE);
    CHECK(verdict(t, 0, 1000.0) == SIPADV_VERDICT_PENDING);
    sipadv_tracker_free(t);
}

static void test_no_subscription(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_outcome o;
    sipadv_link l;

    /* Refer-Sub: false granted, and honoured. */
    refer(t, 1, 0.0, 1);
    answer_in(t, 2, 0.1, CALL, 1, 200, true, false);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->no_subscription);
    o = outcome(t, 0, 1.0);
    CHECK(o.verdict == SIPADV_VERDICT_NO_SUBSCRIPTION && o.result == 200);
    CHECK(verdict(t, 0, 1000.0) == SIPADV_VERDICT_NO_SUBSCRIPTION);

    /* Granted, but NOTIFYs came anyway (another dialog, so no id needed). */
    refer_in(t, 10, 1.0, "call-2", FROM, 1, TARGET);
    answer_in(t, 11, 1.1, "call-2", 1, 200, true, false);
    {
        notify_opts no = { .call = "call-2" };
        l = notify_with(t, 12, 1.2, TRYING_FRAG, ACTIVE, no);
        CHECK(l.transfer == 1 && l.flags == SIPADV_NOTIFY_DESPITE_NO_SUB);
        CHECK(sipadv_tracker_get(t, 1)->notify_despite_no_subscription);
        CHECK(verdict(t, 1, 1000.0) == SIPADV_VERDICT_PENDING);
        l = notify_with(t, 13, 1.3, OK_FRAG, DONE, no);
        CHECK(l.transfer == 1 && l.flags == SIPADV_NOTIFY_DESPITE_NO_SUB);
        CHECK(verdict(t, 1, 2.0) == SIPADV_VERDICT_SUCCEEDED);
    }

    /* The NOTIFY overtook the 2xx that refused the subscription. */
    refer_in(t, 20, 2.0, "call-3", FROM, 1, TARGET);
    {
        notify_opts no = { .call = "call-3" };
        l = notify_with(t, 21, 2.1, TRYING_FRAG, ACTIVE, no);
        CHECK(l.transfer == 2 && l.flags == 0);
    }
    answer_in(t, 22, 2.2, "call-3", 1, 200, true, false);
    CHECK(sipadv_tracker_get(t, 2)->notify_despite_no_subscription);
    CHECK(verdict(t, 2, 2.3) == SIPADV_VERDICT_PENDING);

    /* Only a 2xx grants it: a 420 with the flag set is a rejection. */
    refer_in(t, 30, 3.0, "call-4", FROM, 1, TARGET);
    answer_in(t, 31, 3.1, "call-4", 1, 420, true, false);
    CHECK(!sipadv_tracker_get(t, 3)->no_subscription);
    CHECK(verdict(t, 3, 4.0) == SIPADV_VERDICT_REJECTED);

    /* Refer-Sub: false asked for (the REFER's own header is no event field: RFC 4488 makes
     * it a request, never a demand), not echoed: NOTIFYs are due, so silence is no-notify. */
    {
        sipadv_refer_request ev = { .frame = 40, .time = 4.0, .call_id = S("call-5"),
                                    .from_tag = S(FROM), .cseq = 1, .refer_to = S(TARGET) };
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 4);
    }
    answer_in(t, 41, 4.1, "call-5", 1, 202, false, false);
    CHECK(verdict(t, 4, 100.0) == SIPADV_VERDICT_NO_NOTIFY);
    CHECK(sipadv_tracker_get(t, 0)->no_subscription_by == SIPADV_NOSUB_REFER_SUB);
    sipadv_tracker_free(t);
}

static sipadv_link refer_requiring(sipadv_tracker *t, uint32_t frame, double time,
                                   const char *call, bool nosub, bool explicitsub)
{
    sipadv_refer_request ev = { .frame = frame, .time = time, .call_id = S(call),
                                .from_tag = S(FROM), .to_tag = S(TO), .cseq = 1,
                                .refer_to = S(TARGET),
                                .requires_nosub = nosub, .requires_explicitsub = explicitsub };
    return sipadv_tracker_refer(t, &ev);
}

/* Require: nosub (RFC 7614 sec. 5): any 2xx grants it, with or without an echo, so silence
 * after a plain 202 is no failure (issue 11 item 14). */
static void test_require_nosub(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_outcome o;

    refer_requiring(t, 1, 0.0, CALL, true, false);
    answer(t, 2, 0.1, 1, 202);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->no_subscription && tr->no_subscription_by == SIPADV_NOSUB_REQUIRE);
    o = outcome(t, 0, 100.0);
    CHECK(o.verdict == SIPADV_VERDICT_NO_SUBSCRIPTION && o.result == 202 && o.timed_out);

    /* Refused with 420: nothing granted. */
    refer_requiring(t, 10, 1.0, "call-2", true, false);
    answer_in(t, 11, 1.1, "call-2", 1, 420, false, false);
    tr = sipadv_tracker_get(t, 1);
    CHECK(!tr->no_subscription && tr->no_subscription_by == SIPADV_NOSUB_NONE);
    CHECK(verdict(t, 1, 100.0) == SIPADV_VERDICT_REJECTED);

    /* The REFER missed, a 2xx saying Require: nosub is taken at its word. */
    refer(t, 20, 2.0, 7);
    {
        sipadv_refer_response ev = { .frame = 21, .time = 2.1, .call_id = S(CALL),
                                     .from_tag = S(FROM), .to_tag = S(TO), .cseq = 7, .code = 200,
                                     .requires_nosub = true };
        sipadv_tracker_refer_response(t, &ev);
    }
    CHECK(sipadv_tracker_get(t, 2)->no_subscription_by == SIPADV_NOSUB_REQUIRE);
    CHECK(verdict(t, 2, 100.0) == SIPADV_VERDICT_NO_SUBSCRIPTION);
    sipadv_tracker_free(t);
}

static sipadv_link subscribe(sipadv_tracker *t, uint32_t frame, double time, const char *call,
                             const char *from, const char *ruri, bool in_dialog)
{
    sipadv_subscribe ev = { .frame = frame, .time = time, .call_id = S(call), .from_tag = S(from),
                            .request_uri = S(ruri), .in_dialog = in_dialog };
    return sipadv_tracker_subscribe(t, &ev);
}

/* Require: explicitsub (RFC 7614 sec. 4): no implicit subscription; the referrer SUBSCRIBEs
 * to the 2xx's Refer-Events-At URI and the NOTIFYs come in that SUBSCRIBE's dialog. */
static void test_explicit_subscription(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;
    notify_opts in_sub = { .call = "sub-1", .to_tag = "st" };

    refer_requiring(t, 1, 0.0, CALL, false, true);
    {
        sipadv_refer_response ev = { .frame = 2, .time = 0.1, .call_id = S(CALL),
                                     .from_tag = S(FROM), .to_tag = S(TO), .cseq = 1, .code = 200,
                                     .events_at = S("<sip:bob@192.0.2.20;xfer=abc>") };
        sipadv_tracker_refer_response(t, &ev);
    }
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->no_subscription && tr->no_subscription_by == SIPADV_NOSUB_EXPLICIT);
    /* Silence until the SUBSCRIBE is no failure. */
    CHECK(verdict(t, 0, 100.0) == SIPADV_VERDICT_NO_SUBSCRIPTION);

    /* Another URI (its parameter tells the resources apart) links nothing. */
    CHECK(subscribe(t, 3, 0.2, "sub-0", "s0", "sip:bob@192.0.2.20;xfer=zzz", false).transfer
          == -1);
    l = subscribe(t, 4, 0.3, "sub-1", "st", "SIP:bob@192.0.2.20;xfer=abc", false);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_SUBSCRIBE && tr->subscribe_frame == 4);
    /* Its refresh belongs to it too; a second initial SUBSCRIBE finds none left. */
    CHECK(subscribe(t, 5, 10.0, "sub-1", "st", "sip:bob@192.0.2.20;xfer=abc", true).transfer
          == 0);
    CHECK(subscribe(t, 6, 10.1, "sub-2", "s2", "sip:bob@192.0.2.20;xfer=abc", false).transfer
          == -1);

    l = notify_with(t, 7, 0.4, TRYING_FRAG, ACTIVE, in_sub);
    CHECK(l.transfer == 0 && l.flags == 0);
    CHECK(verdict(t, 0, 100.0) == SIPADV_VERDICT_PENDING);
    in_sub.has_id = true; /* with or without an id */
    in_sub.id = 1;
    l = notify_with(t, 8, 3.0, OK_FRAG, DONE, in_sub);
    CHECK(l.transfer == 0 && l.flags == 0);
    CHECK(tr->notify_count == 2 && !tr->notify_despite_no_subscription);
    CHECK(verdict(t, 0, 100.0) == SIPADV_VERDICT_SUCCEEDED);

    /* A NOTIFY in the REFER's own dialog came despite the missing implicit subscription. */
    l = notify(t, 9, 3.1, OK_FRAG, DONE);
    CHECK(l.transfer == 0 && (l.flags & SIPADV_NOTIFY_DESPITE_NO_SUB));

    /* A 2xx without Refer-Events-At leaves nothing to subscribe to: no link, no failure. */
    refer_requiring(t, 20, 20.0, "call-2", false, true);
    answer_in(t, 21, 20.1, "call-2", 1, 202, false, false);
    CHECK(!sipadv_tracker_get(t, 1)->events_at_given);
    CHECK(subscribe(t, 22, 20.2, "sub-3", "s3", "sip:bob@192.0.2.20", false).transfer == -1);
    CHECK(verdict(t, 1, 100.0) == SIPADV_VERDICT_NO_SUBSCRIPTION);

    /* Explicitsub outranks nosub and an echoed Refer-Sub: false; a SUBSCRIBE whose Timer N
     * expires without a NOTIFY is a silent subscription, timed from the SUBSCRIBE. */
    {
        sipadv_refer_request rq = { .frame = 30, .time = 30.0, .call_id = S("call-3"),
                                    .from_tag = S(FROM), .to_tag = S(TO), .cseq = 1,
                                    .refer_to = S(TARGET), .requires_nosub = true,
                                    .requires_explicitsub = true };
        sipadv_refer_response rs = { .frame = 31, .time = 30.1, .call_id = S("call-3"),
                                     .from_tag = S(FROM), .to_tag = S(TO), .cseq = 1, .code = 200,
                                     .refer_sub_false = true, .events_at = S("<sip:x@y;r=3>") };
        sipadv_tracker_refer(t, &rq);
        sipadv_tracker_refer_response(t, &rs);
    }
    CHECK(sipadv_tracker_get(t, 2)->no_subscription_by == SIPADV_NOSUB_EXPLICIT);
    CHECK(subscribe(t, 32, 40.0, "sub-4", "s4", "sip:x@y;r=3", false).transfer == 2);
    CHECK(verdict(t, 2, 71.0) == SIPADV_VERDICT_PENDING); /* 31 s after it */
    CHECK(verdict(t, 2, 73.0) == SIPADV_VERDICT_NO_NOTIFY);
    sipadv_tracker_free(t);
}

static void test_retransmissions(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;

    refer(t, 1, 0.0, 1);
    {
        sipadv_refer_request ev = { .frame = 2, .time = 0.5, .call_id = S(CALL),
                                    .from_tag = S(FROM), .to_tag = S(TO), .cseq = 1,
                                    .refer_to = S("<sip:other@x>"), .resend = true };
        l = sipadv_tracker_refer(t, &ev);
        CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_REFER);
        ev.resend = false; /* the same REFER seen at a second capture point */
        ev.frame = 3;
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
    }
    tr = sipadv_tracker_get(t, 0);
    CHECK(sipadv_tracker_count(t) == 1);
    CHECK(tr->refer_frame == 1 && tr->refer_time == 0.0);
    CHECK_STR(tr->refer_to, TARGET);

    answer(t, 4, 0.6, 1, 202);
    l = answer_in(t, 5, 0.7, CALL, 1, 202, true, true);
    CHECK(l.transfer == 0 && tr->response_frame == 4 && !tr->no_subscription);
    l = answer(t, 6, 0.8, 1, 100); /* a stray late 100 */
    CHECK(l.transfer == 0 && tr->response_code == 202);
    l = answer(t, 7, 0.9, 1, 603); /* a second, contradicting final changes nothing */
    CHECK(l.transfer == 0 && tr->response_code == 202 && tr->response_frame == 4);

    l = notify(t, 8, 1.0, TRYING_FRAG, ACTIVE);
    CHECK(l.flags == 0 && tr->notify_count == 1);
    {
        notify_opts o = { .resend = true };
        l = notify_with(t, 9, 1.5, TRYING_FRAG, ACTIVE, o);
        CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_RESEND && l.sipfrag_code == 100);
        /* Even a resent final NOTIFY changes nothing. */
        l = notify_with(t, 10, 1.6, OK_FRAG, DONE, o);
        CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_RESEND);
        /* ... nor is a resend's body judged again. */
        l = notify_with(t, 11, 1.7, NULL, NULL, o);
        CHECK(l.flags == SIPADV_NOTIFY_RESEND && l.sipfrag_code == 0);
    }
    CHECK(tr->notify_count == 1 && tr->final_code == 0 && !tr->terminated);
    CHECK(tr->last_sipfrag_code == 100);
    sipadv_tracker_free(t);
}

static void test_notify_before_2xx(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_outcome o;
    sipadv_link l;

    /* NOTIFY 100 overtakes the 202. */
    refer(t, 1, 0.0, 1);
    l = notify(t, 2, 0.1, TRYING_FRAG, ACTIVE);
    CHECK(l.transfer == 0 && l.flags == 0);
    CHECK(verdict(t, 0, 0.2) == SIPADV_VERDICT_PENDING);
    answer(t, 3, 0.2, 1, 202);
    CHECK(sipadv_tracker_get(t, 0)->notify_count == 1);

    /* Even the final NOTIFY came before the 2xx: the sipfrag decides, not the silence. */
    refer_in(t, 10, 10.0, "call-2", FROM, 1, TARGET);
    {
        notify_opts no = { .call = "call-2" };
        l = notify_with(t, 11, 10.1, OK_FRAG, DONE, no);
        CHECK(l.transfer == 1 && l.flags == 0);
    }
    o = outcome(t, 1, 100.0); /* timed out, yet not unanswered */
    CHECK(o.verdict == SIPADV_VERDICT_SUCCEEDED && o.result == 200 && o.timed_out);
    answer_in(t, 12, 10.2, "call-2", 1, 202, false, false);
    CHECK(verdict(t, 1, 100.0) == SIPADV_VERDICT_SUCCEEDED);

    refer_in(t, 20, 20.0, "call-3", FROM, 1, TARGET);
    {
        notify_opts no = { .call = "call-3" };
        notify_with(t, 21, 20.1, "SIP/2.0 480 Temporarily Unavailable", DONE, no);
    }
    o = outcome(t, 2, 20.2);
    CHECK(o.verdict == SIPADV_VERDICT_FAILED && o.result == 480);
    /* ... but a rejection that follows still wins: the REFER never took effect. */
    answer_in(t, 22, 20.3, "call-3", 1, 403, false, false);
    o = outcome(t, 2, 20.4);
    CHECK(o.verdict == SIPADV_VERDICT_REJECTED && o.result == 403);
    sipadv_tracker_free(t);
}

static void test_ids(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_link l;

    /* Two transfers in one dialog, told apart by Event: refer;id=<CSeq>. */
    refer(t, 1, 0.0, 11);
    answer(t, 2, 0.1, 11, 202);
    refer(t, 3, 0.2, 12);
    answer(t, 4, 0.3, 12, 202);
    l = notify_id(t, 5, 0.4, 12, "SIP/2.0 486 Busy Here", DONE);
    CHECK(l.transfer == 1 && l.flags == 0);
    l = notify_id(t, 6, 0.5, 11, OK_FRAG, DONE);
    CHECK(l.transfer == 0 && l.flags == 0);
    CHECK(verdict(t, 0, 1.0) == SIPADV_VERDICT_SUCCEEDED);
    CHECK(verdict(t, 1, 1.0) == SIPADV_VERDICT_FAILED);

    /* An id that matches no REFER is an orphan, even in a known dialog. */
    l = notify_id(t, 7, 0.6, 13, OK_FRAG, DONE);
    CHECK(l.transfer == -1 && l.flags == SIPADV_NOTIFY_ORPHAN && l.sipfrag_code == 200);
    /* The right id in the wrong dialog, too. */
    {
        notify_opts o = { .call = "other-call", .has_id = true, .id = 11 };
        l = notify_with(t, 8, 0.7, OK_FRAG, DONE, o);
        CHECK(l.transfer == -1 && (l.flags & SIPADV_NOTIFY_ORPHAN));
    }
    CHECK(sipadv_tracker_get(t, 0)->notify_count == 1);
    CHECK(sipadv_tracker_get(t, 1)->notify_count == 1);
    sipadv_tracker_free(t);
}

static void test_no_id(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_link l;

    /* One outstanding REFER: the NOTIFY is plainly its own. */
    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    l = notify(t, 3, 0.2, TRYING_FRAG, ACTIVE);
    CHECK(l.transfer == 0 && l.flags == 0);

    /* A second one while the first is outstanding: ambiguous, and by RFC 3515 sec. 2.4.6
     * it belongs to the first. */
    refer(t, 4, 0.3, 2);
    answer(t, 5, 0.4, 2, 202);
    l = notify(t, 6, 0.5, TRYING_FRAG, ACTIVE);
    CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_AMBIGUOUS);
    l = notify(t, 7, 0.6, OK_FRAG, DONE); /* ends the first */
    CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_AMBIGUOUS);
    CHECK(sipadv_tracker_get(t, 0)->terminated);

    /* Only the second is outstanding now. */
    l = notify(t, 8, 0.7, OK_FRAG, DONE);
    CHECK(l.transfer == 1 && l.flags == 0);
    CHECK(verdict(t, 1, 1.0) == SIPADV_VERDICT_SUCCEEDED);

    /* None outstanding: a late NOTIFY goes to the most recent transfer. */
    l = notify(t, 9, 0.8, OK_FRAG, DONE);
    CHECK(l.transfer == 1 && l.flags == 0);
    CHECK(sipadv_tracker_get(t, 1)->notify_count == 2);
    CHECK(sipadv_tracker_get(t, 0)->notify_count == 3);

    /* A rejected REFER never had a subscription, so it does not make NOTIFYs ambiguous. */
    refer_in(t, 20, 2.0, "call-2", FROM, 1, TARGET);
    answer_in(t, 21, 2.1, "call-2", 1, 603, false, false);
    refer_in(t, 22, 2.2, "call-2", FROM, 2, TARGET);
    {
        notify_opts no = { .call = "call-2" };
        l = notify_with(t, 23, 2.3, TRYING_FRAG, ACTIVE, no);
        CHECK(l.transfer == 3 && l.flags == 0);
    }
    sipadv_tracker_free(t);
}

static void test_orphans(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_link l;

    /* No REFER at all: the capture started late. Nothing is kept for it. */
    l = notify(t, 1, 0.0, OK_FRAG, DONE);
    CHECK(l.transfer == -1 && l.role == SIPADV_ROLE_NOTIFY);
    CHECK(l.flags == SIPADV_NOTIFY_ORPHAN && l.sipfrag_code == 200);
    l = notify(t, 2, 0.1, NULL, DONE);
    CHECK(l.flags == (SIPADV_NOTIFY_ORPHAN | SIPADV_NOTIFY_BAD_SIPFRAG));
    CHECK(sipadv_tracker_count(t) == 0);

    /* Tags with the roles not swapped (NOTIFY To = the REFER's To) match nothing. */
    refer(t, 3, 0.2, 1);
    {
        notify_opts o = { .to_tag = TO };
        l = notify_with(t, 4, 0.3, OK_FRAG, DONE, o);
        CHECK(l.transfer == -1 && l.flags == SIPADV_NOTIFY_ORPHAN);
    }
    /* An unknown REFER response links nowhere either. */
    l = answer(t, 5, 0.4, 99, 202);
    CHECK(l.transfer == -1 && l.role == SIPADV_ROLE_RESPONSE);
    CHECK(sipadv_tracker_get(t, 0)->response_code == 0);
    CHECK(sipadv_tracker_count(t) == 1);
    sipadv_tracker_free(t);
}

static void test_bad_sipfrag(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;

    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    tr = sipadv_tracker_get(t, 0);
    l = notify(t, 3, 0.2, NULL, ACTIVE);
    CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_BAD_SIPFRAG && l.sipfrag_code == 0);
    l = notify(t, 4, 0.3, "", ACTIVE);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_SIPFRAG);
    l = notify(t, 5, 0.4, "INVITE sip:carol@example.com SIP/2.0", ACTIVE);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_SIPFRAG);
    l = notify(t, 6, 0.5, "SIP/2.0 99 Low", ACTIVE);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_SIPFRAG);
    l = notify(t, 7, 0.6, "SIP/2.0 1800 Ringing", ACTIVE);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_SIPFRAG);
    CHECK(tr->notify_count == 5 && tr->last_sipfrag_code == 0);
    /* A bogus phrase is still a valid status line (RFC 3261 allows any phrase). */
    l = notify(t, 8, 0.7, "SIP/2.0 180 Ringing\r\n", ACTIVE);
    CHECK(l.flags == 0 && l.sipfrag_code == 180 && tr->last_sipfrag_code == 180);
    l = notify(t, 9, 0.8, "SIP/2.0 487 487", DONE);
    CHECK(l.flags == 0 && l.sipfrag_code == 487);
    /* A bad sipfrag keeps the last good code. */
    l = notify(t, 10, 0.9, "garbage", DONE);
    CHECK(tr->last_sipfrag_code == 487 && tr->final_code == 487);
    CHECK(l.flags == SIPADV_NOTIFY_BAD_SIPFRAG); /* terminated, noresource, final known */
    CHECK(verdict(t, 0, 1.0) == SIPADV_VERDICT_FAILED);
    sipadv_tracker_free(t);
}

/* RFC 7647: the REFER goes out of dialog, its subscription makes a new dialog. */
static void test_out_of_dialog_refer(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = S("ood-1"), .from_tag = S("r1"),
                                .to_tag = S(NULL), .cseq = 1, .refer_to = S(TARGET) };
    sipadv_link l;

    CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
    answer_in(t, 2, 0.1, "ood-1", 1, 202, false, false); /* From tag FROM: not ours */
    {
        sipadv_refer_response r = { .frame = 3, .time = 0.2, .call_id = S("ood-1"),
                                    .from_tag = S("r1"), .to_tag = S("new"), .cseq = 1,
                                    .code = 202 };
        CHECK(sipadv_tracker_refer_response(t, &r).transfer == 0);
    }
    {
        notify_opts o = { .call = "ood-1", .to_tag = "r1" };
        l = notify_with(t, 4, 0.3, OK_FRAG, DONE, o);
        CHECK(l.transfer == 0 && l.flags == 0);
    }
    CHECK(verdict(t, 0, 1.0) == SIPADV_VERDICT_SUCCEEDED);
    sipadv_tracker_free(t);
}

static void test_triggered_invite(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    sipadv_link l;

    /* Attended transfer: display name, URI params and ?Replaces headers in the Refer-To. */
    refer_in(t, 1, 0.0, CALL, FROM, 1,
             "\"Carol <Desk>\" <SIP:Carol@Example.COM;transport=tcp?Replaces=abc%40h%3Bto-tag%3D1"
             "%3Bfrom-tag%3D2&Require=replaces>;x=y");
    answer(t, 2, 0.1, 1, 202);
    tr = sipadv_tracker_get(t, 0);

    /* Not these: in-dialog, the REFER's own call, a resend, another URI. */
    {
        invite_opts o = { .in_dialog = true };
        l = invite_with(t, 3, 1.0, "new-call", "sip:carol@example.com", o);
        CHECK(l.transfer == -1 && l.role == SIPADV_ROLE_INVITE);
        invite_opts r = { .resend = true };
        CHECK(invite_with(t, 4, 1.0, "new-call", "sip:carol@example.com", r).transfer == -1);
    }
    CHECK(invite(t, 5, 1.0, CALL, "sip:carol@example.com").transfer == -1);
    CHECK(invite(t, 6, 1.0, "new-call", "sip:carl@example.com").transfer == -1);
    CHECK(invite(t, 7, 1.0, "new-call", "sip:carol@example.com.evil").transfer == -1);
    CHECK(invite(t, 8, 1.0, "new-call", NULL).transfer == -1);
    CHECK(tr->invite_frame == 0);

    /* The transferee's INVITE: other params, other case. */
    l = invite(t, 9, 1.5, "new-call", "sip:CAROL@example.com;user=phone");
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_INVITE && tr->invite_frame == 9);
    /* Its responses. */
    l = invite_answer(t, 10, 1.6, "new-call", 1, 180);
    CHECK(l.transfer == 0 && l.role == SIPADV_ROLE_INVITE_RESPONSE && tr->invite_code == 0);
    l = invite_answer(t, 11, 2.0, "new-call", 1, 200);
    CHECK(l.transfer == 0 && tr->invite_code == 200 && tr->invite_response_frame == 11);
    l = invite_answer(t, 12, 2.1, "new-call", 1, 200); /* retransmitted */
    CHECK(l.transfer == 0 && tr->invite_response_frame == 11);
    l = invite_answer(t, 13, 2.2, "new-call", 2, 486);
    CHECK(l.transfer == 0 && tr->invite_code == 200);
    CHECK(invite_answer(t, 14, 2.3, "unknown", 1, 200).transfer == -1);
    CHECK(invite_answer(t, 15, 2.3, NULL, 1, 200).transfer == -1);
    /* A second INVITE to the same target finds the transfer already served. */
    CHECK(invite(t, 16, 2.5, "third-call", "sip:carol@example.com").transfer == -1);
    /* A re-INVITE in the new call is no trigger; a retransmission links to the same. */
    {
        invite_opts o = { .in_dialog = true };
        CHECK(invite_with(t, 17, 3.0, "new-call", "sip:carol@example.com", o).transfer == -1);
        invite_opts r = { .resend = true };
        CHECK(invite_with(t, 18, 3.0, "new-call", "sip:carol@example.com", r).transfer == 0);
        CHECK(tr->invite_frame == 9);
    }
    sipadv_tracker_free(t);
}

/* An INVITE is compared with SIPADV_TRIGGER_SCAN_LIMIT open transfers to its target at
 * most, and says so when others were left: the only limit of the matching. */
static void test_trigger_scan_limit(void)
{
    for (unsigned blocking = SIPADV_TRIGGER_SCAN_LIMIT - 1;
         blocking <= SIPADV_TRIGGER_SCAN_LIMIT; blocking++) {
        sipadv_tracker *t = sipadv_tracker_new();
        uint32_t frame = 1;
        sipadv_link l;

        /* Transfers of the INVITE's own call, which cannot have triggered it, then one of
         * another call, which can. */
        for (unsigned i = 0; i < blocking; i++)
            refer_in(t, frame++, 1.0, "own", FROM, i + 1, "<sip:ivan@example.com>");
        refer_in(t, frame++, 1.0, "other", FROM, 1, "<sip:ivan@example.com>");
        l = invite(t, frame++, 2.0, "own", "sip:ivan@example.com");
        if (blocking < SIPADV_TRIGGER_SCAN_LIMIT) {
            CHECK(l.transfer == (int)blocking && l.flags == 0);
        } else {
            CHECK(l.transfer == -1 && l.flags == SIPADV_INVITE_TRIGGER_UNCHECKED);
            /* A new call's INVITE still finds the oldest, without a word. */
            l = invite(t, frame++, 2.5, "fresh", "sip:ivan@example.com");
            CHECK(l.transfer == 0 && l.flags == 0);
        }
        sipadv_tracker_free(t);
    }
}

static void test_invite_timing_and_order(void)
{
    sipadv_tracker *t = sipadv_tracker_new();

    /* Too late: more than 64 s after the REFER. */
    refer_in(t, 1, 100.0, "a", FROM, 1, "<sip:dave@example.com>");
    CHECK(invite(t, 2, 164.5, "n1", "sip:dave@example.com").transfer == -1);
    /* Exactly at the window's end still counts. */
    refer_in(t, 3, 200.0, "b", FROM, 1, "<sip:dave@example.com>");
    CHECK(invite(t, 4, 264.0, "n2", "sip:dave@example.com").transfer == 1);

    /* Two transfers to one target: the oldest first, then the next. */
    refer_in(t, 10, 300.0, "c", FROM, 1, "sip:erin@example.com");
    refer_in(t, 11, 301.0, "d", FROM, 1, "<sip:erin@example.com>");
    refer_in(t, 12, 302.0, "e", FROM, 1, "<sip:erin@example.com>");
    answer_in(t, 13, 302.1, "e", 1, 603, false, false);
    CHECK(invite(t, 14, 303.0, "n3", "sip:erin@example.com").transfer == 2);
    /* The next one in line cannot be triggered from its own call. */
    CHECK(invite(t, 15, 303.5, "d", "sip:erin@example.com").transfer == -1);
    CHECK(invite(t, 16, 304.0, "n4", "sip:erin@example.com").transfer == 3);
    /* The rejected REFER triggered nothing. */
    CHECK(invite(t, 17, 305.0, "n5", "sip:erin@example.com").transfer == -1);
    CHECK(sipadv_tracker_get(t, 4)->invite_frame == 0);

    /* The same call-id skipped, the next candidate behind it found. */
    refer_in(t, 20, 400.0, "f", FROM, 1, "<sip:frank@example.com>");
    refer_in(t, 21, 400.5, "g", FROM, 1, "<sip:frank@example.com>");
    CHECK(invite(t, 22, 401.0, "f", "sip:frank@example.com").transfer == 6);

    /* A ';' in the user part is no URI parameter; unbracketed URIs lose their params. */
    refer_in(t, 30, 500.0, "h", FROM, 1, "<sip:+4930123;phone-context=example.com@gw.example"
                                         ".com;user=phone>");
    CHECK(invite(t, 31, 501.0, "n6", "sip:+4930123;phone-context=example.com@gw.example.com")
              .transfer == 7);
    refer_in(t, 32, 502.0, "i", FROM, 1, "sip:gina@example.com;method=INVITE");
    CHECK(invite(t, 33, 503.0, "n7", " <sip:gina@example.com> ").transfer == 8);
    /* An INVITE before its REFER is not triggered by it. */
    refer_in(t, 34, 600.0, "j", FROM, 1, "<sip:hank@example.com>");
    {
        sipadv_invite ev = { .frame = 35, .time = 599.0, .call_id = S("n8"),
                             .request_uri = S("sip:hank@example.com") };
        CHECK(sipadv_tracker_invite(t, &ev).transfer == -1);
    }
    sipadv_tracker_free(t);
}

/* An Event id that is no number names no REFER, not even one whose CSeq is 0. */
static void test_invalid_event_id(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    notify_opts o = { .has_id = true, .id_invalid = true, .id = 0 };
    sipadv_link l;

    refer(t, 1, 0.0, 0);
    answer(t, 2, 0.1, 0, 202);
    l = notify_with(t, 3, 0.2, OK_FRAG, DONE, o);
    CHECK(l.transfer == -1 && (l.flags & SIPADV_NOTIFY_ORPHAN));
    CHECK(sipadv_tracker_get(t, 0)->notify_count == 0);
    o.id_invalid = false;
    CHECK(notify_with(t, 4, 0.3, OK_FRAG, DONE, o).transfer == 0); /* id=0 itself does */
    sipadv_tracker_free(t);
}

/* A fresh tracker with one REFER (frame 1, CSeq 1) accepted by a 202 (frame 2). */
static sipadv_tracker *accepted_transfer(void)
{
    sipadv_tracker *t = sipadv_tracker_new();

    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    return t;
}

/* The triggered INVITE challenged by the target, then resent with credentials. */
static void test_invite_challenged(void)
{
    sipadv_tracker *t = accepted_transfer();
    const sipadv_transfer *tr = sipadv_tracker_get(t, 0);

    CHECK(invite(t, 3, 0.5, "nc", "sip:carol@example.com").transfer == 0);
    CHECK(invite_answer(t, 4, 0.6, "nc", 1, 407).transfer == 0);
    CHECK(tr->invite_code == 407 && tr->invite_response_frame == 4);
    CHECK(invite_with(t, 5, 0.7, "nc", "sip:carol@example.com",
                      (invite_opts){ .cseq = 2 }).transfer == 0);
    CHECK(tr->invite_frame == 3);
    invite_answer(t, 6, 0.8, "nc", 1, 407); /* the challenge retransmitted */
    CHECK(tr->invite_code == 407 && tr->invite_response_frame == 4);
    invite_answer(t, 7, 0.9, "nc", 2, 180);
    CHECK(tr->invite_code == 407);
    invite_answer(t, 8, 1.0, "nc", 2, 200);
    CHECK(tr->invite_code == 200 && tr->invite_response_frame == 8);
    invite_answer(t, 9, 1.1, "nc", 2, 500);
    CHECK(tr->invite_code == 200);
    sipadv_tracker_free(t);

    /* Redirected (302), then sent again on the same call: the retry's answer counts; after
     * a success, a repeated INVITE reopens nothing. */
    t = accepted_transfer();
    tr = sipadv_tracker_get(t, 0);
    CHECK(invite(t, 3, 0.5, "rd", "sip:carol@example.com").transfer == 0);
    invite_answer(t, 4, 0.6, "rd", 1, 302);
    CHECK(tr->invite_code == 302);
    CHECK(invite_with(t, 5, 0.7, "rd", "sip:carol@example.com",
                      (invite_opts){ .cseq = 2 }).transfer == 0);
    invite_answer(t, 6, 0.8, "rd", 1, 302); /* the redirection retransmitted */
    CHECK(tr->invite_code == 302 && tr->invite_response_frame == 4);
    invite_answer(t, 7, 1.0, "rd", 2, 200);
    CHECK(tr->invite_code == 200 && tr->invite_response_frame == 7);
    invite_with(t, 8, 1.5, "rd", "sip:carol@example.com", (invite_opts){ .cseq = 3 });
    invite_answer(t, 9, 1.6, "rd", 3, 486);
    CHECK(tr->invite_code == 200 && tr->invite_response_frame == 7);
    sipadv_tracker_free(t);

    /* A proxy's next branch after a 486 keeps the CSeq: no retry of the UA's, so the 486
     * stays, and a re-INVITE's answer (another CSeq) never decides. */
    t = accepted_transfer();
    tr = sipadv_tracker_get(t, 0);
    CHECK(invite(t, 3, 0.5, "fk", "sip:carol@example.com").transfer == 0);
    invite_answer(t, 4, 0.6, "fk", 1, 486);
    invite(t, 5, 0.7, "fk", "sip:carol@example.com"); /* same CSeq: the next branch */
    invite_answer(t, 6, 0.9, "fk", 1, 200);
    invite_answer(t, 7, 5.0, "fk", 2, 491); /* a re-INVITE's answer */
    CHECK(tr->invite_code == 486 && tr->invite_response_frame == 4);
    sipadv_tracker_free(t);

    /* Only the linked INVITE's own CSeq answers it. */
    t = accepted_transfer();
    tr = sipadv_tracker_get(t, 0);
    invite_with(t, 3, 0.5, "cs", "sip:carol@example.com", (invite_opts){ .cseq = 7 });
    invite_answer(t, 4, 0.6, "cs", 6, 500);
    CHECK(tr->invite_code == 0);
    invite_answer(t, 5, 0.7, "cs", 7, 200);
    CHECK(tr->invite_code == 200 && tr->invite_response_frame == 5);
    sipadv_tracker_free(t);
}

/* Shown values keep 255 bytes and mark the cut. */
static bool shown_cut_marked(const char *s)
{
    return s != NULL && strlen(s) <= 255 + 3 && g_str_has_suffix(s, "...");
}

static bool all_kept_within_cap(const sipadv_transfer *tr)
{
    return tr->call_id && strlen(tr->call_id) < 256 && shown_cut_marked(tr->refer_to) &&
           shown_cut_marked(tr->terminated_reason);
}

static void test_hostile(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const size_t huge_len = 100000;
    char *huge = g_malloc(huge_len + 1), *utf8;
    const sipadv_transfer *tr;
    sipadv_link l;

    /* NULL everywhere. */
    CHECK(sipadv_tracker_refer(NULL, NULL).transfer == -1);
    CHECK(sipadv_tracker_refer(t, NULL).transfer == -1);
    CHECK(sipadv_tracker_refer_response(t, NULL).transfer == -1);
    CHECK(sipadv_tracker_notify(t, NULL).transfer == -1);
    CHECK(sipadv_tracker_invite(t, NULL).transfer == -1);
    CHECK(sipadv_tracker_invite_response(t, NULL).transfer == -1);
    CHECK(sipadv_tracker_count(NULL) == 0);
    CHECK(sipadv_tracker_get(NULL, 0) == NULL);
    CHECK(sipadv_transfer_outcome(NULL, 1.0, TIMEOUT).verdict == SIPADV_VERDICT_PENDING);
    sipadv_tracker_free(NULL);
    {
        sipadv_refer_request r = { .frame = 1 };
        sipadv_refer_response a = { .frame = 2, .code = 202 };
        sipadv_notify n = { .frame = 3 };
        sipadv_invite i = { .frame = 4 };
        sipadv_invite_response ir = { .frame = 5, .code = 200 };
        CHECK(sipadv_tracker_refer(t, &r).transfer == 0);
        CHECK(sipadv_tracker_refer_response(t, &a).transfer == 0);
        l = sipadv_tracker_notify(t, &n);
        CHECK(l.transfer == 0 && l.flags == SIPADV_NOTIFY_BAD_SIPFRAG);
        CHECK(sipadv_tracker_invite(t, &i).transfer == -1);
        CHECK(sipadv_tracker_invite_response(t, &ir).transfer == -1);
        tr = sipadv_tracker_get(t, 0);
        CHECK(tr->call_id == NULL && tr->refer_to == NULL && tr->notify_count == 1);
        CHECK(verdict(t, 0, 2.0) == SIPADV_VERDICT_PENDING);
    }
    CHECK(sipadv_tracker_get(t, -1) == NULL);
    CHECK(sipadv_tracker_get(t, 1) == NULL);
    CHECK(sipadv_tracker_get(t, 1 << 30) == NULL);

    /* Huge strings are kept capped; lookups truncate the same way. */
    memset(huge, 'x', huge_len);
    huge[huge_len] = '\0';
    memcpy(huge, "sip:", 4);
    {
        char *state = g_strconcat("terminated;reason=", huge, NULL);
        notify_opts o = { .call = huge, .to_tag = huge };
        l = refer_in(t, 10, 1.0, huge, huge, 1, huge);
        CHECK(l.transfer == 1);
        CHECK(answer_in(t, 11, 1.1, huge, 1, 202, false, false).transfer == -1); /* FROM tag */
        l = notify_with(t, 12, 1.2, huge, state, o);
        CHECK(l.transfer == 1 && (l.flags & SIPADV_NOTIFY_BAD_SIPFRAG));
        CHECK(l.flags & SIPADV_NOTIFY_BAD_TERMINATION);
        CHECK(all_kept_within_cap(sipadv_tracker_get(t, 1)));
        CHECK(invite(t, 13, 1.3, "new", huge).transfer == 1);
        CHECK(invite_answer(t, 14, 1.4, "new", 1, 200).transfer == 1);
        g_free(state);
    }

    /* Truncation never splits a UTF-8 character. */
    utf8 = g_malloc(1001);
    for (int i = 0; i < 500; i++)
        memcpy(utf8 + 2 * i, "\xc3\xa9", 2);
    utf8[1000] = '\0';
    l = refer_in(t, 20, 2.0, utf8 + 1, "t", 1, utf8); /* the call-id starts mid-character */
    tr = sipadv_tracker_get(t, l.transfer);
    CHECK(g_utf8_validate(tr->refer_to, -1, NULL) && strlen(tr->refer_to) == 254 + 3);
    CHECK(shown_cut_marked(tr->refer_to));
    g_free(utf8);

    /* Keys with separators cannot be confused: ("a", "bc") vs ("ab", "c"). */
    CHECK(refer_in(t, 30, 3.0, "1:a", "bc", 1, TARGET).transfer == 3);
    CHECK(refer_in(t, 31, 3.0, "1:ab", "c", 1, TARGET).transfer == 4);
    CHECK(refer_in(t, 32, 3.0, "1:a", "b", 1, TARGET).transfer == 5);
    CHECK(refer_in(t, 33, 3.0, "1:a", "bc", 1, TARGET).transfer == 3);

    /* A weird but bounded Subscription-State and Refer-To. */
    refer_in(t, 40, 4.0, "w", FROM, 1, "\"unterminated <sip:x@y");
    refer_in(t, 41, 4.0, "w", FROM, 2, "<");
    refer_in(t, 42, 4.0, "w", FROM, 3, ";;;?@:");
    {
        notify_opts o = { .call = "w", .has_id = true, .id = 1 };
        l = notify_with(t, 43, 4.1, "SIP/2.0 200", ";;;=;reason;reason=", o);
        CHECK(l.transfer == 6 && l.sipfrag_code == 200);
        l = notify_with(t, 44, 4.1, "SIP/2.0 200", "terminated;reason;=x;reason=", o);
        CHECK(l.flags == SIPADV_NOTIFY_BAD_TERMINATION);
        CHECK_STR(sipadv_tracker_get(t, 6)->terminated_reason, "");
    }
    CHECK(invite(t, 45, 4.2, "w2", "<").transfer == -1);
    CHECK(invite(t, 46, 4.2, "w2", "").transfer == -1);

    g_free(huge);
    sipadv_tracker_free(t);
}

static void test_notify_flood(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    const sipadv_transfer *tr;
    bool in_order = true;

    refer(t, 1, 0.0, 1);
    answer(t, 2, 0.1, 1, 202);
    for (uint32_t i = 0; i < 10000; i++)
        notify(t, 100 + i, 1.0 + i, TRYING_FRAG, ACTIVE);
    tr = sipadv_tracker_get(t, 0);
    CHECK(tr->notify_count == 10000);
    for (unsigned i = 0; i < SIPADV_MAX_NOTIFY_FRAMES; i++)
        in_order = in_order && tr->notify_frames[i] == 100 + i;
    CHECK(in_order);
    CHECK(verdict(t, 0, 20000.0) == SIPADV_VERDICT_PENDING);
    sipadv_tracker_free(t);
}

/* Seconds a timed scenario may take: generous for sanitizers, times 30 under valgrind,
 * which cannot be told apart from a quadratic blow-up otherwise. */
/* The budgets only have to catch a quadratic cost: the flood's would take minutes, the
 * unbounded scan's (2e8 candidate checks) several seconds. They sit well above the linear
 * times (about 1 s and 0.2 s, twice that on a loaded machine) so that ctest -j or a fuzz run
 * beside does not fail them. */
static double time_budget(double seconds)
{
    const char *preload = g_getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") ? seconds * 30 : seconds;
}

/* Every event must stay O(1): a flood in one dialog and to one target is linear. */
static void test_scale(void)
{
    enum { N = 200000 };
    sipadv_tracker *t = sipadv_tracker_new();
    gint64 start = g_get_monotonic_time();
    double seconds;
    bool linked = true, ambiguous_ok = true;
    char call[32];

    for (unsigned i = 0; i < N; i++)
        linked = linked && refer(t, i + 1, i * 1e-5, i + 1).transfer == (int)i;
    for (unsigned i = 0; i < N; i++)
        linked = linked && answer(t, N + i + 1, 2.0 + i * 1e-5, i + 1, 202).transfer == (int)i;
    /* NOTIFYs without id each end the oldest outstanding transfer. */
    for (unsigned i = 0; i < N; i++) {
        sipadv_link l = notify(t, 2 * N + i + 1, 4.0 + i * 1e-5, OK_FRAG, DONE);
        linked = linked && l.transfer == (int)i;
        ambiguous_ok = ambiguous_ok && (l.flags == (i + 1 < N ? SIPADV_NOTIFY_AMBIGUOUS : 0u));
    }
    /* Each INVITE takes the next transfer to the shared target. */
    for (unsigned i = 0; i < N; i++) {
        g_snprintf(call, sizeof(call), "inv-%u", i);
        linked = linked && invite(t, 3 * N + i + 1, 6.0 + i * 1e-5, call,
                                  "sip:carol@example.com").transfer == (int)i;
    }
    /* Hostile: out-of-dialog INVITEs reusing the REFERs' own Call-ID, after all were
     * served, and unmatched NOTIFYs: bounded work, no state. */
    for (unsigned i = 0; i < 20000; i++) {
        linked = linked && invite(t, 5 * N + i, 7.0, CALL, "sip:carol@example.com").transfer == -1;
        linked = linked && notify_id(t, 6 * N + i, 7.0, N + 1 + i, OK_FRAG, DONE).transfer == -1;
    }
    seconds = (double)(g_get_monotonic_time() - start) / 1e6;
    CHECK(linked);
    CHECK(ambiguous_ok);
    CHECK(sipadv_tracker_count(t) == N);
    CHECK(verdict(t, N - 1, 10.0) == SIPADV_VERDICT_SUCCEEDED);
    CHECK_MSG(seconds < time_budget(30.0), "200000-REFER flood took %.2f s", seconds);
    printf("scale: %d REFERs, responses, NOTIFYs and INVITEs in one dialog: %.2f s\n", N,
           seconds);
    sipadv_tracker_free(t);
}

/* Same-Call-ID candidates in front of the right one: the scan is bounded, not quadratic. */
static void test_scan_bound(void)
{
    enum { N = 20000 };
    sipadv_tracker *t = sipadv_tracker_new();
    gint64 start = g_get_monotonic_time();
    double seconds;
    bool none = true;

    for (unsigned i = 0; i < N; i++)
        refer(t, i + 1, 0.0, i + 1);
    for (unsigned i = 0; i < N; i++)
        none = none && invite(t, N + i + 1, 1.0, CALL, "sip:carol@example.com").transfer == -1;
    seconds = (double)(g_get_monotonic_time() - start) / 1e6;
    CHECK(none);
    printf("scan bound: %d same-Call-ID INVITEs against %d candidates: %.2f s\n", N, N, seconds);
    CHECK_MSG(seconds < time_budget(3.0), "bounded scan took %.2f s", seconds);
    /* Another call still finds the oldest. */
    CHECK(invite(t, 3 * N, 1.0, "other", "sip:carol@example.com").transfer == 0);
    sipadv_tracker_free(t);
}

/* ---- spans: read by their length ------------------------------------------------------ */

/* An exact-size heap copy without a terminator: a read past the span shows under ASan or
 * valgrind, as it would on a packet. */
static sipadv_span exact(const char *bytes, size_t len)
{
    char *copy = g_malloc(len > 0 ? len : 1);
    sipadv_span sp;

    memcpy(copy, bytes, len);
    sp.ptr = copy;
    sp.len = len;
    return sp;
}

static void release(sipadv_span sp)
{
    g_free((char *)sp.ptr);
}

/* Every text input is the prefix its length says, not up to the next NUL. */
static void test_span_prefixes(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_span call = exact(CALL "XYZ", strlen(CALL) + 3);
    sipadv_span from = exact(FROM "XYZ", strlen(FROM) + 3);
    sipadv_span target = exact(TARGET "junk", strlen(TARGET) + 4);
    sipadv_span frag = exact("SIP/2.0 2001", 12);
    sipadv_span ruri = exact("sip:carol@example.com;x=1", 25);
    const sipadv_transfer *tr;
    sipadv_link l;

    call.len -= 3;
    from.len -= 3;
    target.len -= 4;
    {
        sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = call, .from_tag = from,
                                    .to_tag = S(TO), .cseq = 1, .refer_to = target };
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
    }
    tr = sipadv_tracker_get(t, 0);
    CHECK_STR(tr->call_id, CALL);
    CHECK_STR(tr->refer_to, TARGET);
    /* The same dialog spelt with C strings finds it. */
    CHECK(answer(t, 2, 0.1, 1, 202).transfer == 0);
    /* "SIP/2.0 2001" is no status line; its first 11 bytes are. */
    frag.len = 11;
    {
        sipadv_notify ev = { .frame = 3, .time = 0.2, .call_id = call, .from_tag = S(TO),
                             .to_tag = from, .sipfrag_line = frag,
                             .subscription_state = S(ACTIVE) };
        l = sipadv_tracker_notify(t, &ev);
    }
    CHECK(l.transfer == 0 && l.sipfrag_code == 200 && l.flags == 0);
    l = notify_with(t, 4, 0.3, "SIP/2.0 2001", ACTIVE, (notify_opts){ 0 });
    CHECK(l.sipfrag_code == 0 && (l.flags & SIPADV_NOTIFY_BAD_SIPFRAG));
    /* The INVITE's Request-URI is cut before ";x=1" by its length, then matched. */
    ruri.len = strlen("sip:carol@example.com");
    {
        sipadv_invite ev = { .frame = 5, .time = 0.4, .call_id = S("new-call"),
                             .request_uri = ruri, .has_referred_by = true };
        CHECK(sipadv_tracker_invite(t, &ev).transfer == 0);
    }
    release(call);
    release(from);
    release(target);
    release(frag);
    release(ruri);
    sipadv_tracker_free(t);
}

/* A NUL inside a Call-ID or tag is one of its bytes: what follows it still counts. */
static void test_span_embedded_nul(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_span call_b = exact("c\0b", 3), call_c = exact("c\0c", 3);
    sipadv_span tag_x = exact("ft\0x", 4);

    {
        sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = call_b,
                                    .from_tag = S(FROM), .cseq = 1, .refer_to = S(TARGET) };
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
        ev.frame = 2;
        ev.call_id = call_c;
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 1); /* not a retransmission */
    }
    CHECK(sipadv_tracker_count(t) == 2);
    {
        sipadv_refer_response ev = { .frame = 3, .time = 0.1, .call_id = call_c,
                                     .from_tag = S(FROM), .cseq = 1, .code = 603 };
        CHECK(sipadv_tracker_refer_response(t, &ev).transfer == 1);
    }
    CHECK(sipadv_tracker_get(t, 0)->response_code == 0);
    CHECK(sipadv_tracker_get(t, 1)->response_code == 603);
    {
        /* The REFER's From tag is "ft", not "ft\0x". */
        sipadv_notify ev = { .frame = 4, .time = 0.2, .call_id = call_b, .from_tag = S(TO),
                             .to_tag = tag_x, .has_id = true, .id = 1,
                             .sipfrag_line = S(OK_FRAG), .subscription_state = S(DONE) };
        CHECK(sipadv_tracker_notify(t, &ev).flags & SIPADV_NOTIFY_ORPHAN);
    }
    /* An INVITE on the REFER's own call "c\0b" was not triggered by it; one on "c\0d"
     * may have been, though both read "c" up to the NUL. */
    {
        sipadv_span call_d = exact("c\0d", 3);
        sipadv_invite ev = { .frame = 5, .time = 0.3, .call_id = call_b,
                             .request_uri = S("sip:carol@example.com") };
        CHECK(sipadv_tracker_invite(t, &ev).transfer == -1);
        ev.frame = 6;
        ev.call_id = call_d;
        CHECK(sipadv_tracker_invite(t, &ev).transfer == 0);
        release(call_d);
    }
    release(call_b);
    release(call_c);
    release(tag_x);
    sipadv_tracker_free(t);
}

/* What the tracker shows from a span is valid UTF-8 even when the bytes were not. */
static void test_span_shown_text_repaired(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_span target = exact("<sip:x@y>\0z\xff", 12);
    sipadv_span state = exact("terminated;reason=bad\xc3", 22);
    const sipadv_transfer *tr;

    {
        sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = S(CALL),
                                    .from_tag = S(FROM), .cseq = 1, .refer_to = target };
        sipadv_tracker_refer(t, &ev);
    }
    answer(t, 2, 0.1, 1, 202);
    {
        sipadv_notify ev = { .frame = 3, .time = 0.2, .call_id = S(CALL), .from_tag = S(TO),
                             .to_tag = S(FROM), .sipfrag_line = S(TRYING_FRAG),
                             .subscription_state = state };
        sipadv_tracker_notify(t, &ev);
    }
    tr = sipadv_tracker_get(t, 0);
    CHECK_STR(tr->refer_to, "<sip:x@y>\xef\xbf\xbdz\xef\xbf\xbd");
    CHECK(tr->terminated);
    CHECK_STR(tr->terminated_reason, "bad\xef\xbf\xbd");
    release(target);
    release(state);
    sipadv_tracker_free(t);
}

/* Present but empty is not absent where the tracker keeps the text; as a key, an absent
 * value counts as empty, as it did before spans. */
static void test_span_empty_and_absent(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    sipadv_span empty = exact("", 0);
    sipadv_link l;

    {
        sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = S(CALL),
                                    .from_tag = empty, .cseq = 1, .refer_to = empty };
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
        ev.frame = 2;
        ev.call_id = S("call-absent");
        ev.from_tag = S(NULL);
        ev.refer_to = S(NULL);
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 1);
    }
    CHECK_STR(sipadv_tracker_get(t, 0)->refer_to, "");
    CHECK(sipadv_tracker_get(t, 1)->refer_to == NULL);
    /* An absent To tag on the NOTIFY finds the REFER sent with an empty From tag. */
    {
        sipadv_notify ev = { .frame = 3, .time = 0.2, .call_id = S(CALL), .from_tag = S(TO),
                             .to_tag = S(NULL), .has_id = true, .id = 1,
                             .sipfrag_line = empty, .subscription_state = S(ACTIVE) };
        l = sipadv_tracker_notify(t, &ev);
    }
    CHECK(l.transfer == 0 && (l.flags & SIPADV_NOTIFY_BAD_SIPFRAG) && l.sipfrag_code == 0);
    release(empty);
    sipadv_tracker_free(t);
}

/* Values longer than the cap key as their first 255 bytes, with or without a NUL after. */
static void test_span_cap(void)
{
    sipadv_tracker *t = sipadv_tracker_new();
    char a[300], b[300];
    sipadv_span call_a, call_b;

    memset(a, 'a', sizeof(a));
    memcpy(b, a, sizeof(b));
    b[299] = 'b';
    call_a = exact(a, sizeof(a));
    call_b = exact(b, sizeof(b));
    {
        sipadv_refer_request ev = { .frame = 1, .time = 0.0, .call_id = call_a,
                                    .from_tag = S(FROM), .cseq = 1, .refer_to = S(TARGET) };
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
        ev.frame = 2;
        ev.call_id = call_b;
        CHECK(sipadv_tracker_refer(t, &ev).transfer == 0);
    }
    CHECK(sipadv_tracker_count(t) == 1);
    CHECK(strlen(sipadv_tracker_get(t, 0)->call_id) == 255);
    release(call_a);
    release(call_b);
    sipadv_tracker_free(t);
}

/* The repair of a shown value stops at the cap, yet gives what repairing the whole value
 * and then capping (and marking the cut) would: checked around the cap with bad bytes, cut and whole
 * characters and NULs at every offset. */
static void test_span_repair_bounded(void)
{
    static const struct { const char *bytes; size_t len; } patterns[] = {
        { "\xff", 1 },          { "\xe2\x82", 2 },  { "\xf0\x9f\x98\x80", 4 },
        { "\xf0\x9f\x98", 3 },  { "\0", 1 },        { "\xc3\xa9\xff\xc3", 4 },
        { "\xe2\x82\xac", 3 },
    };
    bool all_equal = true;

    for (size_t off = 240; off < 262; off++) {
        for (size_t p = 0; p < G_N_ELEMENTS(patterns); p++) {
            sipadv_tracker *t = sipadv_tracker_new();
            GString *value = g_string_new(NULL);
            char *whole;
            size_t keep;
            sipadv_span sp;

            for (size_t i = 0; i < off; i++)
                g_string_append_c(value, 'a');
            g_string_append_len(value, patterns[p].bytes, (gssize)patterns[p].len);
            g_string_append(value, "\xe2\x82\xac tail");
            whole = g_malloc(SIPADV_UTF8_REPAIR_ROOM(value->len));
            sipadv_utf8_repair(value->str, value->len, whole, SIPADV_UTF8_REPAIR_ROOM(value->len));
            keep = strlen(whole) < 256 ? strlen(whole) : 255;
            while (keep > 0 && keep < strlen(whole) && ((unsigned char)whole[keep] & 0xC0) == 0x80)
                keep--;
            if (keep < strlen(whole))
                memcpy(whole + keep, "...", 4); /* the cut is marked */
            sp = exact(value->str, value->len);
            {
                sipadv_refer_request ev = { .frame = 1, .call_id = S(CALL), .from_tag = S(FROM),
                                            .cseq = 1, .refer_to = sp };
                sipadv_tracker_refer(t, &ev);
            }
            if (strcmp(sipadv_tracker_get(t, 0)->refer_to, whole) != 0) {
                all_equal = false;
                fprintf(stderr, "repair differs at offset %zu, pattern %zu\n", off, p);
            }
            release(sp);
            g_free(whole);
            g_string_free(value, TRUE);
            sipadv_tracker_free(t);
        }
    }
    CHECK(all_equal);
}

int main(void)
{
    test_verdict_names();
    test_succeeded();
    test_failed();
    test_ended_before_final_status();
    test_termination_reasons();
    test_rejected();
    test_challenged();
    test_unanswered_and_no_notify();
    test_no_subscription();
    test_require_nosub();
    test_explicit_subscription();
    test_retransmissions();
    test_notify_before_2xx();
    test_ids();
    test_no_id();
    test_orphans();
    test_bad_sipfrag();
    test_out_of_dialog_refer();
    test_triggered_invite();
    test_invite_timing_and_order();
    test_trigger_scan_limit();
    test_invite_challenged();
    test_invalid_event_id();
    test_hostile();
    test_notify_flood();
    test_scale();
    test_scan_bound();
    test_span_prefixes();
    test_span_embedded_nul();
    test_span_shown_text_repaired();
    test_span_empty_and_absent();
    test_span_cap();
    test_span_repair_bounded();
    return check_report();
}
