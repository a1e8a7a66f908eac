/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sipadv-explain's text output: the plugin's field names and summary wording, the table's
 * texts word-wrapped for a terminal. */
#include "sipadv_explain.h"

#include <string.h>

/* Columns of a line; the table's texts are single long sentences. */
#define WIDTH 78

static void put_spaces(GString *out, size_t n)
{
    while (n-- > 0)
        g_string_append_c(out, ' ');
}

/* Appends first, then text word-wrapped at WIDTH, continuation lines indented by indent
 * columns; breaks only at spaces, so joining the lines gives the text back. */
static void put_wrapped(GString *out, const char *first, size_t indent, const char *text)
{
    size_t col = g_utf8_strlen(first, -1), line_start = col;
    const char *p = text;

    g_string_append(out, first);
    while (*p != '\0') {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t cols = (size_t)g_utf8_strlen(p, (gssize)len);

        if (col > line_start && col + 1 + cols > WIDTH) {
            g_string_append_c(out, '\n');
            put_spaces(out, indent);
            col = line_start = indent;
        } else if (col > line_start) {
            g_string_append_c(out, ' ');
            col++;
        }
        g_string_append_len(out, p, (gssize)len);
        col += cols;
        p += len;
        while (*p == ' ')
            p++;
    }
    g_string_append_c(out, '\n');
}

/* "  Label:  value", the values of a block aligned after a label column of label_width. */
static void put_field(GString *out, size_t label_width, const char *label, const char *value)
{
    char *first = g_strdup_printf("  %-*s ", (int)label_width, label);

    put_wrapped(out, first, label_width + 3, value);
    g_free(first);
}

/* A heading at column indent, its text two columns further in. */
static void put_para(GString *out, size_t indent, const char *heading, const char *text)
{
    char *first = g_strnfill(indent + 2, ' ');

    put_spaces(out, indent);
    g_string_append_printf(out, "%s\n", heading);
    put_wrapped(out, first, indent + 2, text);
    g_free(first);
}

void explain_summary(GString *out, const explain_item *it)
{
    const sipadv_advice *a = &it->adv;

    if (it->code.malformed) {
        g_string_append_printf(out, "Malformed SIP status code: \"%s\" (must be three digits, "
                               "100-699)", it->code.input);
        return;
    }
    if (a->registered)
        g_string_append_printf(out, "SIP %u %s (%s)", a->code, a->phrase,
                               sipadv_class_name(a->cls));
    else
        g_string_append_printf(out, "SIP %u, not registered (%s, treated as %u)", a->code,
                               sipadv_class_name(a->cls), a->treated_as);
    if (it->method != NULL)
        g_string_append_printf(out, " answering %s", it->method);
}

#define FIELD_WIDTH 18

static void put_facts(GString *out, const explain_item *it)
{
    const sipadv_advice *a = &it->adv;
    int final = explain_is_final(it);
    char *s;

    s = g_strdup_printf("%s%s", sipadv_class_name(a->cls),
                        final < 0 ? "" : final ? ", final response" : ", provisional response");
    put_field(out, FIELD_WIDTH, "Class:", s);
    g_free(s);
    if (a->registered) {
        put_field(out, FIELD_WIDTH, "Registered phrase:", a->phrase);
        put_field(out, FIELD_WIDTH, "Defined in:", a->rfc);
    }
    put_field(out, FIELD_WIDTH, "Registered:", a->registered ? "yes" : "no");
    if (a->valid && !a->registered) {
        s = g_strdup_printf("%u (%s)", a->treated_as, a->fallback_note);
        put_field(out, FIELD_WIDTH, "Treated as:", s);
        g_free(s);
    }
    if (it->method != NULL)
        put_field(out, FIELD_WIDTH, "Answers method:", it->method);
    put_field(out, FIELD_WIDTH, "Severity:", explain_severity_name(explain_shown_severity(it)));
}

/* A variant's text, or "as above" where it is the main advice's. */
static void put_variant_text(GString *out, const char *label, const char *text,
                             const char *main_text)
{
    char *first = g_strdup_printf("    %s: ", label);

    put_wrapped(out, first, 6, text == main_text ? "as above." : text);
    g_free(first);
}

static void put_variant(GString *out, const explain_item *it, const explain_variant *v)
{
    char *label = explain_method_label(v->method);

    g_string_append_printf(out, "  Answering %s%s (%s)\n", label,
                           v->when == SIPADV_WHEN_AFTER_CANCEL ? ", after a CANCEL for it"
                           : v->when == SIPADV_WHEN_NO_CANCEL  ? ", with no CANCEL seen for it"
                                                               : "",
                           explain_severity_name(v->adv.severity));
    g_free(label);
    put_variant_text(out, "Meaning", v->adv.meaning, it->adv.meaning);
    put_variant_text(out, "Typical context", v->adv.context, it->adv.context);
    put_variant_text(out, "Remedy", v->adv.remedy, it->adv.remedy);
}

