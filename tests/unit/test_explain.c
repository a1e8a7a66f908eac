/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of sipadv-explain's model and renderers against the knowledge table itself:
 * every registered code and every override shows its own texts, a comparison puts each
 * code's texts in its own sections, and the generated sentences follow the classes. */
#include "check.h"
#include "sipadv_explain.h"

#include <stdbool.h>

static const explain_query no_query = { NULL, false, SIPADV_WHEN_ANY };

/* The wrapped, aligned output as one line: every run of blanks and newlines becomes one
 * space, which gives the table's sentences back (they never hold two spaces in a row). */
static char *unwrap(const char *s)
{
    GString *out = g_string_new(NULL);

    for (const char *p = s; *p != '\0'; p++) {
        if (*p != '\n' && *p != ' ') {
            g_string_append_c(out, *p);
            continue;
        }
        while (p[1] == ' ' || p[1] == '\n')
            p++;
        g_string_append_c(out, ' ');
    }
    return g_string_free(out, FALSE);
}

/* No line is wider than the terminal, unless it is one word too long to break. */
static bool lines_fit(const char *s)
{
    char **lines = g_strsplit(s, "\n", -1);
    bool ok = true;

    for (char **l = lines; *l != NULL; l++) {
        const char *word = *l + strspn(*l, " ");
        if (g_utf8_strlen(*l, -1) > 78 && strchr(word, ' ') != NULL)
            ok = false;
    }
    g_strfreev(lines);
    return ok;
}

static void resolve(const char *arg, const explain_query *q, explain_item *it)
{
    explain_code c;

    CHECK_MSG(explain_parse_code(arg, &c), "'%s' not parsed", arg);
    explain_resolve(&c, q, it);
}

static char *text_of(const char *arg, const explain_query *q)
{
    explain_item it;
    GString *out = g_string_new(NULL);

    resolve(arg, q, &it);
    explain_text(out, &it);
    explain_item_clear(&it);
    CHECK_MSG(lines_fit(out->str), "%s: a line is too long", arg);
    return g_string_free(out, FALSE);
}

static char *flat_text_of(const char *arg, const explain_query *q)
{
    char *raw = text_of(arg, q), *flat = unwrap(raw);

    g_free(raw);
    return flat;
}

static char *json_of(const char *arg, const explain_query *q)
{
    explain_item it;
    GString *out = g_string_new(NULL);

    resolve(arg, q, &it);
    explain_json(out, &it);
    explain_item_clear(&it);
    return g_string_free(out, FALSE);
}

static bool json_has(const char *json, const char *key, const char *value)
{
    GString *want = g_string_new(NULL);
    bool found;

    explain_json_string(want, key);
    g_string_append_c(want, ':');
    explain_json_string(want, value);
    found = strstr(json, want->str) != NULL;
    g_string_free(want, TRUE);
    return found;
}

static void test_parse_code(void)
{
    static const struct {
        const char *arg;
        bool ok, malformed, has_value;
        unsigned value;
    } cases[] = {
        { "486", true, false, true, 486 },   { "100", true, false, true, 100 },
        { "699", true, false, true, 699 },   { "700", true, true, true, 700 },
        { "99", true, true, true, 99 },      { "099", true, true, true, 99 },
        { "0200", true, true, true, 200 },   { "1000", true, true, true, 1000 },
        { "0", true, true, true, 0 },        { "12345678901", true, true, false, 0 },
        { "48x", false, false, false, 0 },   { "", false, false, false, 0 },
        { "abc", false, false, false, 0 },   { "-486", false, false, false, 0 },
        { "+486", false, false, false, 0 },  { " 486", false, false, false, 0 },
        { "4 86", false, false, false, 0 },  { "486 ", false, false, false, 0 },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        explain_code c;
        bool ok = explain_parse_code(cases[i].arg, &c);

        CHECK_MSG(ok == cases[i].ok, "'%s': parsed %d", cases[i].arg, ok);
        if (!ok || !cases[i].ok)
            continue;
        CHECK_MSG(c.malformed == cases[i].malformed, "'%s': malformed %d", cases[i].arg,
                  c.malformed);
        CHECK_MSG(c.has_value == cases[i].has_value, "'%s': has_value %d", cases[i].arg,
                  c.has_value);
        if (cases[i].has_value)
            CHECK_MSG(c.value == cases[i].value, "'%s': value %u", cases[i].arg, c.value);
    }
}

