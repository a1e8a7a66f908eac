/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the transfer tracker's files share (sipadv_refer.c, sipadv_refer_invite.c,
 * sipadv_refer_keys.c, sipadv_refer_verdict.c, sipadv_refer_text.c); not part of the
 * tracker's interface. */
#ifndef SIPADV_REFER_IMPL_H
#define SIPADV_REFER_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "sipadv_headers.h"

#define STR_CAP 256                 /* bytes kept per string, terminator included */
#define KEY_CAP (2 * STR_CAP + 48)  /* a key: two capped strings and two numbers */

static inline bool sipadv_is_final(unsigned code)
{
    return code >= 200;
}

static inline bool sipadv_is_success(unsigned code)
{
    return code >= 200 && code <= 299;
}

static inline bool sipadv_is_challenge(unsigned code)
{
    return code == 401 || code == 407;
}

/* Every span the tracker stores or keys on is cut the same way: at most STR_CAP - 1 bytes,
 * on a character boundary. An absent span counts as empty. */
size_t sipadv_capped_len(sipadv_span s);
/* The capped bytes as they are (for matching), NUL added after them; NULL when absent. */
char *sipadv_copy_capped(sipadv_span s);
/* The capped value as display text: valid UTF-8, bad bytes repaired, "..." after a cut;
 * NULL when absent. */
char *sipadv_copy_text(sipadv_span s);
/* A stored (already capped) value equals a borrowed one once that is capped. */
bool sipadv_capped_equal(sipadv_span stored, sipadv_span borrowed);

/* A key built on the stack: any bytes, NUL included, counted by len. */
typedef struct {
    size_t len;
    char text[KEY_CAP];
} sipadv_key_buf;

static inline sipadv_span sipadv_key_span(const sipadv_key_buf *k)
{
    sipadv_span sp = { k->text, k->len };
    return sp;
}

sipadv_span sipadv_dialog_key(sipadv_key_buf *k, sipadv_span call_id, sipadv_span tag);
sipadv_span sipadv_refer_key(sipadv_key_buf *k, sipadv_span call_id, sipadv_span tag,
                             unsigned cseq);
/* The capped Call-ID itself, pointing into the caller's bytes. */
sipadv_span sipadv_call_key(sipadv_span call_id);

/* The target part of a Refer-To value or Request-URI, lower-cased into out; false when
 * empty. */
bool sipadv_normalise_uri(sipadv_span raw, bool keep_params, sipadv_key_buf *out);
bool sipadv_normalise_target(sipadv_span raw, sipadv_key_buf *out);

/* The status code of a sipfrag's Status-Line, 0 when there is none. */
unsigned sipadv_sipfrag_code(sipadv_span line);

typedef struct {
    bool terminated;
    sipadv_span reason;   /* points into the header; ptr NULL when absent */
} sipadv_subscription_state;

void sipadv_parse_subscription_state(sipadv_span value, sipadv_subscription_state *out);

#endif
