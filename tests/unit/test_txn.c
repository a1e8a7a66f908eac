/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the transaction table: linkage, direction, retransmissions, expiry, and the
 * Retry-After retry watch. */
#include "check.h"
#include "sipadv_hash.h"
#include "sipadv_txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A C string as a span; NULL stays absent. */
static sipadv_span S(const char *s)
{
    return (sipadv_span){ s, s ? strlen(s) : 0 };
}

/* A kept value holds exactly these bytes. */
static bool span_is(sipadv_span sp, const char *text)
{
    bool same = sp.ptr != NULL && sp.len == strlen(text) && memcmp(sp.ptr, text, sp.len) == 0;

    if (!same)
        fprintf(stderr, "kept '%.*s', want '%s'\n", (int)sp.len, sp.ptr ? sp.ptr : "", text);
    return same;
}

/* A retry watch's key from C strings. */
#define RK(client, server, method, target) \
    ((sipadv_retry_key){ S(client), S(server), S(method), S(target) })

static sipadv_txn_key key(const char *call_id, unsigned cseq, const char *method,
                          const char *requester)
{
    sipadv_txn_key k = { S(call_id), cseq, S(method), S(requester) };
    return k;
}

/* The hash's tail: whatever loads it uses, it is the last r bytes as a little-endian number,
 * for every length and every tail size, and it reads no byte outside the key (run under
 * ASan, each key sits in an allocation of exactly its own size). */
static void test_hash_tail(void)
{
    unsigned wrong = 0;

    for (size_t len = 1; len <= 40; len++) {
        char *key = malloc(len);
        for (size_t i = 0; i < len; i++)
            key[i] = (char)(0xA5 ^ (i * 37 + len));
        for (size_t r = 1; r <= 7 && r <= len; r++) {
            uint64_t want = 0;
            for (size_t i = 0; i < r; i++)
                want |= (uint64_t)(unsigned char)key[len - r + i] << (8 * i);
            if (sipadv_hash_tail(key, len, r) != want)
                wrong++;
        }
        free(key);
    }
    CHECK(wrong == 0);
    /* Equal bytes hash alike wherever they lie; one changed byte in the tail changes it. */
    {
        const char a[] = "xxabcdefghijk", b[] = "abcdefghijk";
        CHECK(sipadv_bytes_hash(a + 2, 11) == sipadv_bytes_hash(b, 11));
        CHECK(sipadv_bytes_hash("abcdefghijk", 11) != sipadv_bytes_hash("abcdefghijl", 11));
        CHECK(sipadv_bytes_hash("abc", 3) != sipadv_bytes_hash("abd", 3));
    }
}

