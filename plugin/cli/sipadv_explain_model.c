/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What sipadv-explain shows for a code: the plugin's advice, its variants, and the
 * class-level facts a comparison is generated from. */
#include "sipadv_explain.h"

#include <string.h>

#include "sipadv_msg.h"
#include "sipadv_parse.h"

bool explain_parse_code(const char *arg, explain_code *out)
{
    sipadv_status_line sl;
    char *line;
    sipadv_status_result res;

    memset(out, 0, sizeof(*out));
    out->input = arg;
    if (arg == NULL || arg[0] == '\0')
        return false;
    for (const char *p = arg; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return false;
    }
    /* The digits are judged by the plugin's own status-line parser, so "0200" or "1000" is
     * malformed here exactly when it would be malformed in a capture. */
    line = g_strconcat("SIP/2.0 ", arg, NULL);
    res = sipadv_parse_status_line(line, strlen(line), &sl);
    g_free(line);
    out->has_value = sl.code_is_numeric;
    out->value = sl.code;
    out->malformed = res != SIPADV_STATUS_OK;
    return true;
}

static bool same_advice(const sipadv_advice *a, const sipadv_advice *b)
{
    return a->meaning == b->meaning && a->context == b->context && a->remedy == b->remedy &&
           a->severity == b->severity;
}

/* label names the variant's method as the user reads it; method is what it resolves as. */
static void add_variant(explain_item *it, explain_method label, sipadv_method method,
                        sipadv_condition when)
{
    explain_variant v = { label, when, { 0 } };

    sipadv_advise(it->adv.code, method, when, &v.adv);
    g_array_append_val(it->variants, v);
}

/* Without a method, every override of the code is a variant, each resolved through
 * sipadv_advise() so a text the override leaves out shows as the generic one, as in the
 * plugin. A row for every method but one resolves as an extension method, which no named
 * row matches. Overrides exist only for registered codes. */
static void add_table_variants(explain_item *it)
{
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];

        if (o->code == it->adv.code && it->adv.registered)
            add_variant(it, explain_override_method(o),
                        o->method != SIPADV_METHOD_NONE ? o->method : SIPADV_METHOD_OTHER,
                        o->when);
    }
}

/* With a method but no condition, the conditions that would change the advice (the plugin
 * knows whether a CANCEL was seen; the user may not). */
static void add_condition_variants(explain_item *it, explain_method label,
                                   sipadv_method method)
{
    static const sipadv_condition conds[] = { SIPADV_WHEN_AFTER_CANCEL, SIPADV_WHEN_NO_CANCEL };

    for (unsigned i = 0; i < G_N_ELEMENTS(conds); i++) {
        sipadv_advice a;

        sipadv_advise(it->adv.code, method, conds[i], &a);
        if (!same_advice(&a, &it->adv))
            add_variant(it, label, method, conds[i]);
    }
}

/* The user's method as the reader would classify it in a CSeq; NONE without one. */
static sipadv_method query_method(const explain_query *q)
{
    if (q->method == NULL)
        return SIPADV_METHOD_NONE;
    return sipadv_method_from((sipadv_span){ q->method, strlen(q->method) });
}

void explain_resolve(const explain_code *c, const explain_query *q, explain_item *out)
{
    /* A malformed code is explained as malformed even when its digits spell a valid one
     * ("0200"): 0 is never a valid code. */
    unsigned code = c->malformed ? 0 : c->value;
    sipadv_method method = query_method(q);
    sipadv_advice generic;

    memset(out, 0, sizeof(*out));
    out->code = *c;
    out->method = q->method;
    out->variants = g_array_new(FALSE, FALSE, sizeof(explain_variant));
    sipadv_advise(code, method, q->when_given ? q->when : SIPADV_WHEN_ANY, &out->adv);
    if (q->method == NULL) {
        add_table_variants(out);
        return;
    }
    sipadv_advise(code, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &generic);
    out->method_specific = !same_advice(&out->adv, &generic);
    if (!q->when_given)
        add_condition_variants(out, (explain_method){ q->method, false }, method);
    if (out->variants->len > 0)
        out->method_specific = true;
}

