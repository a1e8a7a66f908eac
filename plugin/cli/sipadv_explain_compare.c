/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "key difference" and "which applies when" of two codes, generated from their classes,
 * finality and severities and their own remedies: nothing here is written for a pair. */
#include "sipadv_explain.h"

#include <string.h>

/* A code as the sentences name it: the number, or the argument itself when malformed. */
static char *code_name(const explain_item *it)
{
    if (it->code.malformed)
        return g_strdup_printf("\"%s\"", it->code.input);
    return g_strdup_printf("%u", it->adv.code);
}

static char *class_sentence(const explain_item *a, const explain_item *b, const char *na,
                            const char *nb)
{
    const char *ca = sipadv_class_name(a->adv.cls), *cb = sipadv_class_name(b->adv.cls);

    if (a->adv.cls == b->adv.cls && a->adv.cls == 0)
        return g_strdup("Both are malformed status codes.");
    if (a->adv.cls == b->adv.cls)
        return g_strdup_printf("Both are %s responses.", ca);
    if (a->adv.cls == 0)
        return g_strdup_printf("%s is a malformed status code, while %s is a %s response.",
                               na, nb, cb);
    if (b->adv.cls == 0)
        return g_strdup_printf("%s is a %s response, while %s is a malformed status code.",
                               na, ca, nb);
    return g_strdup_printf("%s is a %s response, while %s is a %s response.", na, ca, nb, cb);
}

static char *sent_by_sentence(const explain_item *a, const explain_item *b, const char *na,
                              const char *nb)
{
    if (a->adv.cls == b->adv.cls)
        return g_strdup_printf("Both come from %s.", explain_class_sent_by(a->adv.cls));
    return g_strdup_printf("%s comes from %s. %s comes from %s.", na,
                           explain_class_sent_by(a->adv.cls), nb,
                           explain_class_sent_by(b->adv.cls));
}

static const char *finality(int final)
{
    switch (final) {
    case 1:
        return "final: it ends its transaction";
    case 0:
        return "provisional: the transaction goes on and a final response follows";
    default:
        return "neither provisional nor final: no SIP element can act on it";
    }
}

static char *final_sentence(const explain_item *a, const explain_item *b, const char *na,
                            const char *nb)
{
    int fa = explain_is_final(a), fb = explain_is_final(b);

    if (fa == fb && fa == 1)
        return g_strdup("Both are final: each ends its transaction.");
    if (fa == fb && fa == 0)
        return g_strdup("Both are provisional: the transaction goes on and a final response "
                        "follows.");
    if (fa == fb)
        return g_strdup("Neither is provisional or final: no SIP element can act on them.");
    return g_strdup_printf("%s is %s. %s is %s.", na, finality(fa), nb, finality(fb));
}

static char *retry_sentence(const explain_item *a, const explain_item *b, const char *na,
                            const char *nb)
{
    if (a->adv.cls == b->adv.cls)
        return g_strdup_printf("After either, %s.", explain_class_retry(a->adv.cls));
    return g_strdup_printf("After %s, %s. After %s, %s.", na, explain_class_retry(a->adv.cls),
                           nb, explain_class_retry(b->adv.cls));
}

static char *severity_sentence(const explain_item *a, const explain_item *b, const char *na,
                               const char *nb)
{
    sipadv_severity sa = explain_shown_severity(a), sb = explain_shown_severity(b);

    if (sa == sb)
        return g_strdup_printf("In Wireshark's Expert Information both are %s.",
                               explain_severity_name(sa));
    return g_strdup_printf("In Wireshark's Expert Information %s is %s, %s is %s.", na,
                           explain_severity_name(sa), nb, explain_severity_name(sb));
}

static char *applies_sentence(const explain_item *it, const char *name)
{
    return g_strdup_printf("%s applies when %s. What to do: %s", name,
                           explain_class_applies(it->adv.cls), it->adv.remedy);
}

void explain_compare(const explain_item *a, const explain_item *b, explain_difference *d)
{
    char *na = code_name(a), *nb = code_name(b);

    d->same_class = a->adv.cls == b->adv.cls;
    d->cls = class_sentence(a, b, na, nb);
    d->sent_by = sent_by_sentence(a, b, na, nb);
    d->final = final_sentence(a, b, na, nb);
    d->retry = retry_sentence(a, b, na, nb);
    d->severity = severity_sentence(a, b, na, nb);
    d->applies[0] = applies_sentence(a, na);
    d->applies[1] = applies_sentence(b, nb);
    g_free(na);
    g_free(nb);
}

void explain_difference_clear(explain_difference *d)
{
    g_free(d->cls);
    g_free(d->sent_by);
    g_free(d->final);
    g_free(d->retry);
    g_free(d->severity);
    g_free(d->applies[0]);
    g_free(d->applies[1]);
    memset(d, 0, sizeof(*d));
}
