/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the header-value parsers of sipadv_headers.h (Retry-After, expiry
 * headers, token lists, Warning, Reason, digest challenges, Contact) and its code tables.
 *
 * Input: byte 0 picks the size of the caller's arrays (0..16, to reach the truncation
 * paths; 0 passes NULL arrays), bytes 1-4 a number (little-endian u32) for the code
 * tables, then the header value. If the value contains a NUL byte, the NUL-terminated rest
 * is also used as a word to compare spans with (sipadv_span_equals, qop). Every parser
 * runs on every input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_headers.h"

#define MAX_ITEMS 16

static const char *base, *limit;

/* A span is absent (NULL, length 0) or lies inside the input. */
#define CHECK_SPAN(sp)                                                                       \
    do {                                                                                     \
        if ((sp).ptr == NULL)                                                                \
            FUZZ_ASSERT((sp).len == 0);                                                      \
        else                                                                                 \
            FUZZ_ASSERT((sp).ptr >= base && (sp).len <= (size_t)(limit - (sp).ptr));         \
    } while (0)

static void check_num(sipadv_num n)
{
    FUZZ_ASSERT(n.status <= SIPADV_NUM_TOO_BIG);
    if (n.status != SIPADV_NUM_OK)
        FUZZ_ASSERT(n.value == 0);
}

static void check_list(sipadv_list_result r, size_t max)
{
    FUZZ_ASSERT(r.count <= max);
    if (r.truncated)
        FUZZ_ASSERT(r.count == max);
}

