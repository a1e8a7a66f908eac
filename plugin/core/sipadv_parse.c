/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Status-line parsing. Plain C, bounded by explicit lengths. */
#include "sipadv_parse.h"

#include <string.h>

#include "sipadv_chars.h"

/* "SIP/" then a version token ("2.0" in practice, but any digits and dots). */
static size_t match_sip_version(const char *s, size_t len)
{
    size_t i = 4;

    if (len < 5 || sipadv_lower(s[0]) != 's' || sipadv_lower(s[1]) != 'i' || sipadv_lower(s[2]) != 'p' || s[3] != '/')
        return 0;
    while (i < len && (sipadv_is_digit(s[i]) || s[i] == '.'))
        i++;
    return i > 4 ? i : 0;
}

sipadv_status_result sipadv_parse_status_line(const char *s, size_t len, sipadv_status_line *out)
{
    size_t i, code_start, code_end;

    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return SIPADV_STATUS_NOT_STATUS;

    while (len > 0 && sipadv_is_blank(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && sipadv_is_blank(s[len - 1]))
        len--;

    i = match_sip_version(s, len);
    if (i == 0 || i >= len || (s[i] != ' ' && s[i] != '\t'))
        return SIPADV_STATUS_NOT_STATUS;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
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

    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    out->phrase = s + i;
    out->phrase_len = len - i;

    if (!out->code_is_numeric || out->code_len != 3 || out->code < 100 || out->code > 699)
        return SIPADV_STATUS_BAD_CODE;
    return SIPADV_STATUS_OK;
}

bool sipadv_phrase_equal(const char *phrase, size_t len, const char *registered)
{
    size_t rlen;

    if (phrase == NULL || registered == NULL)
        return false;
    while (len > 0 && sipadv_is_blank(phrase[0])) {
        phrase++;
        len--;
    }
    while (len > 0 && sipadv_is_blank(phrase[len - 1]))
        len--;
    rlen = strlen(registered);
    if (len != rlen)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (sipadv_lower(phrase[k]) != sipadv_lower(registered[k]))
            return false;
    }
    return true;
}

static bool token_equal(const char *s, size_t len, const char *token)
{
    size_t n = strlen(token);

    if (len != n)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (sipadv_lower(s[k]) != sipadv_lower(token[k]))
            return false;
    }
    return true;
}

static const char *find_char(const char *s, size_t len, char c)
{
    return len > 0 ? memchr(s, c, len) : NULL;
}

/* Parses the decimal value of an "id=" parameter within one ';' segment. */
static void parse_id_param(const char *p, size_t n, sipadv_event *out)
{
    const char *eq = find_char(p, n, '=');
    const char *name = p, *val;
    size_t name_len, val_len;
    unsigned long long v = 0;

    name_len = eq ? (size_t)(eq - p) : n;
    sipadv_trim_blanks(&name, &name_len);
    if (!token_equal(name, name_len, "id"))
        return;
    out->has_id = true;
    if (eq == NULL)
        return;
    val = eq + 1;
    val_len = n - (size_t)(val - p);
    sipadv_trim_blanks(&val, &val_len);
    if (val_len == 0 || val_len > 10)
        return;
    for (size_t k = 0; k < val_len; k++) {
        if (!sipadv_is_digit(val[k]))
            return;
        v = v * 10 + (unsigned)(val[k] - '0');
    }
    if (v > 0xffffffffULL)
        return;
    out->id = (unsigned)v;
    out->id_valid = true;
}

bool sipadv_parse_event(const char *s, size_t len, sipadv_event *out)
{
    const char *semi;
    size_t pkg_len;

    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return false;
    sipadv_trim_blanks(&s, &len);
    semi = find_char(s, len, ';');
    pkg_len = semi ? (size_t)(semi - s) : len;
    out->package = s;
    out->package_len = pkg_len;
    sipadv_trim_blanks(&out->package, &out->package_len);

    while (semi != NULL) {
        const char *seg = semi + 1;
        size_t rest = len - (size_t)(seg - s);
        const char *next = find_char(seg, rest, ';');
        size_t seg_len = next ? (size_t)(next - seg) : rest;
        if (!out->has_id)
            parse_id_param(seg, seg_len, out);
        semi = next;
    }
    return out->package_len > 0;
}

bool sipadv_event_is_refer(const sipadv_event *ev)
{
    return ev->package != NULL && token_equal(ev->package, ev->package_len, "refer");
}

bool sipadv_token_list_contains(const char *s, size_t len, const char *token)
{
    if (s == NULL || token == NULL)
        return false;
    while (len > 0) {
        const char *comma = find_char(s, len, ',');
        size_t item_len = comma ? (size_t)(comma - s) : len;
        const char *item = s;
        const char *semi = find_char(item, item_len, ';');
        size_t tok_len = semi ? (size_t)(semi - item) : item_len;

        sipadv_trim_blanks(&item, &tok_len);
        if (token_equal(item, tok_len, token))
            return true;
        if (comma == NULL)
            break;
        len -= (size_t)(comma - s) + 1;
        s = comma + 1;
    }
    return false;
}

bool sipadv_refer_sub_is_false(const char *s, size_t len)
{
    const char *semi;

    if (s == NULL)
        return false;
    semi = find_char(s, len, ';');
    if (semi)
        len = (size_t)(semi - s);
    sipadv_trim_blanks(&s, &len);
    return token_equal(s, len, "false");
}

