/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the transfer tracker's files share (sipadv_refer.c, sipadv_refer_keys.c,
 * sipadv_refer_verdict.c); not part of the tracker's interface. */
#ifndef SIPADV_REFER_IMPL_H
#define SIPADV_REFER_IMPL_H

#include <stdbool.h>
#include <stddef.h>

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

/* Every string the tracker stores or keys on is cut the same way: at most STR_CAP - 1
 * bytes, on a character boundary. */
size_t sipadv_capped_len(const char *s);
char *sipadv_copy_capped(const char *s);
/* A stored (capped) string equals a borrowed one; NULL means "". */
bool sipadv_capped_equal(const char *stored, const char *borrowed);

typedef struct {
    char text[KEY_CAP];
} sipadv_key_buf;

const char *sipadv_dialog_key(sipadv_key_buf *k, const char *call_id, const char *tag);
const char *sipadv_refer_key(sipadv_key_buf *k, const char *call_id, const char *tag,
                             unsigned cseq);
const char *sipadv_call_key(sipadv_key_buf *k, const char *call_id);

/* The target part of a Refer-To value or Request-URI, lower-cased; false when empty. */
bool sipadv_normalise_uri(const char *raw, bool keep_params, char out[STR_CAP]);
bool sipadv_normalise_target(const char *raw, char out[STR_CAP]);

/* The status code of a sipfrag's Status-Line, 0 when there is none. */
unsigned sipadv_sipfrag_code(const char *line);

typedef struct {
    bool terminated;
    const char *reason;   /* points into the header; NULL when absent */
    size_t reason_len;
} sipadv_subscription_state;

void sipadv_parse_subscription_state(const char *value, sipadv_subscription_state *out);

#endif