static void put_variants(GString *out, const explain_item *it)
{
    if (it->variants->len == 0)
        return;
    g_string_append(out, it->method == NULL ? "\nMethod-specific advice\n"
                                            : "\nDepending on whether a CANCEL was seen\n");
    for (unsigned i = 0; i < it->variants->len; i++) {
        if (i > 0)
            g_string_append_c(out, '\n');
        put_variant(out, it, &g_array_index(it->variants, explain_variant, i));
    }
}

void explain_text(GString *out, const explain_item *it)
{
    explain_summary(out, it);
    g_string_append(out, "\n\n");
    put_facts(out, it);
    if (it->method != NULL && !it->method_specific && it->adv.registered) {
        char *s = g_strdup_printf("The table has no advice of its own for a %u answering %s: "
                                  "this is the code's generic advice.", it->adv.code,
                                  it->method);
        g_string_append_c(out, '\n');
        put_wrapped(out, "", 0, s);
        g_free(s);
    }
    g_string_append_c(out, '\n');
    put_para(out, 0, "Meaning", it->adv.meaning);
    g_string_append_c(out, '\n');
    put_para(out, 0, "Typical context", it->adv.context);
    g_string_append_c(out, '\n');
    put_para(out, 0, "Remedy", it->adv.remedy);
    put_variants(out, it);
}

/* One code's half of a comparison, in the reference page's three sections. */
static void put_compared(GString *out, const explain_item *it)
{
    GString *title = g_string_new(NULL);

    explain_summary(title, it);
    put_wrapped(out, "", 2, title->str);
    g_string_free(title, TRUE);
    if (it->adv.fallback_note != NULL)
        put_field(out, 5, "Note:", it->adv.fallback_note);
    put_para(out, 2, "What it means", it->adv.meaning);
    put_para(out, 2, "When you see it", it->adv.context);
    put_para(out, 2, "How to resolve it", it->adv.remedy);
    if (it->method == NULL && it->variants->len > 0) {
        GString *m = g_string_new(NULL);

        for (unsigned i = 0; i < it->variants->len; i++) {
            const explain_variant *v = &g_array_index(it->variants, explain_variant, i);
            char *label = explain_method_label(v->method);

            /* 487 has two INVITE variants: name each method once. */
            if (i == 0 || !explain_same_method(v->method, g_array_index(it->variants,
                                                                        explain_variant,
                                                                        i - 1).method))
                g_string_append_printf(m, "%s%s", m->len ? ", " : "", label);
            g_free(label);
        }
        g_string_append_printf(m, " (sipadv-explain %u --method METHOD)", it->adv.code);
        put_para(out, 2, "Method-specific advice for", m->str);
        g_string_free(m, TRUE);
    }
}

static void put_title(GString *out, const explain_item *a, const explain_item *b)
{
    GString *t = g_string_new("SIP ");
    const explain_item *its[2] = { a, b };

    for (unsigned i = 0; i < 2; i++) {
        const explain_item *it = its[i];

        if (i > 0)
            g_string_append(t, " vs ");
        if (it->code.malformed)
            g_string_append_printf(t, "\"%s\" (malformed)", it->code.input);
        else if (it->adv.registered)
            g_string_append_printf(t, "%u %s", it->adv.code, it->adv.phrase);
        else
            g_string_append_printf(t, "%u (not registered)", it->adv.code);
    }
    if (a->method != NULL)
        g_string_append_printf(t, ", answering %s", a->method);
    put_wrapped(out, "", 0, t->str);
    g_string_free(t, TRUE);
}

#define DIFF_WIDTH 9

void explain_compare_text(GString *out, const explain_item *a, const explain_item *b)
{
    explain_difference d;

    explain_compare(a, b, &d);
    put_title(out, a, b);
    g_string_append_c(out, '\n');
    put_wrapped(out, "", 0, d.cls);
    g_string_append_c(out, '\n');
    put_compared(out, a);
    g_string_append_c(out, '\n');
    put_compared(out, b);
    g_string_append(out, "\nKey difference\n");
    put_field(out, DIFF_WIDTH, "Class:", d.cls);
    put_field(out, DIFF_WIDTH, "Sent by:", d.sent_by);
    put_field(out, DIFF_WIDTH, "Final:", d.final);
    put_field(out, DIFF_WIDTH, "Retry:", d.retry);
    put_field(out, DIFF_WIDTH, "Severity:", d.severity);
    g_string_append(out, "\nWhich applies when\n");
    put_wrapped(out, "  ", 2, d.applies[0]);
    g_string_append_c(out, '\n');
    put_wrapped(out, "  ", 2, d.applies[1]);
    explain_difference_clear(&d);
}

void explain_list_text(GString *out)
{
    for (unsigned i = 0; i < sipadv_registered_code_count; i++) {
        const sipadv_code_entry *e = &sipadv_registered_codes[i];

        g_string_append_printf(out, "%u  %-40s %s\n", e->code, e->phrase, e->rfc);
    }
}
