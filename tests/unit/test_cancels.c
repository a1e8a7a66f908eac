/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the CANCEL memory used to judge 487 responses. */
#include "check.h"
#include "sipadv_cancels.h"

/* A span over a C string; NULL gives an absent span. */
static sipadv_span S(const char *s)
{
    sipadv_span sp = { s, s ? strlen(s) : 0 };
    return sp;
}

static sipadv_span bytes(const char *s, size_t len)
{
    sipadv_span sp = { s, len };
    return sp;
}

/* Call-IDs are read by their length: the bytes after it, NULs, and absence. */
static void test_span_lengths(void)
{
    sipadv_cancels *set = sipadv_cancels_new();
    /* No NUL after the Call-ID: it is the first 3 bytes of a longer buffer. */
    static const char buffer[6] = { 'a', '@', 'b', 'X', 'Y', 'Z' };
    static const char with_nul[] = "a@b\0one";
    static const char with_nul_2[] = "a@b\0two";

    sipadv_cancels_add(set, bytes(buffer, 3), 1);
    CHECK(sipadv_cancels_contains(set, S("a@b"), 1));
    CHECK(!sipadv_cancels_contains(set, bytes(buffer, 6), 1));
    CHECK(!sipadv_cancels_contains(set, bytes(buffer, 2), 1));

    /* An embedded NUL is part of the Call-ID, and so is what follows it. */
    sipadv_cancels_add(set, bytes(with_nul, 7), 2);
    CHECK(sipadv_cancels_contains(set, bytes(with_nul, 7), 2));
    CHECK(!sipadv_cancels_contains(set, bytes(with_nul_2, 7), 2));
    CHECK(!sipadv_cancels_contains(set, S("a@b"), 2));
    CHECK(sipadv_cancels_count(set) == 2);

    /* Absent and present-but-empty Call-IDs are the same, as before the spans. */
    sipadv_cancels_add(set, bytes("", 0), 5);
    CHECK(sipadv_cancels_contains(set, S(NULL), 5));
    CHECK(sipadv_cancels_contains(set, bytes(buffer, 0), 5));
    sipadv_cancels_free(set);
}

int main(void)
{
    sipadv_cancels *set = sipadv_cancels_new();

    CHECK(!sipadv_cancels_contains(set, S("a@b"), 1));
    sipadv_cancels_add(set, S("a@b"), 1);
    sipadv_cancels_add(set, S("a@b"), 1); /* a retransmitted CANCEL is the same transaction */
    CHECK(sipadv_cancels_contains(set, S("a@b"), 1));
    CHECK(!sipadv_cancels_contains(set, S("a@b"), 2));
    CHECK(!sipadv_cancels_contains(set, S("x@b"), 1));
    CHECK(sipadv_cancels_count(set) == 1);
    /* Call-IDs with the key separator cannot collide with other numbers. */
    sipadv_cancels_add(set, S("7:z"), 12);
    CHECK(!sipadv_cancels_contains(set, S("z"), 127));
    CHECK(sipadv_cancels_contains(set, S("7:z"), 12));
    /* A missing Call-ID is tolerated. */
    sipadv_cancels_add(set, S(NULL), 3);
    CHECK(sipadv_cancels_contains(set, S(NULL), 3));
    sipadv_cancels_free(set);
    sipadv_cancels_free(NULL);
    test_span_lengths();
    return check_report();
}
