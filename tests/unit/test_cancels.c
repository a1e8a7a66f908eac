/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the CANCEL memory used to judge 487 responses. */
#include "check.h"
#include "sipadv_cancels.h"

int main(void)
{
    sipadv_cancels *set = sipadv_cancels_new();

    CHECK(!sipadv_cancels_contains(set, "a@b", 1));
    sipadv_cancels_add(set, "a@b", 1);
    sipadv_cancels_add(set, "a@b", 1); /* a retransmitted CANCEL is the same transaction */
    CHECK(sipadv_cancels_contains(set, "a@b", 1));
    CHECK(!sipadv_cancels_contains(set, "a@b", 2));
    CHECK(!sipadv_cancels_contains(set, "x@b", 1));
    CHECK(sipadv_cancels_count(set) == 1);
    /* Call-IDs with the key separator cannot collide with other numbers. */
    sipadv_cancels_add(set, "7:z", 12);
    CHECK(!sipadv_cancels_contains(set, "z", 127));
    CHECK(sipadv_cancels_contains(set, "7:z", 12));
    /* A missing Call-ID is tolerated. */
    sipadv_cancels_add(set, NULL, 3);
    CHECK(sipadv_cancels_contains(set, NULL, 3));
    sipadv_cancels_free(set);
    sipadv_cancels_free(NULL);
    return check_report();
}
