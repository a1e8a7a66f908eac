/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of sipadv_analyze: whole messages in, entries out, with one capture state, the
 * way the first pass drives it: responses classified and linked to their requests, CANCEL
 * changing a 487, CSeq checks, malformed status lines, hints, and a transfer followed from
 * its REFER to the NOTIFY that decides it. */
#include "check.h"
#include "sipadv_analyze.h"
#include "sipadv_codes.h"

#include <string.h>

#define ALICE "127.0.0.1:5060"
#define BOB "127.0.0.2:5060"

#define HEAD(cseq) "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n" \
                   "From: <sip:alice@a>;tag=ft\r\nTo: <sip:bob@b>\r\n" \
                   "Call-ID: c1@a\r\nCSeq: " cseq "\r\n"
#define TO_TAGGED(cseq) "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n" \
                        "From: <sip:alice@a>;tag=ft\r\nTo: <sip:bob@b>;tag=tt\r\n" \
                        "Call-ID: c1@a\r\nCSeq: " cseq "\r\n"

static sipadv_state st;
static uint32_t frame;

/* Feeds one message sent from `from` to `to` at second `t`; returns whether it was kept. */
static bool feed(const char *text, const char *from, const char *to, double t, sipadv_entry *e)
{
    sipadv_message_in in = { .bytes = text, .len = strlen(text), .frame = ++frame, .time = t,
                             .sender = { from, strlen(from) }, .receiver = { to, strlen(to) } };
    return sipadv_analyze(&st, &in, e);
}

static void fresh_capture(void)
{
    sipadv_state_clear(&st);
    sipadv_state_init(&st, 300.0);
    frame = 0;
}

static void test_response_linked_to_request(void)
{
    sipadv_entry e;

    fresh_capture();
    CHECK(!feed("OPTIONS sip:bob@b SIP/2.0\r\n" HEAD("1 OPTIONS") "\r\n", ALICE, BOB, 1.0, &e));
    CHECK(feed("SIP/2.0 200 OK\r\n" HEAD("1 OPTIONS") "\r\n", BOB, ALICE, 1.25, &e));
    CHECK(e.kind == SIPADV_ENTRY_RESPONSE && e.code == 200);
    CHECK(e.request_frame == 1 && e.response_time == 0.25);
    CHECK(e.method == SIPADV_METHOD_OPTIONS && e.method_text == NULL);
    CHECK_STR(sipadv_entry_method_name(&e), "OPTIONS");
    CHECK(e.detail == NULL && e.anomalies == 0 && e.transfer == -1);
    /* The same answer travelling the other way answers no request of ours. */
    CHECK(feed("SIP/2.0 200 OK\r\n" HEAD("1 OPTIONS") "\r\n", ALICE, BOB, 1.3, &e));
    CHECK(e.request_frame == 0);
}

/* An ACK gets no response, so it must not wait in the transaction table for the whole
 * horizon; the INVITE it follows stays until its linger ends. */
static void test_ack_not_remembered(void)
{
    sipadv_entry e;

    fresh_capture();
    feed("INVITE sip:bob@b SIP/2.0\r\n" HEAD("7 INVITE") "\r\n", ALICE, BOB, 1.0, &e);
    CHECK(sipadv_txns_count(st.txns) == 1);
    CHECK(feed("SIP/2.0 200 OK\r\n" TO_TAGGED("7 INVITE") "\r\n", BOB, ALICE, 1.5, &e));
    CHECK(e.request_frame == 1);
    CHECK(!feed("ACK sip:bob@b SIP/2.0\r\n" TO_TAGGED("7 ACK") "\r\n", ALICE, BOB, 1.6, &e));
    CHECK(sipadv_txns_count(st.txns) == 1);
    /* A (bogus) answer to the ACK finds no request. */
    CHECK(feed("SIP/2.0 200 OK\r\n" TO_TAGGED("7 ACK") "\r\n", BOB, ALICE, 1.7, &e));
    CHECK(e.request_frame == 0);
    /* Other requests are still remembered. */
    feed("BYE sip:bob@b SIP/2.0\r\n" TO_TAGGED("8 BYE") "\r\n", ALICE, BOB, 2.0, &e);
    CHECK(sipadv_txns_count(st.txns) == 2);
}

