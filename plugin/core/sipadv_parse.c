/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Status-line parsing. Plain C, bounded by explicit lengths. */
#include "sipadv_parse.h"

#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_lex.h"

sipadv_status_result sipadv_parse_status_line(const char *s, size_t len, sipadv_status_line *out)
{
    size_t i, code_start, code_end;

    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return SIPADV_STATUS_NOT_STATUS;

    sipadv_trim_blanks(&s, &len);
    i = sipadv_sip_version_len(s, len);
    if (i == 0 || i >= len || !sipadv_is_wsp(s[i]))
        return SIPADV_STATUS_NOT_STATUS;
    while (i < len && sipadv_is_wsp(s[i]))
        i++;

    code_start = i;
    while (i < len && !sipadv_is_blank(s[i]))
        i++;
    code_end = i;
    out->code_len = code_end - code_start;
    if (out->code_len == 0)
        return SIPADV_STATUS_BAD_CODE;

    out->code_is_numeric = out->code_len <= 9;
    for (size_t k = code_start; k < code_end; k++) {
        if (!sipadv_is_digit(s[k])) {
            out->code_is_numeric = false;
            break;
        }
    }
    if (out->code_is_numeric) {
        for (size_t k = code_start; k < code_end; k++)
            out->code = out->code * 10 + (unsigned)(s[k] - '0');
    }

    while (i < len && sipadv_is_wsp(s[i]))
        i++;
    out->phrase = s + i;
    out->phrase_len = len - i;

    if (!out->code_is_numeric || out->code_len != 3 || out->code < 100 || out->code > 699)
        return SIPADV_STATUS_BAD_CODE;
    return SIPADV_STATUS_OK;
}

bool sipadv_phrase_equal(const char *phrase, size_t len, const char *registered)
{
    return registered != NULL && sipadv_phrase_equal_n(phrase, len, registered,
                                                       strlen(registered));
}

bool sipadv_phrase_equal_n(const char *phrase, size_t len, const char *registered, size_t n)
{
    sipadv_span words;

    if (phrase == NULL || registered == NULL)
        return false;
    words = sipadv_trimmed_span(phrase, len);
    return words.len == n && sipadv_ci_equal(words.ptr, registered, n);
}

/* The decimal value of an Event header's "id" parameter (RFC 6665 sec. 8.2.1: a token;
 * a REFER's subscription uses the REFER's CSeq number, RFC 3515 sec. 2.4.6). */
static void take_id_param(const sipadv_param *p, sipadv_event *out)
{
    sipadv_num id;

    out->has_id = true;
    id = sipadv_param_number(p);
    if (id.status == SIPADV_NUM_OK) {
        out->id = id.value;
        out->id_valid = true;
    }
}

bool sipadv_parse_event(const char *s, size_t len, sipadv_event *out)
{
    sipadv_param_walk w;
    sipadv_span package;
    sipadv_param p;

    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return false;
    w = sipadv_params_after_head(s, len, &package);
    out->package = package.ptr;
    out->package_len = package.len;
    while (!out->has_id && sipadv_params_next(&w, &p)) {
        if (sipadv_span_equals(p.name, "id"))
            take_id_param(&p, out);
    }
    return out->package_len > 0;
}

bool sipadv_event_is_refer(const sipadv_event *ev)
{
    return ev->package != NULL &&
           sipadv_span_equals(sipadv_make_span(ev->package, ev->package_len), "refer");
}

/* The token an item of a list starts with: up to its parameters, blanks trimmed. */
static sipadv_span leading_token(const char *item, size_t n)
{
    bool balanced;

    return sipadv_trimmed_span(item, sipadv_find_top_level(item, n, ';', false, &balanced));
}

/* Is token one of the list's items, ASCII case aside or exactly? */
static bool list_contains(const char *s, size_t len, sipadv_span token, bool exact)
{
    sipadv_splitter sp;
    const char *item;
    size_t n;
    bool balanced;

    if (s == NULL || token.ptr == NULL)
        return false;
    sp = sipadv_splitter_make(s, len, ',', false);
    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_span t = leading_token(item, n);
        if (t.len == token.len && (exact ? memcmp(t.ptr, token.ptr, t.len) == 0
                                         : sipadv_ci_equal(t.ptr, token.ptr, t.len)))
            return true;
    }
    return false;
}

bool sipadv_token_list_contains(const char *s, size_t len, const char *token)
{
    return token != NULL && list_contains(s, len, sipadv_make_span(token, strlen(token)), false);
}

bool sipadv_method_list_contains(const char *s, size_t len, sipadv_span method)
{
    return list_contains(s, len, method, true);
}

bool sipadv_refer_sub_is_false(const char *s, size_t len)
{
    if (s == NULL)
        return false;
    return sipadv_span_equals(leading_token(s, len), "false");
}

