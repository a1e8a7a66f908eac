/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: sipadv_advise and the code tables over arbitrary code, method and
 * condition, plus the sentence builders of sipadv_refer_text.h that print codes.
 *
 * Input: 4 bytes code (little-endian u32), 1 byte condition (mod 3, the values the glue
 * stores), then the CSeq method text, classified as the reader does; no method bytes means
 * no CSeq (SIPADV_METHOD_NONE). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "sipadv_codes.h"
#include "sipadv_msg.h"
#include "sipadv_refer_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    unsigned code;
    sipadv_condition when;
    sipadv_method method = SIPADV_METHOD_NONE;
    sipadv_advice adv;
    char words[64], tiny[4];
    const sipadv_code_entry *e;

    fuzz_init(&in, data, size);
    code = fuzz_u32(&in);
    /* Half of the inputs use a code near the interesting range. */
    if (code & 0x80000000u)
        code = (code & 0x7fffffffu) % 1000;
    when = (sipadv_condition)(fuzz_u8(&in) % 3);
    if (!fuzz_done(&in)) {
        size_t len = in.left;
        method = sipadv_method_from((sipadv_span){ fuzz_bytes(&in, len), len });
    }

    sipadv_advise(code, method, when, &adv);
    FUZZ_ASSERT(adv.code == code);
    FUZZ_ASSERT(adv.severity != SIPADV_SEV_DEFAULT);
    FUZZ_ASSERT(adv.severity >= SIPADV_SEV_CHAT && adv.severity <= SIPADV_SEV_ERROR);
    FUZZ_ASSERT(adv.meaning != NULL && adv.context != NULL && adv.remedy != NULL);
    FUZZ_ASSERT(adv.valid == (code >= 100 && code <= 699));
    FUZZ_ASSERT(adv.cls == (adv.valid ? code / 100 : 0));
    FUZZ_ASSERT(sipadv_class_name(adv.cls) != NULL);
    /* Touch every string: an invalid pointer shows up here under ASan. */
    (void)strlen(adv.meaning);
    (void)strlen(adv.context);
    (void)strlen(adv.remedy);
    e = sipadv_lookup_registered(code);
    if (e != NULL) {
        FUZZ_ASSERT(e->code == code);
        FUZZ_ASSERT(adv.registered && adv.phrase == e->phrase && adv.rfc == e->rfc);
        FUZZ_ASSERT(adv.treated_as == 0 && adv.fallback_note == NULL);
    } else if (adv.valid) {
        FUZZ_ASSERT(!adv.registered && adv.phrase == NULL);
        FUZZ_ASSERT(adv.fallback_note != NULL);
        FUZZ_ASSERT(adv.treated_as != 0 && sipadv_lookup_registered(adv.treated_as) != NULL);
        FUZZ_ASSERT(sipadv_code_class(adv.treated_as) == adv.cls);
    }
    /* The method only refines the text: the facts never depend on it. */
    {
        sipadv_advice plain;
        sipadv_advise(code, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &plain);
        FUZZ_ASSERT(plain.registered == adv.registered && plain.phrase == adv.phrase &&
                    plain.cls == adv.cls && plain.treated_as == adv.treated_as);
    }
    /* Sentences print codes of any size into fixed buffers. */
    sipadv_status_words(words, sizeof(words), code);
    FUZZ_ASSERT(strlen(words) < sizeof(words));
    sipadv_status_words(tiny, sizeof(tiny), code);
    FUZZ_ASSERT(strlen(tiny) < sizeof(tiny));
    fuzz_release(&in);
    return 0;
}