static void test_cancel_changes_487(void)
{
    sipadv_entry e;

    fresh_capture();
    feed("INVITE sip:bob@b SIP/2.0\r\n" HEAD("5 INVITE") "\r\n", ALICE, BOB, 1.0, &e);
    CHECK(feed("SIP/2.0 487 Request Terminated\r\n" HEAD("5 INVITE") "\r\n", BOB, ALICE, 2.0, &e));
    CHECK(e.when == SIPADV_WHEN_NO_CANCEL);
    feed("INVITE sip:bob@b SIP/2.0\r\n" HEAD("6 INVITE") "\r\n", ALICE, BOB, 3.0, &e);
    CHECK(!feed("CANCEL sip:bob@b SIP/2.0\r\n" HEAD("6 CANCEL") "\r\n", ALICE, BOB, 3.5, &e));
    CHECK(feed("SIP/2.0 487 Request Terminated\r\n" HEAD("6 INVITE") "\r\n", BOB, ALICE, 4.0, &e));
    CHECK(e.when == SIPADV_WHEN_AFTER_CANCEL);
}

static void test_bad_input(void)
{
    sipadv_entry e;

    fresh_capture();
    CHECK(feed("SIP/2.0 48x Busy\r\n" HEAD("1 INVITE") "\r\n", BOB, ALICE, 1.0, &e));
    CHECK(e.kind == SIPADV_ENTRY_MALFORMED && !e.has_code);
    CHECK(e.detail != NULL && strcmp(e.detail, "SIP/2.0 48x Busy") == 0);
    CHECK(feed("SIP/2.0 486 Busy Here\r\nCall-ID: x\r\n\r\n", BOB, ALICE, 1.0, &e));
    CHECK(e.anomalies & SIPADV_ANOMALY_NO_CSEQ);
    CHECK(feed("SIP/2.0 486 Busy Here\r\n" HEAD("1 INVITE") "CSeq: 2 INVITE\r\n\r\n",
               BOB, ALICE, 1.0, &e));
    CHECK(e.anomalies & SIPADV_ANOMALY_DUPLICATE_CSEQ);
    CHECK(feed("SIP/2.0 486 Occup\xe9\r\n" HEAD("1 INVITE") "\r\n", BOB, ALICE, 1.0, &e));
    CHECK(e.anomalies & SIPADV_ANOMALY_PHRASE_NOT_UTF8);
    CHECK(e.detail != NULL && g_utf8_validate(e.detail, -1, NULL));
    /* A request whose CSeq names another method is kept for its note. */
    CHECK(feed("BYE sip:bob@b SIP/2.0\r\n" HEAD("1 INVITE") "\r\n", ALICE, BOB, 1.0, &e));
    CHECK(e.kind == SIPADV_ENTRY_REQUEST && (e.anomalies & SIPADV_ANOMALY_CSEQ_METHOD));
    /* Undissected bytes count only when they hold a malformed status line. */
    {
        const char *body = "SIP/2.0 200 OK\r\n\r\n";
        sipadv_message_in in = { .bytes = body, .len = strlen(body), .frame = ++frame,
                                 .undissected = true, .sender = { BOB, strlen(BOB) },
                                 .receiver = { ALICE, strlen(ALICE) } };
        CHECK(!sipadv_analyze(&st, &in, &e));
    }
    CHECK(!feed("", ALICE, BOB, 1.0, &e));
    CHECK(!feed("garbage", ALICE, BOB, 1.0, &e));
}

static void test_phrase_and_hints(void)
{
    sipadv_entry e;

    fresh_capture();
    feed("REGISTER sip:b SIP/2.0\r\n" HEAD("1 REGISTER") "Expires: 10\r\n\r\n", ALICE, BOB, 1, &e);
    CHECK(feed("SIP/2.0 423 Too Short\r\n" HEAD("1 REGISTER") "Min-Expires: 60\r\n\r\n",
               BOB, ALICE, 1.1, &e));
    CHECK(e.code == 423 && e.detail != NULL && strcmp(e.detail, "Too Short") == 0);
    CHECK(e.hint_count >= 1 && e.hints != NULL && strstr(e.hints[0], "60") != NULL);
    /* The registry's "Accepted (Deprecated)" is the phrase "Accepted" and a note. */
    feed("REFER sip:b SIP/2.0\r\n" HEAD("3 REFER") "Refer-To: <sip:c@d>\r\n\r\n", ALICE, BOB,
         1.2, &e);
    CHECK(feed("SIP/2.0 202 accepted\r\n" HEAD("3 REFER") "\r\n", BOB, ALICE, 1.3, &e));
    CHECK(e.code == 202 && e.detail == NULL);
    CHECK(feed("SIP/2.0 202 Accepted for now\r\n" HEAD("3 REFER") "\r\n", BOB, ALICE, 1.4, &e));
    CHECK(e.detail != NULL && strcmp(e.detail, "Accepted for now") == 0);
    CHECK(feed("SIP/2.0 503 Service Unavailable\r\n" HEAD("2 INVITE") "Retry-After: 30\r\n\r\n",
               BOB, ALICE, 2.0, &e));
    CHECK(e.hint_flags & SIPADV_HINT_CARRIES_RETRY_AFTER);

    /* A REGISTER whose Contact is longer than a kept value, its expires= at the end (an
     * IMS client's feature tags): the 423 still compares with it. */
    {
        GString *reg = g_string_new("REGISTER sip:b SIP/2.0\r\n" HEAD("3 REGISTER")
                                    "Contact: <sip:ue@127.0.0.1;transport=tcp;ob>");
        for (int i = 0; i < 20; i++)
            g_string_append_printf(reg, ";+g.feature-tag-%02d=\"<urn:x:%02d>\"", i, i);
        g_string_append(reg, ";expires=30\r\n\r\n");
        feed(reg->str, ALICE, BOB, 3.0, &e);
        CHECK(feed("SIP/2.0 423 Interval Too Brief\r\n" HEAD("3 REGISTER")
                   "Min-Expires: 60\r\n\r\n", BOB, ALICE, 3.1, &e));
        CHECK(e.hint_count >= 1 && e.hints != NULL &&
              strstr(e.hints[0], "Asked 30 s (Contact expires parameter)") != NULL);
        g_string_free(reg, TRUE);
    }
}

