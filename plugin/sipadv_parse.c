/* Status-line parsing. Plain C, bounded by explicit lengths. */
#include "sipadv_parse.h"

#include <string.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* "SIP/" then a version token ("2.0" in practice, but any digits and dots). */
static size_t match_sip_version(const char *s, size_t len)
{
    size_t i = 4;

    if (len < 5 || lower(s[0]) != 's' || lower(s[1]) != 'i' || lower(s[2]) != 'p' || s[3] != '/')
        return 0;
    while (i < len && (is_digit(s[i]) || s[i] == '.'))
        i++;
    return i > 4 ? i : 0;
}

sipadv_status_result sipadv_parse_status_line(const char *s, size_t len, sipadv_status_line *out)
{
    size_t i, code_start, code_end;

    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return SIPADV_STATUS_NOT_STATUS;

    while (len > 0 && is_blank(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && is_blank(s[len - 1]))
        len--;

    i = match_sip_version(s, len);
    if (i == 0 || i >= len || (s[i] != ' ' && s[i] != '\t'))
        return SIPADV_STATUS_NOT_STATUS;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;

    code_start = i;
    while (i < len && !is_blank(s[i]))
        i++;
    code_end = i;
    out->code_len = code_end - code_start;
    if (out->code_len == 0)
        return SIPADV_STATUS_BAD_CODE;

    out->code_is_numeric = out->code_len <= 9;
    for (size_t k = code_start; k < code_end; k++) {
        if (!is_digit(s[k])) {
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
    while (len > 0 && is_blank(phrase[0])) {
        phrase++;
        len--;
    }
    while (len > 0 && is_blank(phrase[len - 1]))
        len--;
    rlen = strlen(registered);
    if (len != rlen)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (lower(phrase[k]) != lower(registered[k]))
            return false;
    }
    return true;
}
