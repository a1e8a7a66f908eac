/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sipadv-explain --json: one compact object per run, for scripts. Every key is always
 * present (null where it does not apply), so a script needs no existence checks. */
#include "sipadv_explain.h"

void explain_json_string(GString *out, const char *s)
{
    if (s == NULL) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(out, "\\u%04x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, '"');
}

/* The separator before a member: none right after an opening brace or bracket. */
static void key(GString *out, const char *name)
{
    char last = out->len ? out->str[out->len - 1] : '{';

    if (last != '{' && last != '[')
        g_string_append_c(out, ',');
    explain_json_string(out, name);
    g_string_append_c(out, ':');
}

static void member_str(GString *out, const char *name, const char *value)
{
    key(out, name);
    explain_json_string(out, value);
}

static void member_uint(GString *out, const char *name, bool present, unsigned value)
{
    key(out, name);
    if (present)
        g_string_append_printf(out, "%u", value);
    else
        g_string_append(out, "null");
}

static void member_bool(GString *out, const char *name, int value)
{
    key(out, name);
    g_string_append(out, value < 0 ? "null" : value ? "true" : "false");
}

/* Severities in lower case, as values rather than display words. */
static const char *severity_key(sipadv_severity sev)
{
    switch (sev) {
    case SIPADV_SEV_CHAT:
        return "chat";
    case SIPADV_SEV_NOTE:
        return "note";
    case SIPADV_SEV_WARN:
        return "warning";
    default:
        return "error";
    }
}

static void put_texts(GString *out, const sipadv_advice *a)
{
    member_str(out, "meaning", a->meaning);
    member_str(out, "context", a->context);
    member_str(out, "remedy", a->remedy);
}

static void put_variants(GString *out, const explain_item *it)
{
    key(out, "variants");
    g_string_append_c(out, '[');
    for (unsigned i = 0; i < it->variants->len; i++) {
        const explain_variant *v = &g_array_index(it->variants, explain_variant, i);
        char *method = explain_method_key(v->method);

        if (i > 0)
            g_string_append_c(out, ',');
        g_string_append_c(out, '{');
        member_str(out, "method", method);
        g_free(method);
        member_str(out, "when", explain_when_key(v->when));
        put_texts(out, &v->adv);
        member_str(out, "severity", severity_key(v->adv.severity));
        g_string_append_c(out, '}');
    }
    g_string_append_c(out, ']');
}

void explain_json(GString *out, const explain_item *it)
{
    const sipadv_advice *a = &it->adv;
    GString *summary = g_string_new(NULL);

    explain_summary(summary, it);
    g_string_append_c(out, '{');
    member_uint(out, "code", it->code.has_value, it->code.value);
    member_str(out, "input", it->code.input);
    member_bool(out, "valid", !it->code.malformed);
    member_uint(out, "class", true, a->cls);
    member_str(out, "class_name", sipadv_class_name(a->cls));
    member_bool(out, "registered", a->registered);
    member_str(out, "phrase", a->phrase);
    member_str(out, "rfc", a->rfc);
    member_uint(out, "treated_as", a->treated_as != 0, a->treated_as);
    member_str(out, "note", a->fallback_note);
    member_str(out, "summary", summary->str);
    member_str(out, "method", it->method);
    member_bool(out, "method_specific", it->method != NULL ? it->method_specific : -1);
    put_texts(out, a);
    member_str(out, "severity", severity_key(explain_shown_severity(it)));
    member_bool(out, "final", explain_is_final(it));
    member_str(out, "sent_by", explain_class_sent_by(a->cls));
    member_str(out, "retry", explain_class_retry(a->cls));
    put_variants(out, it);
    g_string_append_c(out, '}');
    g_string_free(summary, TRUE);
}

void explain_compare_json(GString *out, const explain_item *a, const explain_item *b)
{
    explain_difference d;

    explain_compare(a, b, &d);
    g_string_append_c(out, '{');
    key(out, "first");
    explain_json(out, a);
    key(out, "second");
    explain_json(out, b);
    key(out, "difference");
    g_string_append_c(out, '{');
    member_bool(out, "same_class", d.same_class);
    member_str(out, "class", d.cls);
    member_str(out, "sent_by", d.sent_by);
    member_str(out, "final", d.final);
    member_str(out, "retry", d.retry);
    member_str(out, "severity", d.severity);
    g_string_append_c(out, '}');
    key(out, "applies_when");
    g_string_append_c(out, '[');
    explain_json_string(out, d.applies[0]);
    g_string_append_c(out, ',');
    explain_json_string(out, d.applies[1]);
    g_string_append(out, "]}");
    explain_difference_clear(&d);
}

void explain_list_json(GString *out)
{
    const explain_query none = { NULL, false, SIPADV_WHEN_ANY };

    g_string_append_c(out, '[');
    for (unsigned i = 0; i < sipadv_registered_code_count; i++) {
        char digits[12];
        explain_code c;
        explain_item it;

        g_snprintf(digits, sizeof(digits), "%u", sipadv_registered_codes[i].code);
        explain_parse_code(digits, &c);
        /* The item refers to digits only while it is rendered here. */
        explain_resolve(&c, &none, &it);
        if (i > 0)
            g_string_append_c(out, ',');
        explain_json(out, &it);
        explain_item_clear(&it);
    }
    g_string_append_c(out, ']');
}
