/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the header-value parsers of sipadv_parse.h (Event, option-tag and
 * method lists, Refer-Sub, phrase comparison).
 *
 * Input: a header value. If it contains a NUL byte, the bytes before it are the value and
 * the NUL-terminated rest is used as the token/phrase to look for, so the fuzzer can also
 * vary what is searched; the usual tokens are always looked for. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_parse.h"

static const char *const tokens[] = { "nosub", "norefersub", "replaces", "100rel", "timer",
                                      "refer", "" };

static bool ascii_case_equal(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);

    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

static void check_value(const char *s, size_t len, const char *extra)
{
    sipadv_event ev;
    bool has_pkg = sipadv_parse_event(s, len, &ev);

    if (ev.package != NULL) {
        FUZZ_ASSERT(ev.package >= s && ev.package + ev.package_len <= s + len);
    }
    FUZZ_ASSERT(has_pkg == (ev.package_len > 0));
    FUZZ_ASSERT(!ev.id_valid || ev.has_id);
    /* The package as the glue tests it; it must agree with a plain comparison. */
    FUZZ_ASSERT(sipadv_event_is_refer(&ev) ==
                (ev.package != NULL && ascii_case_equal(ev.package, ev.package_len, "refer")));

    for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
        (void)sipadv_token_list_contains(s, len, tokens[i]);
    if (extra != NULL) {
        sipadv_span method = { extra, strlen(extra) };
        bool any_case = sipadv_token_list_contains(s, len, extra);

        /* A method listed exactly is listed ASCII case aside too. */
        FUZZ_ASSERT(!sipadv_method_list_contains(s, len, method) || any_case);
        (void)sipadv_phrase_equal(s, len, extra);
    }
    (void)sipadv_refer_sub_is_false(s, len);
    (void)sipadv_phrase_equal(s, len, "terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t vlen = nul ? (size_t)(nul - data) : size;
    char *value = malloc(vlen ? vlen : 1);
    char *extra = NULL;

    memcpy(value, data, vlen);
    if (nul != NULL) {
        size_t elen = size - vlen - 1;
        extra = malloc(elen + 1);
        memcpy(extra, nul + 1, elen);
        extra[elen] = '\0';
    }
    check_value(value, vlen, extra);
    /* NULL and zero-length inputs are part of the contract too. */
    if (size == 0) {
        sipadv_event ev;
        FUZZ_ASSERT(!sipadv_parse_event(NULL, 0, &ev));
        FUZZ_ASSERT(!sipadv_token_list_contains(NULL, 0, "nosub"));
        FUZZ_ASSERT(!sipadv_refer_sub_is_false(NULL, 0));
    }
    free(value);
    free(extra);
    return 0;
}