static void test_transfer_failed(void)
{
    sipadv_entry e;
    const sipadv_transfer *tr;
    sipadv_outcome o;

    fresh_capture();
    CHECK(feed("REFER sip:bob@b SIP/2.0\r\n" TO_TAGGED("2 REFER")
               "Refer-To: <sip:carol@c>\r\n\r\n", ALICE, BOB, 1.0, &e));
    CHECK(e.kind == SIPADV_ENTRY_REQUEST && e.transfer == 0 && e.role == SIPADV_ROLE_REFER);
    CHECK(feed("SIP/2.0 202 Accepted\r\n" TO_TAGGED("2 REFER") "\r\n", BOB, ALICE, 1.1, &e));
    CHECK(e.transfer == 0 && e.role == SIPADV_ROLE_RESPONSE && e.request_frame == 1);
    CHECK(feed("NOTIFY sip:alice@a SIP/2.0\r\n"
               "From: <sip:bob@b>;tag=tt\r\nTo: <sip:alice@a>;tag=ft\r\n"
               "Call-ID: c1@a\r\nCSeq: 1 NOTIFY\r\nEvent: refer\r\n"
               "Subscription-State: terminated;reason=noresource\r\n"
               "Content-Type: message/sipfrag\r\nContent-Length: 23\r\n\r\n"
               "SIP/2.0 486 Busy Here\r\n", BOB, ALICE, 3.0, &e));
    CHECK(e.transfer == 0 && e.role == SIPADV_ROLE_NOTIFY && e.sipfrag_code == 486);
    tr = sipadv_tracker_get(st.tracker, 0);
    CHECK(tr != NULL);
    if (tr == NULL)
        return;
    o = sipadv_transfer_outcome(tr, 10.0, 32.0);
    CHECK(o.verdict == SIPADV_VERDICT_FAILED && o.result == 486);
}

/* Require is a list header: the option tag counts in any of its instances. */
static void test_require_in_a_second_instance(void)
{
    sipadv_entry e;
    const sipadv_transfer *tr;

    fresh_capture();
    CHECK(feed("REFER sip:bob@b SIP/2.0\r\n" TO_TAGGED("2 REFER")
               "Refer-To: <sip:carol@c>\r\nRequire: timer\r\nRequire: nosub\r\n\r\n",
               ALICE, BOB, 1.0, &e));
    CHECK(feed("SIP/2.0 202 Accepted\r\n" TO_TAGGED("2 REFER") "Require: nosub\r\n\r\n",
               BOB, ALICE, 1.1, &e));
    tr = sipadv_tracker_get(st.tracker, 0);
    CHECK(tr != NULL);
    if (tr != NULL)
        CHECK(sipadv_transfer_outcome(tr, 100.0, 32.0).verdict ==
              SIPADV_VERDICT_NO_SUBSCRIPTION);
}

/* A repeated header is read up to SIPADV_MAX_JOINED bytes, and the cut is said. */
static void test_repeated_header_cut_is_said(void)
{
    GString *msg = g_string_new("SIP/2.0 405 Method Not Allowed\r\n" HEAD("1 FOO"));
    sipadv_entry e;
    bool said = false;

    fresh_capture();
    for (int i = 0; i < 40; i++)
        g_string_append(msg, "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK\r\n");
    g_string_append(msg, "\r\n");
    CHECK(feed(msg->str, BOB, ALICE, 1.0, &e));
    for (unsigned i = 0; i < e.hint_count; i++)
        said = said || strstr(e.hints[i], "more instances than were read") != NULL;
    CHECK(said);
    g_string_free(msg, TRUE);
}