void explain_item_clear(explain_item *it)
{
    if (it->variants != NULL)
        g_array_free(it->variants, TRUE);
    it->variants = NULL;
}

sipadv_severity explain_shown_severity(const explain_item *it)
{
    /* The plugin raises a malformed status code as a note (group Malformed), not with
     * the severity sipadv_advise() gives class 0. */
    return it->code.malformed ? SIPADV_SEV_NOTE : it->adv.severity;
}

const char *explain_severity_name(sipadv_severity sev)
{
    switch (sev) {
    case SIPADV_SEV_CHAT:
        return "Chat";
    case SIPADV_SEV_NOTE:
        return "Note";
    case SIPADV_SEV_WARN:
        return "Warning";
    default:
        return "Error";
    }
}

int explain_is_final(const explain_item *it)
{
    if (!it->adv.valid)
        return -1;
    return it->adv.cls == 1 ? 0 : 1;
}

/* Per class, never per code: RFC 3261 sec. 7.2, 8.1.3 and 21. Index 0 is a malformed code. */
static const struct {
    const char *sent_by;
    const char *retry;
    const char *applies;
} class_facts[] = {
    { "an element with a broken SIP stack, or a middlebox that rewrote the status line",
      "there is nothing to retry: no SIP element can act on this response (RFC 3261 "
      "sec. 7.2); fix its sender",
      "a response carries a status code outside the six classes" },
    { "the UAS or a proxy on the path, while the request is still being processed",
      "there is nothing to retry: wait for the final response; a provisional response "
      "already stops the retransmissions of an INVITE (RFC 3261 sec. 17.1.1.2)",
      "the request is still being processed and its final response is yet to come" },
    { "the UAS, or a proxy or registrar answering for itself, that accepted the request",
      "there is nothing to retry: the request was accepted (RFC 3261 sec. 21.2)",
      "the request was accepted" },
    { "a redirect server, proxy or UAS that knows where else the request should go",
      "the client may retry, as a new request, at the addresses in Contact (RFC 3261 "
      "sec. 8.1.3.4)",
      "the request must be sent somewhere else" },
    { "the server that found the request faulty or impossible to fulfil at this server",
      "the client should not retry the same request unchanged: fix it first (for example, "
      "add credentials); another server might accept it (RFC 3261 sec. 21.4)",
      "the request itself failed at this server" },
    { "the server that failed to process a request that may well be valid, or a proxy "
      "passing that failure on",
      "the client may retry after some seconds or after the Retry-After it gives, or at "
      "another server (RFC 3261 sec. 21.5)",
      "the server failed, not the request" },
    { "a server with definitive information about the user, not only about this location",
      "the client should not retry, not even elsewhere: the answer holds for every "
      "location (RFC 3261 sec. 21.6)",
      "the request would fail at every location" },
};

const char *explain_class_sent_by(unsigned cls)
{
    return class_facts[cls <= 6 ? cls : 0].sent_by;
}

const char *explain_class_retry(unsigned cls)
{
    return class_facts[cls <= 6 ? cls : 0].retry;
}

const char *explain_class_applies(unsigned cls)
{
    return class_facts[cls <= 6 ? cls : 0].applies;
}

explain_method explain_override_method(const sipadv_code_override *o)
{
    if (o->method != SIPADV_METHOD_NONE)
        return (explain_method){ sipadv_method_name(o->method), false };
    return (explain_method){ sipadv_method_name(o->any_but), true };
}

char *explain_method_label(explain_method m)
{
    return g_strconcat(m.all_but ? "any method but " : "", m.name, NULL);
}

char *explain_method_key(explain_method m)
{
    return g_strconcat(m.all_but ? "!" : "", m.name, NULL);
}

bool explain_same_method(explain_method a, explain_method b)
{
    return a.all_but == b.all_but && strcmp(a.name, b.name) == 0;
}

const char *explain_when_key(sipadv_condition when)
{
    switch (when) {
    case SIPADV_WHEN_AFTER_CANCEL:
        return "after_cancel";
    case SIPADV_WHEN_NO_CANCEL:
        return "no_cancel";
    default:
        return "any";
    }
}