int main(void)
{
    sipadv_txns *t = sipadv_txns_new(300);
    sipadv_txn_key k = key("c1", 1, "REGISTER", "192.0.2.1:5060");
    sipadv_request_in r = { .frame = 1, .time = 0.0, .expires = S("10"),
                            .contact = S("<sip:a@192.0.2.1>;expires=10") };
    const sipadv_request *got;

    test_hash_tail();
    sipadv_txns_add(t, &k, &r);
    got = sipadv_txns_find(t, &k);
    CHECK(got != NULL && got->frame == 1);
    CHECK(span_is(got->expires, "10"));
    CHECK(got->contact_expires.status == SIPADV_NUM_OK && got->contact_expires.value == 10);

    /* A Contact longer than any kept value still gives its expires parameter: it is read
     * when the request is added, not copied. */
    {
        GString *long_contact = g_string_new("<sip:ue@192.0.2.1;transport=tcp;ob>");
        sipadv_txn_key lk = key("c-long", 1, "REGISTER", "192.0.2.1:5060");
        sipadv_request_in lr = { .frame = 5, .time = 0.0 };
        const sipadv_request *lg;
        sipadv_txns *lt = sipadv_txns_new(300);

        for (int i = 0; i < 20; i++)
            g_string_append_printf(long_contact, ";+g.feature-tag-%02d=\"<urn:x:%02d>\"", i, i);
        g_string_append(long_contact, ";expires=600");
        lr.contact = (sipadv_span){ long_contact->str, long_contact->len };
        CHECK(long_contact->len > 600);
        sipadv_txns_add(lt, &lk, &lr);
        lg = sipadv_txns_find(lt, &lk);
        CHECK(lg != NULL && lg->contact_expires.status == SIPADV_NUM_OK &&
              lg->contact_expires.value == 600);
        sipadv_txns_free(lt);
        g_string_free(long_contact, TRUE);
    }

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
        sipadv_request_in lr = { .frame = 50, .time = 400.0 };
        sipadv_txns_add(t, &later, &lr);
        CHECK(sipadv_txns_find(t, &k) == NULL);
        CHECK(sipadv_txns_find(t, &later) != NULL);
        CHECK(sipadv_txns_count(t) == 1);
    }

    /* Bounded copies of huge values. */
    {
        static char huge[100000];
        sipadv_txn_key hk;
        sipadv_request_in hr = { .frame = 60, .time = 401.0 };
        memset(huge, 'x', sizeof(huge) - 1);
        hr.expires = S(huge);
        hk = key(huge, 7, huge, huge);
        sipadv_txns_add(t, &hk, &hr);
        got = sipadv_txns_find(t, &hk);
        CHECK(got != NULL && got->expires.len == 255 && got->expires.ptr[254] == 'x');
    }

    /* Answered transactions linger 32 s after their first final response; a 100 Trying,
     * or no answer at all, keeps an entry for the horizon after its request. */
    {
        sipadv_txns *lt = sipadv_txns_new(300);
        sipadv_txn_key done = key("d", 1, "OPTIONS", "192.0.2.1:5060");
        sipadv_txn_key ringing = key("r", 1, "INVITE", "192.0.2.2:5060");
        sipadv_txn_key tick = key("t", 1, "OPTIONS", "192.0.2.3:5060");
        sipadv_request_in dr = { .frame = 1, .time = 0.0 }, rr = { .frame = 2, .time = 0.5 };
        sipadv_request_in tr = { .frame = 3, .time = 0.0 };

        sipadv_txns_add(lt, &done, &dr);
        sipadv_txns_add(lt, &ringing, &rr);
        CHECK(sipadv_txns_answer(lt, &ringing, 100, 1.0)->frame == 2); /* keeps the clock */
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

    /* A provisional response past 100 restarts an unanswered entry's horizon, as it
     * restarts a proxy's Timer C; an entry nobody heard from goes first, even when its
     * request came later. */
    {
        sipadv_txns *lt = sipadv_txns_new(300);
        sipadv_txn_key ringing = key("long-ring", 1, "INVITE", "192.0.2.2:5060");
        sipadv_txn_key quiet = key("quiet", 1, "INVITE", "192.0.2.4:5060");
        sipadv_txn_key tick = key("tick", 1, "OPTIONS", "192.0.2.3:5060");
        sipadv_request_in rr = { .frame = 1, .time = 0.0 }, qr = { .frame = 2, .time = 10.0 };
        sipadv_request_in tr = { .frame = 3, .time = 0.0 };

        sipadv_txns_add(lt, &ringing, &rr);
        sipadv_txns_add(lt, &quiet, &qr);
        CHECK(sipadv_txns_answer(lt, &ringing, 180, 200.0)->frame == 1);
        tr.time = 450.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &quiet) == NULL);   /* 440 s without a word */
        CHECK(sipadv_txns_find(lt, &ringing) != NULL); /* 250 s after its 180 */
        CHECK(sipadv_txns_answer(lt, &ringing, 183, 460.0)->frame == 1);
        CHECK(sipadv_txns_answer(lt, &ringing, 180, 455.0)->frame == 1); /* older: no change */
        tick.cseq = 2, tr.time = 760.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &ringing) != NULL); /* exactly 300 s: not past */
        CHECK(sipadv_txns_answer(lt, &ringing, 487, 760.0)->frame == 1);
        CHECK(sipadv_txns_answer(lt, &ringing, 180, 770.0)->frame == 1); /* after the final */
        tick.cseq = 3, tr.time = 793.0;
        sipadv_txns_add(lt, &tick, &tr);
        CHECK(sipadv_txns_find(lt, &ringing) == NULL); /* 33 s after its 487: linger over */
        sipadv_txns_free(lt);
    }

    /* Retry-After: a 503 at t=10 from server .9 asks for 120 s; the same client retries at
     * t=13. Another client, another method, or another server (the failover RFC 3261 sec.
     * 21.5.4 asks for) is no retry. */
    sipadv_txns_note_retry_after(t, &RK("192.0.2.1:5060", "192.0.2.9:5060", "INVITE", "sip:b@x"),
                                 20, 10.0, 120);
    sipadv_txns_note_request(t, &RK("192.0.2.7:5060", "192.0.2.9:5060", "INVITE", "sip:b@x"),
                             21, 11.0);
    sipadv_txns_note_request(t, &RK("192.0.2.1:5060", "192.0.2.9:5060", "OPTIONS", "sip:b@x"),
                             22, 12.0);
    sipadv_txns_note_request(t, &RK("192.0.2.1:5060", "192.0.2.8:5060", "INVITE", "sip:b@x"),
                             23, 12.5);
    sipadv_txns_note_request(t, &RK("192.0.2.1:5060", "192.0.2.9:5060", "INVITE", "sip:b@x"),
                             24, 13.0);
    sipadv_txns_note_request(t, &RK("192.0.2.1:5060", "192.0.2.9:5060", "INVITE", "sip:b@x"),
                             25, 14.0);
    {
        const sipadv_retry *rt = sipadv_txns_retry_for(t, 20);
        CHECK(rt != NULL && rt->retry_after == 120 && rt->retry_frame == 24);
        CHECK(rt->retry_time - rt->response_time == 3.0);
        CHECK(sipadv_txns_retry_for(t, 21) == NULL);
    }
    /* A response with Retry-After and no retry. */
    sipadv_txns_note_retry_after(t, &RK("192.0.2.3:5060", "192.0.2.9:5060", "REGISTER", "sip:r"),
                                 30, 20.0, 60);
    CHECK(sipadv_txns_retry_for(t, 30)->retry_frame == 0);

    /* Keys are spans: only their bytes count, up to their length, NUL bytes included. */
    {
        static const char buf[] = "c7@hostEXTRA";
        static const char nul_a[] = { 'n', '\0', 'a' }, nul_b[] = { 'n', '\0', 'b' };
        sipadv_txn_key prefix = key("c7@host", 1, "INVITE", "e1");
        sipadv_txn_key k1 = key(NULL, 1, "INVITE", "e1"), k2;
        sipadv_request_in pr = { .frame = 70, .time = 402.0, .request_uri = { buf, 2 } };

        k1.call_id = (sipadv_span){ buf, 7 }; /* "c7@host", no NUL after it */
        sipadv_txns_add(t, &k1, &pr);
        got = sipadv_txns_find(t, &prefix);
        CHECK(got != NULL && got->frame == 70);
        CHECK(span_is(got->request_uri, "c7"));
        k1.call_id = (sipadv_span){ buf, 12 };
        CHECK(sipadv_txns_find(t, &k1) == NULL);
        /* Embedded NUL bytes are part of the key. */
        k1.call_id = (sipadv_span){ nul_a, 3 };
        pr.frame = 71;
        sipadv_txns_add(t, &k1, &pr);
        k2 = k1;
        k2.call_id = (sipadv_span){ nul_b, 3 };
        CHECK(sipadv_txns_find(t, &k2) == NULL);
        CHECK(sipadv_txns_find(t, &k1)->frame == 71);
        /* An empty Call-ID is present; an absent one matches it (both count as no bytes). */
        k2.call_id = (sipadv_span){ buf, 0 };
        pr.frame = 72;
        sipadv_txns_add(t, &k2, &pr);
        k2.call_id = (sipadv_span){ NULL, 0 };
        CHECK(sipadv_txns_find(t, &k2)->frame == 72);
        /* Absent values stay absent in the stored request; an empty one stays present. */
        CHECK(sipadv_txns_find(t, &k2)->expires.ptr == NULL);
        pr.expires = (sipadv_span){ buf, 0 };
        k2.call_id = S("empty-expires");
        sipadv_txns_add(t, &k2, &pr);
        CHECK(sipadv_txns_find(t, &k2)->expires.ptr != NULL &&
              sipadv_txns_find(t, &k2)->expires.len == 0);
    }

    /* Many entries through growth and expiry: every live one is still found, every expired
     * one is gone (removal closes the probe chains up behind it). */
    {
        sipadv_txns *big = sipadv_txns_new(100);
        char ids[600][16];
        unsigned found = 0, gone = 0;

        for (unsigned i = 0; i < 600; i++) {
            sipadv_request_in br = { .frame = i + 1, .time = (double)i };
            sipadv_txn_key bk;
            snprintf(ids[i], sizeof(ids[i]), "call-%u", i * 7919u);
            bk = key(ids[i], i % 5, "INVITE", "e");
            sipadv_txns_add(big, &bk, &br);
        }
        CHECK(sipadv_txns_count(big) == 101); /* times 499..599: within 100 s of 599 */
        for (unsigned i = 0; i < 600; i++) {
            sipadv_txn_key bk = key(ids[i], i % 5, "INVITE", "e");
            const sipadv_request *hit = sipadv_txns_find(big, &bk);
            if (i >= 499)
                found += hit != NULL && hit->frame == i + 1;
            else
                gone += hit == NULL;
        }
        CHECK(found == 101 && gone == 499);
        sipadv_txns_free(big);
    }

    sipadv_txns_free(t);
    sipadv_txns_free(NULL);
    return check_report();
}