/* Each override's own texts, as the code's text and JSON show them. */
static void check_overrides_shown(unsigned code, const char *text, const char *json)
{
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];
        const char *texts[] = { o->meaning, o->context, o->remedy };
        char *label, *shown;

        if (o->code != code)
            continue;
        label = explain_method_key(explain_override_method(o));
        shown = explain_method_label(explain_override_method(o));
        CHECK_MSG(strstr(text, shown) != NULL, "%u: no %s variant", code, shown);
        CHECK_MSG(json_has(json, "method", label), "%u: no %s in JSON", code, label);
        g_free(shown);
        for (unsigned t = 0; t < G_N_ELEMENTS(texts); t++) {
            if (texts[t] != NULL)
                CHECK_MSG(strstr(text, texts[t]) != NULL && strstr(json, texts[t]) != NULL,
                          "%u %s: override text %u missing", code, label, t);
        }
        g_free(label);
    }
}

static void test_every_registered_code(void)
{
    for (unsigned i = 0; i < sipadv_registered_code_count; i++) {
        const sipadv_code_entry *e = &sipadv_registered_codes[i];
        char arg[8], *text, *json;

        g_snprintf(arg, sizeof(arg), "%u", e->code);
        text = flat_text_of(arg, &no_query);
        json = json_of(arg, &no_query);
        CHECK_MSG(g_str_has_prefix(text, "SIP "), "%u: header", e->code);
        CHECK_MSG(strstr(text, e->phrase) && strstr(text, e->rfc), "%u: phrase/RFC", e->code);
        CHECK_MSG(strstr(text, sipadv_class_name(e->code / 100)) != NULL, "%u: class", e->code);
        CHECK_MSG(strstr(text, e->meaning) && strstr(text, e->context) &&
                      strstr(text, e->remedy), "%u: a text is missing", e->code);
        CHECK_MSG(json_has(json, "phrase", e->phrase) && json_has(json, "rfc", e->rfc) &&
                      json_has(json, "meaning", e->meaning) &&
                      json_has(json, "context", e->context) &&
                      json_has(json, "remedy", e->remedy), "%u: JSON texts", e->code);
        check_overrides_shown(e->code, text, json);
        g_free(text);
        g_free(json);
    }
}

/* The override of code for a method as the JSON spells it ("BYE", "!INVITE"). */
static const sipadv_code_override *override_for(unsigned code, const char *key)
{
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        char *k = explain_method_key(explain_override_method(&sipadv_code_overrides[i]));
        bool same = sipadv_code_overrides[i].code == code && strcmp(k, key) == 0;

        g_free(k);
        if (same)
            return &sipadv_code_overrides[i];
    }
    return NULL;
}

static void test_method_picks_one_variant(void)
{
    const explain_query bye = { "BYE", false, SIPADV_WHEN_ANY };
    const sipadv_code_override *o = override_for(481, "BYE");
    const sipadv_code_entry *e = sipadv_lookup_registered(481);
    char *text = flat_text_of("481", &bye);

    CHECK(o != NULL && o->meaning != NULL);
    CHECK(strstr(text, "answering BYE") != NULL);
    CHECK(o != NULL && strstr(text, o->meaning) != NULL);
    CHECK(strstr(text, e->meaning) == NULL);
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *v = &sipadv_code_overrides[i];
        if (v->code == 481 && v != o && v->meaning != NULL)
            CHECK_MSG(strstr(text, v->meaning) == NULL, "481 BYE shows the %s variant",
                      explain_override_method(v).name);
    }
    CHECK(strstr(text, "Method-specific advice") == NULL);
    g_free(text);
}

