/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: sipadv_hints_build (advice quoting a response's own headers and the
 * request it answers) and sipadv_retry_hint, over decoded responses.
 *
 * Input: code (1 byte: pool of the codes with hints, 0xFF then u16 literal), the CSeq
 * method, then each header value in sipadv_hint_input order, then a request flag byte and
 * the request's values, then a retry record. Strings use fuzz_input.h's encoding with a
 * pool of realistic values; header values are exact-size spans without a terminator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_hints.h"

#define E10 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define E20 "a" E10 E10
#define E40 E20 E20
static const unsigned codes[] = { 401, 407, 405, 415, 417, 420, 421, 422, 423, 469, 485, 488,
                                  489, 503, 606, 300, 301, 302, 380, 486, 480, 500, 200, 0 };
/* 32 bytes, as many as the glue keeps of a method */
#define LONG_METHOD "M\xc3\xa9THOD\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x"
static const char *const methods[] = { "INVITE", "REGISTER", "SUBSCRIBE", "REFER", "INFO",
                                       "OPTIONS", "", "invite",
                                       LONG_METHOD };
static const char *const values[] = {
    "120 (in a meeting);duration=3600", "3600", "0", "4294967295", "4294967296",
    "1800;refresher=uac", "90;refresher=UAS", "INVITE, ACK, BYE, CANCEL, OPTIONS",
    "refer, presence", "application/sdp, multipart/*", "gzip", "en, fr;q=0.5",
    "100rel, timer", "399 pbx.example.com \"Busy, really\"",
    "305 sbc.example.com \"Incompatible media format\", 370 a \"x\"",
    "Q.850;cause=17;text=\"User busy\"", "SIP;cause=480;text=\"Unavailable\"",
    "Q.850;cause=16, SIP;cause=200", "Q.850;cause=127;location=LPN",
    "Digest realm=\"example.com\", nonce=\"abc\", qop=\"auth,auth-int\", algorithm=SHA-256",
    "Digest realm=\"example.com\", nonce=\"n\", stale=TRUE, opaque=\"o\"",
    "Digest realm=\"\", nonce", "Basic realm=\"x\", Digest realm=\"y\"",
    "<sip:a@example.com>;expires=60, \"B, b\" <sip:b@example.com;expires=5>;q=0.5",
    "sip:c@example.com;expires=30", "*", "<sip:unterminated@example.com", "\"", "", " ",
    "example.com", "(((((((", "\\", "ets.0, wps.1",
    /* Multi-byte characters across the 80-byte quoting limit and the 240/320-byte buffers. */
    "120 (a\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9)",
    "\xe2\x82\xac", "x\xe2\x82\xac", "xx\xe2\x82\xac", "\xf0\x9f\x93\x9e",
    /* Long enough with multi-byte characters for the 240-byte lists and 320-byte hints to
     * truncate: a contact list, and a challenge whose four quoted parameters are long. */
    "<sip:" E20 "@a>, <sip:" E20 "@b>, <sip:" E20 "@c>, <sip:" E20 "@d>, <sip:" E20 "@e>",
    "<sip:x" E20 "@a>, <sip:" E20 "@b>, <sip:" E20 "@c>, <sip:" E20 "@d>, <sip:" E20 "@e>",
    /* An Allow list near the 240-byte limit, for the 405 hint that repeats the method. */
    "INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, SUBSCRIBE, NOTIFY, PUBLISH, INFO, REFER, "
    "MESSAGE, UPDATE, X-ONE, X-TWO, X-THREE, X-FOUR, X-FIVE, X-SIX, X-SEVEN, X-EIGHT, X-NINE, "
    "X-TEN, X-ELEVEN, X-TWELVE",
    "Digest realm=\"" E40 "\", nonce=\"n\", algorithm=\"" E40 "\", qop=\"" E40 "\"",
};
static const char *const realms[] = { "example.com", "", "other.example.com" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("G_SLICE", "always-malloc", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    sipadv_hint_input hi;
    sipadv_request req;
    sipadv_retry retry;
    sipadv_hints *out = malloc(sizeof(*out));
    sipadv_span *fields[] = {
        &hi.retry_after, &hi.min_expires, &hi.min_se, &hi.allow, &hi.allow_events,
        &hi.accept, &hi.accept_encoding, &hi.accept_language, &hi.unsupported, &hi.require,
        &hi.recv_info, &hi.accept_resource_priority, &hi.warning, &hi.reason,
        &hi.www_authenticate, &hi.proxy_authenticate, &hi.contact,
    };
    uint8_t b;
    char buf[160];
    bool too_early;

    fuzz_init(&in, data, size);
    memset(&hi, 0, sizeof(hi));
    b = fuzz_u8(&in);
    hi.code = b == 0xFF ? fuzz_u16(&in) : codes[b % (sizeof(codes) / sizeof(codes[0]))];
    hi.method = FUZZ_SPAN(&in, methods);
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        *fields[i] = FUZZ_SPAN(&in, values);
    if (fuzz_u8(&in) & 1) {
        memset(&req, 0, sizeof(req));
        req.frame = fuzz_u32(&in);
        req.time = (double)fuzz_u32(&in) / 1000.0;
        req.expires = FUZZ_SPAN(&in, values);
        {
            sipadv_span contact = FUZZ_SPAN(&in, values);
            req.contact_expires = sipadv_contact_expires(contact.ptr, contact.len);
        }
        req.session_expires = FUZZ_SPAN(&in, values);
        req.www_realm = FUZZ_SPAN(&in, realms);
        req.proxy_realm = FUZZ_SPAN(&in, realms);
        req.request_uri = FUZZ_SPAN(&in, values);
        hi.request = &req;
    }

    sipadv_hints_build(&hi, out);
    FUZZ_ASSERT(out->count <= SIPADV_MAX_HINTS);
    for (unsigned i = 0; i < out->count; i++)
        FUZZ_ASSERT(strnlen(out->text[i], SIPADV_HINT_LEN) < SIPADV_HINT_LEN);
    /* Hints become FT_STRING fields: whatever bytes the headers hold, each must be valid
     * UTF-8, or tshark -T json and -T pdml print invalid documents. */
    for (unsigned i = 0; i < out->count; i++) {
        if (!fuzz_utf8_valid_z(out->text[i])) {
            fprintf(stderr, "hint %u is not valid UTF-8: %s\n", i, out->text[i]);
            FUZZ_ASSERT(!"hint text is not valid UTF-8");
        }
    }
    FUZZ_ASSERT((out->flags & ~0xFu) == 0);
    if (!(out->flags & SIPADV_HINT_CARRIES_RETRY_AFTER))
        FUZZ_ASSERT(out->retry_after == 0);

    /* The retry hint, into buffers of every small size. */
    memset(&retry, 0, sizeof(retry));
    retry.response_frame = fuzz_u32(&in);
    retry.response_time = (double)(int32_t)fuzz_u32(&in) / 1000.0;
    retry.retry_after = fuzz_u32(&in);
    retry.retry_frame = fuzz_u32(&in);
    retry.retry_time = (double)(int32_t)fuzz_u32(&in) / 1000.0;
    if (sipadv_retry_hint(&retry, buf, sizeof(buf), &too_early))
        FUZZ_ASSERT(strnlen(buf, sizeof(buf)) < sizeof(buf));
    else
        FUZZ_ASSERT(retry.retry_frame == 0 && !too_early);
    for (unsigned sz = 1; sz < 4; sz++) {
        char *tiny = malloc(sz);
        if (sipadv_retry_hint(&retry, tiny, sz, &too_early))
            FUZZ_ASSERT(strnlen(tiny, sz) < sz);
        free(tiny);
    }
    FUZZ_ASSERT(!sipadv_retry_hint(NULL, buf, sizeof(buf), &too_early) && !too_early);

    fuzz_release(&in);
    free(out);
    return 0;
}
