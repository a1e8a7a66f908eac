/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the whole first pass from raw bytes. The input is a little capture:
 * SIP messages separated by 0x1E (a byte SIP text never holds). Each message is copied into
 * an exact-size heap buffer and handed to sipadv_analyze() with one capture state for the
 * whole input, so the reader, every header parser, the hints, the transaction table, the
 * CANCEL set and the transfer tracker run on it in sequence, the way a capture drives them.
 * At the end every transfer's outcome, explanation and Info tag are built.
 *
 * Frame i is sent by 10.0.0.1:5060 when i is odd and by 10.0.0.2:5060 when even, so that
 * responses find their requests; the time advances by 0.4 s a frame plus a jump of 40 s
 * every 16 frames, to cross timeouts. Every seventh frame is flagged a retransmission,
 * every eleventh as bytes the SIP dissector refused.
 *
 * Invariants: kept entries have a known kind; hint texts, method and detail are valid UTF-8
 * and bounded; a linked request frame comes before the response, with a response time of
 * at least zero; a transfer index is one the tracker knows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_analyze.h"
#include "sipadv_refer_text.h"

#define MAX_MESSAGES 48
#define SEPARATOR 0x1E

static void check_text(const char *s, size_t max)
{
    size_t n;

    if (s == NULL)
        return;
    n = strlen(s);
    FUZZ_ASSERT(n <= max);
    FUZZ_ASSERT(g_utf8_validate(s, (gssize)n, NULL));
}

static void check_entry(const sipadv_state *st, const sipadv_entry *e, uint32_t frame,
                        double now)
{
    FUZZ_ASSERT(e->kind <= SIPADV_ENTRY_REQUEST);
    FUZZ_ASSERT(e->hint_count <= SIPADV_MAX_HINTS);
    FUZZ_ASSERT(e->hint_count == 0 || e->hints != NULL);
    for (unsigned i = 0; i < e->hint_count; i++)
        check_text(e->hints[i], SIPADV_HINT_LEN - 1);
    FUZZ_ASSERT(e->method <= SIPADV_METHOD_OTHER);
    FUZZ_ASSERT((e->method == SIPADV_METHOD_OTHER) == (e->method_text != NULL));
    /* kept texts: at most their bound, plus the cut mark */
    check_text(e->method_text, SIPADV_KEPT_METHOD_MAX + 3);
    check_text(e->detail, SIPADV_KEPT_LINE_MAX + 3);
    if (e->request_frame != 0) {
        FUZZ_ASSERT(e->request_frame < frame);
        FUZZ_ASSERT(e->response_time >= 0 && e->response_time <= now);
    }
    if (e->transfer >= 0)
        FUZZ_ASSERT((unsigned)e->transfer < sipadv_tracker_count(st->tracker));
    else
        FUZZ_ASSERT(e->transfer == -1);
}

static void judge_transfers(const sipadv_state *st, double end)
{
    char text[400], tag[96];

    for (unsigned i = 0; i < sipadv_tracker_count(st->tracker); i++) {
        const sipadv_transfer *tr = sipadv_tracker_get(st->tracker, (int)i);
        sipadv_outcome o;
        FUZZ_ASSERT(tr != NULL);
        o = sipadv_transfer_outcome(tr, end, 32.0);
        sipadv_transfer_explain(text, sizeof(text), tr, &o, 32.0, true);
        check_text(text, sizeof(text) - 1);
        if (sipadv_transfer_tag(tag, sizeof(tag), tr, &o, true))
            check_text(tag, sizeof(tag) - 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sipadv_state st;
    size_t at = 0;
    uint32_t frame = 0;
    double now = 0;

    sipadv_state_init(&st, 300.0);
    while (at <= size && frame < MAX_MESSAGES) {
        const uint8_t *end = memchr(data + at, SEPARATOR, size - at);
        size_t len = end ? (size_t)(end - (data + at)) : size - at;
        char *bytes = malloc(len ? len : 1);
        sipadv_message_in in;
        sipadv_entry e;

        if (bytes == NULL)
            break;
        memcpy(bytes, data + at, len);
        frame++;
        now += 0.4 + (frame % 16 == 0 ? 40.0 : 0.0);
        in = (sipadv_message_in){
            .bytes = bytes, .len = len, .frame = frame, .time = now,
            .resend = frame % 7 == 0, .undissected = frame % 11 == 0,
            .sender = { frame % 2 ? "10.0.0.1:5060" : "10.0.0.2:5060", 13 },
            .receiver = { frame % 2 ? "10.0.0.2:5060" : "10.0.0.1:5060", 13 },
        };
        if (sipadv_analyze(&st, &in, &e))
            check_entry(&st, &e, frame, now);
        free(bytes);
        if (end == NULL)
            break;
        at += len + 1;
    }
    judge_transfers(&st, now + 100.0);
    sipadv_state_clear(&st);
    return 0;
}
