/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bench's hash seeds, preloaded into every measured tshark (LD_PRELOAD).
 *
 * Wireshark seeds the hashing of its wmem maps (conversations, field lookups) from
 * g_random_int() at start-up, so every run gets other hash chains. On 4.0 a map lookup
 * calls the key comparison for each entry of the chain, and over a capture of 50 000
 * messages the luck of one run moved tshark's own instruction count by more than the whole
 * difference the bench looks for (tests/bench/README.md). With this library g_random_int()
 * returns the same sequence in all three variants, seeded from SIPADV_BENCH_HASH_SEED:
 * tshark alone, the floor and the plugin then hash identically, and what differs between
 * them is what they do. Only callers outside GLib see it (GLib's own calls stay inside
 * GLib), and the numbers it gives are no worse spread than GLib's for hashing. */
#include <stdint.h>
#include <stdlib.h>

uint32_t g_random_int(void);

static uint64_t state;

uint32_t g_random_int(void)
{
    /* splitmix64: well spread, and a fixed function of the seed and the call count. */
    uint64_t z;

    if (state == 0) {
        const char *s = getenv("SIPADV_BENCH_HASH_SEED");
        state = (s != NULL && *s != '\0') ? strtoull(s, NULL, 10) : 1;
        state = state * UINT64_C(0x9E3779B97F4A7C15) | 1;
    }
    z = (state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}
