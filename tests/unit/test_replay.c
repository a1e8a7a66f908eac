/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the compact replay records. */
#include "check.h"
#include "sipadv_replay.h"

static sipadv_compact_response rec(uint32_t frame, unsigned code)
{
    sipadv_response_fields in = { .frame = frame, .request_frame = frame - 1, .code = code,
                                  .when = 2, .method = 12, .response_ns = 123456789 };
    sipadv_compact_response c;

    CHECK(sipadv_replay_pack(&in, &c));
    return c;
}

static void test_pack(void)
{
    sipadv_response_fields in = { .frame = 7, .request_frame = 5, .code = 1023, .when = 3,
                                  .method = 15, .response_ns = (UINT64_C(1) << 48) - 1 };
    sipadv_response_fields out;
    sipadv_compact_response c;

    CHECK(sizeof(c) == 16);
    /* The largest value of every part survives, and the parts do not bleed into each other. */
    CHECK(sipadv_replay_pack(&in, &c));
    sipadv_replay_unpack(&c, &out);
    CHECK(out.frame == 7 && out.request_frame == 5 && out.code == 1023 && out.when == 3 &&
          out.method == 15 && out.response_ns == in.response_ns);
    in.code = 0;
    in.response_ns = 1;
    CHECK(sipadv_replay_pack(&in, &c));
    sipadv_replay_unpack(&c, &out);
    CHECK(out.code == 0 && out.when == 3 && out.method == 15 && out.response_ns == 1);
    /* Anything too big for its bits is refused. */
    in.code = 1024;
    CHECK(!sipadv_replay_pack(&in, &c));
    in.code = 200;
    in.when = 4;
    CHECK(!sipadv_replay_pack(&in, &c));
    in.when = 0;
    in.method = 16;
    CHECK(!sipadv_replay_pack(&in, &c));
    in.method = 0;
    in.response_ns = UINT64_C(1) << 48;
    CHECK(!sipadv_replay_pack(&in, &c));

    /* Times to the nanosecond, rounded like Wireshark's time fields. */
    CHECK(sipadv_replay_ns(0.0) == 0);
    CHECK(sipadv_replay_ns(0.000556706) == 556706);
    CHECK(sipadv_replay_ns(3600.25) == UINT64_C(3600250000000));
    CHECK(sipadv_replay_ns(-0.1) == UINT64_MAX);
    CHECK(sipadv_replay_ns(1e12) == UINT64_MAX);
}

int main(void)
{
    sipadv_replay *r = sipadv_replay_new();
    sipadv_compact_response c;

    test_pack();
    CHECK(sipadv_replay_find(r, 1) == NULL);
    for (uint32_t f = 2; f <= 20000; f += 2) {
        c = rec(f, 100 + f % 600);
        CHECK(sipadv_replay_add(r, &c));
    }
    CHECK(sipadv_replay_count(r) == 10000);
    /* Every kept frame is found with its own values; the others are not. */
    for (uint32_t f = 1; f <= 20001; f++) {
        const sipadv_compact_response *got = sipadv_replay_find(r, f);
        sipadv_response_fields out;
        if (f % 2 == 0 && f <= 20000) {
            CHECK(got != NULL);
            if (got == NULL)
                continue;
            sipadv_replay_unpack(got, &out);
            CHECK(out.frame == f && out.code == 100 + f % 600 && out.request_frame == f - 1 &&
                  out.response_ns == 123456789);
        } else {
            CHECK(got == NULL);
        }
    }
    /* The same answers in any order: backwards, and jumping about as the GUI does (the
     * lookup starts where the last one ended, so each order takes another path). */
    for (uint32_t f = 20001; f >= 1; f--)
        CHECK((sipadv_replay_find(r, f) != NULL) == (f % 2 == 0 && f <= 20000));
    for (uint32_t k = 0, f = 7; k < 50000; k++) {
        const sipadv_compact_response *got;
        f = (f * 1103515245u + 12345u) % 20003u; /* 0 .. 20002 */
        got = sipadv_replay_find(r, f);
        CHECK((got != NULL) == (f % 2 == 0 && f >= 2 && f <= 20000));
        CHECK(got == NULL || got->frame == f);
        /* ... and the frame after it, the step a later pass takes. */
        got = sipadv_replay_find(r, f + 1);
        CHECK((got != NULL) == ((f + 1) % 2 == 0 && f + 1 <= 20000));
    }
    /* Out of order or repeated frames are refused, so the array stays sorted. */
    c = rec(20000, 200);
    CHECK(!sipadv_replay_add(r, &c));
    c = rec(5, 200);
    CHECK(!sipadv_replay_add(r, &c));
    CHECK(sipadv_replay_find(r, 5) == NULL && sipadv_replay_count(r) == 10000);
    CHECK(sipadv_replay_find(NULL, 1) == NULL && !sipadv_replay_add(NULL, &c));
    sipadv_replay_free(r);
    sipadv_replay_free(NULL);
    return check_report();
}