static void test_method_resolution(void)
{
    const explain_query invite = { "INVITE", false, SIPADV_WHEN_ANY };
    const explain_query cancelled = { "INVITE", true, SIPADV_WHEN_AFTER_CANCEL };
    const explain_query bye = { "BYE", false, SIPADV_WHEN_ANY };
    explain_item it;

    resolve("487", &invite, &it);
    CHECK(it.variants->len == 2 && it.method_specific);
    explain_item_clear(&it);
    resolve("487", &cancelled, &it);
    CHECK(it.variants->len == 0 && it.adv.severity == SIPADV_SEV_CHAT);
    explain_item_clear(&it);
    /* "!INVITE": a 408 to BYE has its own advice, a 408 to INVITE the generic one. */
    resolve("408", &bye, &it);
    CHECK(it.method_specific && it.adv.meaning == override_for(408, "!INVITE")->meaning);
    explain_item_clear(&it);
    resolve("408", &invite, &it);
    CHECK(!it.method_specific && it.adv.meaning == sipadv_lookup_registered(408)->meaning);
    explain_item_clear(&it);
    resolve("486", &bye, &it);
    CHECK(!it.method_specific && it.variants->len == 0);
    explain_item_clear(&it);
}

static void test_unregistered_and_malformed(void)
{
    char *t499 = flat_text_of("499", &no_query), *t299 = flat_text_of("299", &no_query);
    char *t700 = flat_text_of("700", &no_query), *j099 = json_of("099", &no_query);
    explain_item it;

    CHECK(g_str_has_prefix(t499, "SIP 499, not registered (4xx Client Failure, treated as 400)"));
    CHECK(strstr(t499, sipadv_lookup_registered(400)->meaning) != NULL);
    CHECK(strstr(t499, "a UAC treats it as 400 Bad Request") != NULL);
    CHECK(g_str_has_prefix(t299, "SIP 299, not registered (2xx Success, treated as 200)"));
    CHECK(g_str_has_prefix(t700, "Malformed SIP status code: \"700\""));
    CHECK(strstr(t700, "Class: invalid") != NULL);
    CHECK(strstr(j099, "\"valid\":false") && strstr(j099, "\"code\":99,") &&
          strstr(j099, "\"final\":null") && strstr(j099, "\"class\":0,"));
    resolve("0200", &no_query, &it);
    CHECK(!it.adv.valid && explain_shown_severity(&it) == SIPADV_SEV_NOTE);
    CHECK(explain_is_final(&it) == -1);
    explain_item_clear(&it);
    g_free(t499);
    g_free(t299);
    g_free(t700);
    g_free(j099);
}

/* Finds each needle after the previous one: the sections come in this order. */
static void check_in_order(const char *hay, const char *const *needles, size_t n)
{
    const char *at = hay;

    for (size_t i = 0; i < n; i++) {
        const char *found = strstr(at, needles[i]);

        CHECK_MSG(found != NULL, "'%.60s' missing or out of order", needles[i]);
        if (found != NULL)
            at = found + strlen(needles[i]);
    }
}

