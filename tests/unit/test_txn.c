/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the transaction table: linkage, direction, retransmissions, expiry, and the
 * Retry-After retry watch. */
#include "check.h"
#include "sipadv_txn.h"

static sipadv_txn_key key(const char *call_id, unsigned cseq, const char *method,
                          const char *requester)
{
    sipadv_txn_key k = { call_id, cseq, method, requester };
    return k;
}

int main(void)
{
    sipadv_txns *t = sipadv_txns_new(300);
    sipadv_txn_key k = key("c1", 1, "REGISTER", "192.0.2.1:5060");
    sipadv_request r = { .frame = 1, .time = 0.0, .expires = "10",
                         .contact = "<sip:a@192.0.2.1>;expires=10" };
    const sipadv_request *got;

    sipadv_txns_add(t, &k, &r);
    got = sipadv_txns_find(t, &k);
    CHECK(got != NULL && got->frame == 1);
    CHECK_STR(got->expires, "10");

    /* A retransmission keeps the original. */
    r.frame = 2;
    sipadv_txns_add(t, &k, &r);
    CHECK(sipadv_txns_find(t, &k)->frame == 1);
    CHECK(sipadv_txns_count(t) == 1);

    /* Wrong direction, other CSeq, other method, other Call-ID: no match. */
    {
        sipadv_txn_key other = key("c1", 1, "REGISTER", "192.0.2.9:5060");
        CHECK(sipadv_txns_find(t, &other) == NULL);
        other = key("c1", 2, "REGISTER", "192.0.2.1:5060");
        CHECK(sipadv_txns_find(t, &other) == NULL);
        other = key("c1", 1, "INVITE", "192.0.2.1:5060");
        CHECK(sipadv_txns_find(t, &other) == NULL);
        other = key("c2", 1, "REGISTER", "192.0.2.1:5060");
        CHECK(sipadv_txns_find(t, &other) == NULL);
        other = key(NULL, 1, NULL, NULL);
        CHECK(sipadv_txns_find(t, &other) == NULL);
    }

    /* Entries older than the horizon go when newer requests arrive. */
    {
        sipadv_txn_key later = key("c9", 1, "OPTIONS", "192.0.2.1:5060");
        sipadv_request lr = { .frame = 50, .time = 400.0 };
        sipadv_txns_add(t, &later, &lr);
        CHECK(sipadv_txns_find(t, &k) == NULL);
        CHECK(sipadv_txns_find(t, &later) != NULL);
        CHECK(sipadv_txns_count(t) == 1);
    }

    /* Bounded copies of huge values. */
    {
        static char huge[100000];
        sipadv_txn_key hk;
        sipadv_request hr = { .frame = 60, .time = 401.0, .expires = huge };
        memset(huge, 'x', sizeof(huge) - 1);
        hk = key(huge, 7, huge, huge);
        sipadv_txns_add(t, &hk, &hr);
        got = sipadv_txns_find(t, &hk);
        CHECK(got != NULL && strlen(got->expires) == 255);
    }

    /* Answered transactions linger 32 s after their first final response; a provisional
     * answer, or none (a ringing INVITE), keeps an entry for the whole horizon. */
    {
        sipadv_txns *lt = sipadv_txns_new(300);
        sipadv_txn_key done = key("d", 1, "OPTIONS", "192.0.2.1:5060");
        sipadv_txn_key ringing = key("r", 1, "INVITE", "192.0.2.2:5060");
        sipadv_txn_key tick = key("t", 1, "OPTIONS", "192.0.2.3:5060");
        sipadv_request dr = { .frame = 1, .time = 0.0 }, rr = { .frame = 2, .time = 0.5 };
        sipadv_request tr = { .frame = 3, .time = 0.0 };

        sipadv_txns_add(lt, &done, &dr);
        sipadv_txns_add(lt, &ringing, &rr);
        CHECK(sipadv_txns_answer(lt, &ringing, 180, 1.0)->frame == 2);
        CHECK(sipadv_txns_answer(lt, &done, 200, 1.0)->frame == 1);
        CHECK(sipadv_txns_answer(lt, &done, 200, 20.0)->frame == 1); /* resent: same clock */
        tr.time = 33.0; /* 32 s after the 200: not yet past the linger */
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &done) != NULL);
        tick.cseq = 2, tr.time = 33.5;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &done) == NULL);
        CHECK(sipadv_txns_find(lt, &ringing) != NULL);
        CHECK(sipadv_txns_answer(lt, &done, 200, 34.0) == NULL);
        tick.cseq = 3, tr.time = 299.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &ringing) != NULL);
        CHECK(sipadv_txns_count(lt) == 4); /* ringing, and ticks 1-3: never answered */
        tick.cseq = 4, tr.time = 301.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &ringing) == NULL);
        sipadv_txns_answer(lt, &tick, 486, 301.0);
        tick.cseq = 5, tr.time = 700.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_count(lt) == 1);
        sipadv_txns_free(lt);
        /* With a horizon shorter than the linger, an answered entry leaves both queues. */
        lt = sipadv_txns_new(10);
        tr.time = 0.0;
        sipadv_txns_add(lt, &done, &tr);
        sipadv_txns_answer(lt, &done, 200, 5.0);
        tr.time = 11.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &done) == NULL && sipadv_txns_count(lt) == 1);
        tick.cseq = 6, tr.time = 50.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_count(lt) == 1);
        sipadv_txns_free(lt);
    }

    /* Retry-After: a 503 at t=10 asks for 120 s; the same client retries at t=13. */
    sipadv_txns_note_retry_after(t, "192.0.2.1:5060", "INVITE", "sip:b@x", 20, 10.0, 120);
    sipadv_txns_note_request(t, "192.0.2.7:5060", "INVITE", "sip:b@x", 21, 11.0); /* other */
    sipadv_txns_note_request(t, "192.0.2.1:5060", "OPTIONS", "sip:b@x", 22, 12.0); /* other */
    sipadv_txns_note_request(t, "192.0.2.1:5060", "INVITE", "sip:b@x", 23, 13.0);
    sipadv_txns_note_request(t, "192.0.2.1:5060", "INVITE", "sip:b@x", 24, 14.0);
    {
        const sipadv_retry *rt = sipadv_txns_retry_for(t, 20);
        CHECK(rt != NULL && rt->retry_after == 120 && rt->retry_frame == 23);
        CHECK(rt->retry_time - rt->response_time == 3.0);
        CHECK(sipadv_txns_retry_for(t, 21) == NULL);
    }
    /* A response with Retry-After and no retry. */
    sipadv_txns_note_retry_after(t, "192.0.2.3:5060", "REGISTER", "sip:r", 30, 20.0, 60);
    CHECK(sipadv_txns_retry_for(t, 30)->retry_frame == 0);

    sipadv_txns_free(t);
    sipadv_txns_free(NULL);
    return check_report();
}