static void fuzz_value(const char *s, size_t len, size_t max, uint32_t number, const char *word)
{
    sipadv_span tokens[MAX_ITEMS];
    sipadv_warning warnings[MAX_ITEMS];
    sipadv_reason reasons[MAX_ITEMS];
    sipadv_contact contacts[MAX_ITEMS];
    sipadv_retry_after ra;
    sipadv_session_expires se;
    sipadv_challenge ch;
    sipadv_list_result r;
    sipadv_num n;
    bool star = false, ok;

    base = s;
    limit = s + len;

    n = sipadv_parse_delta_seconds(s, len);
    check_num(n);

    ok = sipadv_parse_retry_after(s, len, &ra);
    FUZZ_ASSERT(ok == (ra.seconds.status == SIPADV_NUM_OK));
    check_num(ra.seconds);
    check_num(ra.duration);
    CHECK_SPAN(ra.comment);
    /* A bare valid number is a valid Retry-After with the same value. */
    if (n.status == SIPADV_NUM_OK)
        FUZZ_ASSERT(ok && ra.seconds.value == n.value);

    ok = sipadv_parse_session_expires(s, len, &se);
    FUZZ_ASSERT(ok == (se.delta.status == SIPADV_NUM_OK));
    check_num(se.delta);
    FUZZ_ASSERT(se.refresher <= SIPADV_REFRESHER_INVALID);
    if (n.status == SIPADV_NUM_OK)
        FUZZ_ASSERT(ok && se.delta.value == n.value && se.refresher == SIPADV_REFRESHER_ABSENT);

    r = sipadv_split_tokens(s, len, max ? tokens : NULL, max);
    check_list(r, max);
    for (size_t i = 0; i < r.count; i++) {
        CHECK_SPAN(tokens[i]);
        FUZZ_ASSERT(tokens[i].ptr != NULL && tokens[i].len > 0);
        FUZZ_ASSERT(memchr(tokens[i].ptr, ',', tokens[i].len) == NULL);
        FUZZ_ASSERT(memchr(tokens[i].ptr, ';', tokens[i].len) == NULL);
        FUZZ_ASSERT(memchr(tokens[i].ptr, ' ', tokens[i].len) == NULL);
        FUZZ_ASSERT(sipadv_span_equals(tokens[i], "") == false);
    }

    r = sipadv_parse_warnings(s, len, max ? warnings : NULL, max);
    check_list(r, max);
    for (size_t i = 0; i < r.count; i++) {
        FUZZ_ASSERT(warnings[i].code <= 999); /* warn-code = 3DIGIT: "020" too */
        CHECK_SPAN(warnings[i].agent);
        CHECK_SPAN(warnings[i].text);
        FUZZ_ASSERT(warnings[i].agent.ptr != NULL && warnings[i].agent.len > 0);
        (void)sipadv_warning_code_text(warnings[i].code);
        (void)sipadv_warning_code_range(warnings[i].code);
    }

    r = sipadv_parse_reasons(s, len, max ? reasons : NULL, max);
    check_list(r, max);
    for (size_t i = 0; i < r.count; i++) {
        CHECK_SPAN(reasons[i].protocol);
        CHECK_SPAN(reasons[i].text);
        CHECK_SPAN(reasons[i].location);
        check_num(reasons[i].cause);
        FUZZ_ASSERT(reasons[i].protocol.ptr != NULL && reasons[i].protocol.len > 0);
        if (reasons[i].cause.status == SIPADV_NUM_OK) {
            (void)sipadv_q850_cause_name(reasons[i].cause.value);
            (void)sipadv_q850_to_sip(reasons[i].cause.value);
        }
    }

    ok = sipadv_parse_challenge(s, len, &ch);
    CHECK_SPAN(ch.scheme);
    CHECK_SPAN(ch.realm);
    CHECK_SPAN(ch.nonce);
    CHECK_SPAN(ch.opaque);
    CHECK_SPAN(ch.algorithm);
    CHECK_SPAN(ch.qop);
    CHECK_SPAN(ch.domain);
    FUZZ_ASSERT(ch.stale <= SIPADV_STALE_INVALID);
    if (ok)
        FUZZ_ASSERT(ch.scheme.ptr != NULL && ch.scheme.len > 0);
    {
        /* Reading only up to the realm must find the realm the full parse finds. */
        sipadv_span realm = sipadv_credentials_realm(s, len);
        FUZZ_ASSERT(realm.ptr == ch.realm.ptr && realm.len == ch.realm.len);
    }
    (void)sipadv_challenge_offers_qop(&ch, "auth");
    (void)sipadv_challenge_offers_qop(&ch, "auth-int");
    if (word != NULL) {
        (void)sipadv_challenge_offers_qop(&ch, word);
        (void)sipadv_span_equals(ch.realm, word);
    }

    r = sipadv_split_contacts(s, len, max ? contacts : NULL, max, (max & 1) ? &star : NULL);
    check_list(r, max);
    for (size_t i = 0; i < r.count; i++) {
        CHECK_SPAN(contacts[i].display_name);
        CHECK_SPAN(contacts[i].uri);
        CHECK_SPAN(contacts[i].params);
        check_num(contacts[i].expires);
    }
    if (star)
        FUZZ_ASSERT(r.count == 0);
    n = sipadv_contact_expires(s, len);
    check_num(n);
    /* The shortcut agrees with the full split on a well-formed list. */
    if (max > 0 && r.count > 0 && !r.malformed && !star && (max & 1)) {
        if (n.status != contacts[0].expires.status || n.value != contacts[0].expires.value) {
            fprintf(stderr, "contact_expires %d/%u, split_contacts[0].expires %d/%u\n",
                    n.status, n.value, contacts[0].expires.status, contacts[0].expires.value);
            FUZZ_ASSERT(!"sipadv_contact_expires disagrees with sipadv_split_contacts");
        }
    }

    /* The code tables over any number. */
    {
        int sip = sipadv_q850_to_sip(number);
        unsigned cause = 0;
        sipadv_q850_mapping m;

        FUZZ_ASSERT((sip == -1) == (number == 0 || number > 127));
        if (sip > 0)
            FUZZ_ASSERT(sipadv_q850_sip_consistent(number, (unsigned)sip));
        if (number == 16)
            FUZZ_ASSERT(sip == 0);
        (void)sipadv_q850_cause_name(number);
        m = sipadv_sip_to_q850(number, &cause);
        FUZZ_ASSERT(m <= SIPADV_Q850_NOT_A_FAILURE);
        if (number >= 400 && number <= 699)
            FUZZ_ASSERT(m != SIPADV_Q850_NOT_A_FAILURE);
        else
            FUZZ_ASSERT(m == SIPADV_Q850_NOT_A_FAILURE);
        if (m == SIPADV_Q850_MAPPED)
            FUZZ_ASSERT(cause >= 1 && cause <= 127);
        (void)sipadv_sip_to_q850(number, NULL);
        (void)sipadv_warning_code_text(number);
        (void)sipadv_warning_code_range(number);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    size_t max;
    uint32_t number;
    const uint8_t *nul;
    size_t vlen;
    char *value, *word = NULL;

    fuzz_init(&in, data, size);
    max = fuzz_u8(&in) % (MAX_ITEMS + 1);
    number = fuzz_u32(&in);
    nul = memchr(in.p, '\0', in.left);
    vlen = nul ? (size_t)(nul - in.p) : in.left;
    value = malloc(vlen ? vlen : 1);
    memcpy(value, in.p, vlen);
    if (nul != NULL) {
        size_t wlen = in.left - vlen - 1;
        word = malloc(wlen + 1);
        memcpy(word, nul + 1, wlen);
        word[wlen] = '\0';
    }
    fuzz_value(value, vlen, max, number, word);
    if (size == 0) {
        /* NULL input is part of the contract. */
        sipadv_retry_after ra;
        sipadv_challenge ch;
        FUZZ_ASSERT(sipadv_parse_delta_seconds(NULL, 0).status == SIPADV_NUM_ABSENT ||
                    sipadv_parse_delta_seconds(NULL, 0).status == SIPADV_NUM_INVALID);
        FUZZ_ASSERT(!sipadv_parse_retry_after(NULL, 0, &ra));
        FUZZ_ASSERT(!sipadv_parse_challenge(NULL, 0, &ch));
        FUZZ_ASSERT(sipadv_split_contacts(NULL, 0, NULL, 0, NULL).count == 0);
        FUZZ_ASSERT(sipadv_split_tokens(NULL, 0, NULL, 0).count == 0);
    }
    free(value);
    free(word);
    return 0;
}
