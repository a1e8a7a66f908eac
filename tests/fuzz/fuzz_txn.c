/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the transaction table and Retry-After tracking (sipadv_txn.h), fed
 * request/response/retry events decoded from the input, then freed (LeakSanitizer checks
 * that nothing is left).
 *
 * Input format: byte 0 horizon selector, then events: op byte, gap byte (as in
 * fuzz_tracker.c), fields. op & 7: 0/1 add a request, 2 find, 3 a response (find and
 * start the linger clock with a status code from the input), 4 a response
 * with Retry-After, 5 a new request (possible retry), 6 look up a retry by frame, 7 find
 * right after add (must hit). op & 8: same frame. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_txn.h"

#define LONG255                                                                              \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLL"
static const char *const call_ids[] = { "c1@h", "c2@h", "", LONG255 "a", LONG255 "b",
                                        "c|1@h", "1:x" };
#define LONG_METHOD "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
static const char *const methods[] = { "INVITE", "REGISTER", "OPTIONS", "BYE", "", "REFER",
                                       LONG_METHOD };
static const char *const endpoints[] = { "192.0.2.1:5060", "192.0.2.2:5060", "[2001:db8::1]:5060",
                                         "", "192.0.2.1:5061", LONG255 "z" };
static const char *const values[] = { "3600", "<sip:a@b>;expires=60", "1800;refresher=uac",
                                      "example.com", "", "0", LONG255 "v" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("G_SLICE", "always-malloc", 1);
    return 0;
}

static double gap(fuzz_input *in)
{
    uint8_t g = fuzz_u8(in);

    if (g < 0x80)
        return g * 0.01;
    if (g < 0xF0)
        return (g - 0x7F) * 1.0;
    if (g < 0xFE)
        return (g - 0xEF) * 100.0;
    if (g == 0xFE)
        return -0.1 * fuzz_u8(in);
    return fuzz_u32(in) / 1000.0;
}

/* As in fuzz_tracker.c: < 0xF0 a small pool, 0xFF a u32 literal. */
static unsigned number(fuzz_input *in)
{
    uint8_t b = fuzz_u8(in);

    if (b == 0xFF)
        return fuzz_u32(in);
    if (b >= 0xF0)
        return b == 0xF0 ? 0 : 0xffffffffu;
    return (unsigned)(b % 4) + 1;
}

/* Reads every byte of a kept value: ASan reports a span longer than its copy. */
static unsigned touch(sipadv_span sp)
{
    unsigned sum = 0;

    FUZZ_ASSERT(sp.ptr != NULL || sp.len == 0);
    FUZZ_ASSERT(sp.len < 256);
    for (size_t i = 0; i < sp.len; i++)
        sum += (unsigned char)sp.ptr[i];
    return sum;
}

static void read_key(fuzz_input *in, sipadv_txn_key *k)
{
    k->call_id = FUZZ_SPAN(in, call_ids);
    k->cseq = number(in);
    k->method = FUZZ_SPAN(in, methods);
    k->requester = FUZZ_SPAN(in, endpoints);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double horizons[] = { 300.0, 0.0, 1.0, -1.0, 1e300 };
    fuzz_input in;
    sipadv_txns *t;
    uint32_t frame = 0;
    double now = 0;
    uint8_t hsel;

    fuzz_init(&in, data, size);
    hsel = fuzz_u8(&in);
    t = sipadv_txns_new(hsel < 0xF0 ? 300.0 : horizons[(hsel - 0xF0) % 5]);
    while (!fuzz_done(&in)) {
        uint8_t op = fuzz_u8(&in);
        double g = gap(&in);
        sipadv_txn_key k;
        sipadv_request_in r;
        const sipadv_request *found;
        const sipadv_retry *retry;

        if (!(op & 8) || frame == 0) {
            frame++;
            now += g;
        }
        switch (op & 7) {
        case 0:
        case 1:
        case 7:
            read_key(&in, &k);
            memset(&r, 0, sizeof(r));
            r.frame = frame;
            r.time = now;
            r.expires = FUZZ_SPAN(&in, values);
            r.contact = FUZZ_SPAN(&in, values);
            r.session_expires = FUZZ_SPAN(&in, values);
            r.www_realm = FUZZ_SPAN(&in, values);
            r.proxy_realm = FUZZ_SPAN(&in, values);
            r.request_uri = FUZZ_SPAN(&in, values);
            sipadv_txns_add(t, &k, &r);
            if ((op & 7) == 7 && t != NULL) {
                /* Just added (or a retransmission of one still held): must be found. */
                found = sipadv_txns_find(t, &k);
                FUZZ_ASSERT(found != NULL);
                FUZZ_ASSERT(found->frame <= frame);
            }
            break;
        case 2:
        case 3:
            read_key(&in, &k);
            if ((op & 7) == 3)
                found = sipadv_txns_answer(t, &k, 100u + fuzz_u8(&in) * 2u, now);
            else
                found = sipadv_txns_find(t, &k);
            if (found != NULL) {
                FUZZ_ASSERT(found->frame <= frame);
                (void)(touch(found->expires) + touch(found->session_expires) +
                       touch(found->www_realm) + touch(found->proxy_realm) +
                       touch(found->request_uri));
                /* The Contact is read once, when the request is added. */
                FUZZ_ASSERT(found->contact_expires.status <= SIPADV_NUM_TOO_BIG);
                FUZZ_ASSERT(found->contact_expires.status == SIPADV_NUM_OK ||
                            found->contact_expires.value == 0);
            }
            break;
        case 4: {
            sipadv_retry_key k;
            unsigned seconds;
            k.client = FUZZ_SPAN(&in, endpoints);
            k.server = FUZZ_SPAN(&in, endpoints);
            k.method = FUZZ_SPAN(&in, methods);
            k.target = FUZZ_SPAN(&in, values);
            seconds = fuzz_u32(&in);
            sipadv_txns_note_retry_after(t, &k, frame, now, seconds);
            retry = sipadv_txns_retry_for(t, frame);
            FUZZ_ASSERT(retry != NULL && retry->response_frame == frame);
            break;
        }
        case 5: {
            sipadv_retry_key k;
            k.client = FUZZ_SPAN(&in, endpoints);
            k.server = FUZZ_SPAN(&in, endpoints);
            k.method = FUZZ_SPAN(&in, methods);
            k.target = FUZZ_SPAN(&in, values);
            sipadv_txns_note_request(t, &k, frame, now);
            break;
        }
        case 6:
            retry = sipadv_txns_retry_for(t, frame - (fuzz_u8(&in) % 8));
            if (retry != NULL)
                FUZZ_ASSERT(retry->retry_frame == 0 || retry->retry_frame > retry->response_frame);
            break;
        }
        (void)sipadv_txns_count(t);
        fuzz_release(&in);
    }
    sipadv_txns_free(t);
    return 0;
}