/* Extension methods are compared by their bytes, case-sensitively (RFC 3261 sec. 7.1). */
static void test_cseq_extension_method(void)
{
    sipadv_entry e;

    fresh_capture();
    CHECK(!feed("FOO sip:bob@b SIP/2.0\r\n" HEAD("1 FOO") "\r\n", ALICE, BOB, 1.0, &e));
    CHECK(feed("FOO sip:bob@b SIP/2.0\r\n" HEAD("2 BAR") "\r\n", ALICE, BOB, 1.1, &e));
    CHECK(e.kind == SIPADV_ENTRY_REQUEST && (e.anomalies & SIPADV_ANOMALY_CSEQ_METHOD));
    CHECK(feed("FOO sip:bob@b SIP/2.0\r\n" HEAD("3 foo") "\r\n", ALICE, BOB, 1.2, &e));
    CHECK(e.anomalies & SIPADV_ANOMALY_CSEQ_METHOD);
    CHECK(feed("FOO sip:bob@b SIP/2.0\r\n" HEAD("4 FOOD") "\r\n", ALICE, BOB, 1.3, &e));
    CHECK(e.anomalies & SIPADV_ANOMALY_CSEQ_METHOD);
}

/* Kept packet texts are bounded for replay; every cut ends in "...". */
static void test_kept_texts_mark_their_cut(void)
{
    char method[40], line[512], want[200];
    sipadv_entry e;

    fresh_capture();
    CHECK(feed("FOO sip:bob@b SIP/2.0\r\n" HEAD("2 BAR") "\r\n", ALICE, BOB, 1.0, &e));
    CHECK(e.method == SIPADV_METHOD_OTHER && e.method_text != NULL);
    CHECK_STR(sipadv_entry_method_name(&e), "FOO");
    CHECK(feed("SIP/2.0 486 Busy Here\r\n" HEAD("1 FOO") "\r\n", BOB, ALICE, 1.1, &e));
    CHECK(e.method == SIPADV_METHOD_OTHER);
    CHECK_STR(sipadv_entry_method_name(&e), "FOO");

    /* A 36-byte method keeps 32 bytes and the mark. */
    memset(method, 'M', 36);
    method[36] = '\0';
    snprintf(line, sizeof(line), "SIP/2.0 486 Busy Here\r\nCall-ID: c\r\nCSeq: 1 %s\r\n\r\n",
             method);
    CHECK(feed(line, BOB, ALICE, 1.2, &e));
    snprintf(want, sizeof(want), "%.32s...", method);
    CHECK_STR(e.method_text, want);

    /* A phrase past the 128-byte window keeps what lies inside it, marked; a line of
     * exactly 128 bytes is whole. */
    snprintf(line, sizeof(line), "SIP/2.0 486 %0150d\r\n" HEAD("1 INVITE") "\r\n", 0);
    CHECK(feed(line, BOB, ALICE, 1.3, &e));
    snprintf(want, sizeof(want), "%0116d...", 0);
    CHECK_STR(e.detail, want);
    snprintf(line, sizeof(line), "SIP/2.0 486 %0116d\r\n" HEAD("1 INVITE") "\r\n", 0);
    CHECK(feed(line, BOB, ALICE, 1.4, &e));
    snprintf(want, sizeof(want), "%0116d", 0);
    CHECK_STR(e.detail, want);

    /* A malformed line is kept the same way; its repair may grow it past the bound. */
    snprintf(line, sizeof(line), "SIP/2.0 4x6 %0150d\r\n" HEAD("1 INVITE") "\r\n", 0);
    CHECK(feed(line, BOB, ALICE, 1.5, &e));
    CHECK(e.kind == SIPADV_ENTRY_MALFORMED);
    snprintf(want, sizeof(want), "SIP/2.0 4x6 %0116d...", 0);
    CHECK_STR(e.detail, want);
    CHECK(feed("SIP/2.0 4x6 " "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
               "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
               "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
               "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\r\n" HEAD("1 INVITE") "\r\n",
               BOB, ALICE, 1.6, &e));
    CHECK(e.kind == SIPADV_ENTRY_MALFORMED && e.detail != NULL);
    CHECK(strlen(e.detail) == 12 + 38 * 3 + 3 && g_str_has_suffix(e.detail, "\xef\xbf\xbd..."));
}

int main(void)
{
    sipadv_state_init(&st, 300.0);
    test_response_linked_to_request();
    test_cancel_changes_487();
    test_ack_not_remembered();
    test_bad_input();
    test_phrase_and_hints();
    test_transfer_failed();
    test_require_in_a_second_instance();
    test_cseq_extension_method();
    test_kept_texts_mark_their_cut();
    test_repeated_header_cut_is_said();
    sipadv_state_clear(&st);
    return check_report();
}
