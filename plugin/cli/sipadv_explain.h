/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sipadv-explain: the plugin's response advice on the command line, for one code or a
 * comparison of two. Everything said about a code comes from the knowledge table through
 * sipadv_advise(), so the command and the Wireshark tree never disagree; the only texts
 * written here are per class (who sends it, retry or not) and are never per code or pair.
 *
 * Plain C + GLib, no Wireshark: the model (sipadv_explain_model.c) resolves what to show,
 * the renderers (sipadv_explain_text.c, sipadv_explain_json.c) append it to a GString. */
#ifndef SIPADV_EXPLAIN_H
#define SIPADV_EXPLAIN_H

#include <stdbool.h>

#include <glib.h>

#include "sipadv_codes.h"

/* A code as typed on the command line. */
typedef struct {
    const char *input;  /* the argument itself, quoted in the malformed header */
    unsigned value;     /* the digits' value; meaningful only when has_value */
    bool has_value;     /* 1 to 9 digits, as the plugin's status-line parser counts them */
    bool malformed;     /* not three digits 100..699: the plugin's malformed-status case */
} explain_code;

/* The request a response answers, when the user names it. */
typedef struct {
    const char *method;     /* upper-case CSeq method, or NULL */
    bool when_given;        /* --after-cancel or --no-cancel */
    sipadv_condition when;
} explain_query;

/* The method a piece of advice is for: a name, or every method but the one named (a row
 * of the code table's any_but). */
typedef struct {
    const char *name;
    bool all_but;
} explain_method;

/* One method- or condition-specific piece of advice, resolved as the plugin resolves it. */
typedef struct {
    explain_method method;  /* the override's method, or the query's */
    sipadv_condition when;
    sipadv_advice adv;
} explain_variant;

/* Everything shown for one code. */
typedef struct {
    explain_code code;
    const char *method;     /* the query's method, or NULL */
    sipadv_advice adv;      /* the advice for that method (the generic one without) */
    bool method_specific;   /* with a method: the table has advice of its own for it */
    GArray *variants;       /* explain_variant: all of the code's without a method; with
                             * one, the conditions that change its advice (487 to INVITE) */
} explain_item;

/* Class-level facts of a comparison's "key difference", sentences built from the classes,
 * severities and finality of the two codes. */
typedef struct {
    bool same_class;
    char *cls, *sent_by, *final, *retry, *severity;
    char *applies[2];       /* "which applies when", per code: situation and remedy */
} explain_difference;

/* False when arg is no number at all (empty, letters, signs, blanks): a usage error. A
 * number the plugin would call malformed (700, 99, 099, 0200) is accepted, malformed. */
bool explain_parse_code(const char *arg, explain_code *out);

void explain_resolve(const explain_code *c, const explain_query *q, explain_item *out);
void explain_item_clear(explain_item *it);

/* What the plugin raises in Expert Information: a malformed code gets its note. */
sipadv_severity explain_shown_severity(const explain_item *it);
const char *explain_severity_name(sipadv_severity sev);    /* "Chat" .. "Error" */
/* 1 final, 0 provisional, -1 neither (malformed). */
int explain_is_final(const explain_item *it);
const char *explain_class_sent_by(unsigned cls);
const char *explain_class_retry(unsigned cls);
const char *explain_class_applies(unsigned cls);
/* The method an override of the code table is for. */
explain_method explain_override_method(const sipadv_code_override *o);
/* The method as the text shows it: "BYE", or "any method but INVITE"; g_free() it. */
char *explain_method_label(explain_method m);
/* The method as the JSON spells it: "BYE", or "!INVITE" (sipadv-explain(1)); g_free() it. */
char *explain_method_key(explain_method m);
/* Do two variants name the same method? */
bool explain_same_method(explain_method a, explain_method b);
/* "after_cancel", "no_cancel" or "any", as the JSON spells it. */
const char *explain_when_key(sipadv_condition when);

void explain_compare(const explain_item *a, const explain_item *b, explain_difference *d);
void explain_difference_clear(explain_difference *d);

/* The plugin's one-line summary: "SIP 486 Busy Here (4xx Client Failure) answering BYE". */
void explain_summary(GString *out, const explain_item *it);

void explain_text(GString *out, const explain_item *it);
void explain_compare_text(GString *out, const explain_item *a, const explain_item *b);
void explain_list_text(GString *out);

void explain_json(GString *out, const explain_item *it);
void explain_compare_json(GString *out, const explain_item *a, const explain_item *b);
void explain_list_json(GString *out);
/* s as a JSON string: quotes and backslashes escaped, control characters as \u00XX,
 * everything else (UTF-8 included) passed through. NULL gives null. */
void explain_json_string(GString *out, const char *s);

#endif