static void test_compare_202_500(void)
{
    const sipadv_code_entry *a = sipadv_lookup_registered(202), *b = sipadv_lookup_registered(500);
    explain_item ia, ib;
    GString *out = g_string_new(NULL);
    char *text;

    resolve("202", &no_query, &ia);
    resolve("500", &no_query, &ib);
    explain_compare_text(out, &ia, &ib);
    CHECK(lines_fit(out->str));
    text = unwrap(out->str);
    {
        const char *const order[] = {
            "SIP 202 Accepted (Deprecated) vs 500 Server Internal Error",
            "202 is a 2xx Success response, while 500 is a 5xx Server Failure response.",
            "SIP 202 Accepted (Deprecated) (2xx Success)",
            "What it means", a->meaning, "When you see it", a->context,
            "How to resolve it", a->remedy,
            "SIP 500 Server Internal Error (5xx Server Failure)",
            "What it means", b->meaning, "When you see it", b->context,
            "How to resolve it", b->remedy,
            "Key difference", "Class: 202 is a 2xx Success response, while 500 is a 5xx",
            "Sent by: 202 comes from", "accepted the request", "500 comes from", "failed",
            "Final: Both are final", "Retry: After 202, there is nothing to retry",
            "After 500, the client may retry", "Severity:", "202 is Chat, 500 is Error",
            "Which applies when", "202 applies when", a->remedy, "500 applies when", b->remedy,
        };
        check_in_order(text, order, G_N_ELEMENTS(order));
    }
    /* Each code's texts only in its own half: 500's never before its heading. */
    CHECK(strstr(text, b->meaning) > strstr(text, "SIP 500 Server Internal Error ("));
    g_string_free(out, TRUE);
    g_free(text);
    explain_item_clear(&ia);
    explain_item_clear(&ib);
}

static void compare(const char *x, const char *y, explain_difference *d)
{
    explain_item a, b;

    resolve(x, &no_query, &a);
    resolve(y, &no_query, &b);
    explain_compare(&a, &b, d);
    explain_item_clear(&a);
    explain_item_clear(&b);
}

static void test_difference_sentences(void)
{
    explain_difference d;

    compare("180", "500", &d);
    CHECK(!d.same_class && strstr(d.final, "180 is provisional") && strstr(d.final, "500 is final"));
    CHECK(strstr(d.retry, "wait for the final response") != NULL);
    explain_difference_clear(&d);
    compare("486", "480", &d);
    CHECK(d.same_class && strcmp(d.cls, "Both are 4xx Client Failure responses.") == 0);
    CHECK(g_str_has_prefix(d.retry, "After either, the client should not retry"));
    CHECK(strstr(d.severity, "both are Warning") != NULL);
    explain_difference_clear(&d);
    compare("302", "603", &d);
    CHECK(strstr(d.retry, "Contact") && strstr(d.retry, "not even elsewhere"));
    CHECK(strstr(d.applies[0], sipadv_lookup_registered(302)->remedy) != NULL);
    CHECK(strstr(d.applies[1], sipadv_lookup_registered(603)->remedy) != NULL);
    explain_difference_clear(&d);
    compare("700", "200", &d);
    CHECK(strstr(d.cls, "\"700\" is a malformed status code, while 200 is a 2xx") != NULL);
    CHECK(strstr(d.final, "neither provisional nor final") != NULL);
    explain_difference_clear(&d);
}

static void test_json_string(void)
{
    GString *out = g_string_new(NULL);

    explain_json_string(out, "a\"b\\c\nd\x01\x1f\xc3\xa9/");
    CHECK_STR(out->str, "\"a\\\"b\\\\c\\u000ad\\u0001\\u001f\xc3\xa9/\"");
    g_string_truncate(out, 0);
    explain_json_string(out, NULL);
    CHECK_STR(out->str, "null");
    g_string_free(out, TRUE);
}

static void test_list(void)
{
    GString *out = g_string_new(NULL);
    unsigned lines = 0;

    explain_list_text(out);
    for (const char *p = out->str; *p != '\0'; p++)
        lines += *p == '\n';
    CHECK(lines == sipadv_registered_code_count);
    CHECK(strstr(out->str, "486  Busy Here") != NULL);
    g_string_truncate(out, 0);
    explain_list_json(out);
    CHECK(out->str[0] == '[' && out->str[out->len - 1] == ']');
    g_string_free(out, TRUE);
}

int main(void)
{
    test_parse_code();
    test_every_registered_code();
    test_method_picks_one_variant();
    test_method_resolution();
    test_unregistered_and_malformed();
    test_compare_202_500();
    test_difference_sentences();
    test_json_string();
    test_list();
    return check_report();
}
