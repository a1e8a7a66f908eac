/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the code table and advice resolution against an independent copy of the
 * IANA "Response Codes" registry (sip-parameters). */
#include "check.h"
#include "sipadv_codes.h"
#include "sipadv_headers.h"

#include <ctype.h>
#include <stdbool.h>

static const struct {
    unsigned code;
    const char *phrase;
    const char *rfc;
} iana[] = {
    { 100, "Trying", "RFC 3261" }, { 180, "Ringing", "RFC 3261" },
    { 181, "Call Is Being Forwarded", "RFC 3261" }, { 182, "Queued", "RFC 3261" },
    { 183, "Session Progress", "RFC 3261" }, { 199, "Early Dialog Terminated", "RFC 6228" },
    { 200, "OK", "RFC 3261" }, { 202, "Accepted (Deprecated)", "RFC 6665" },
    { 204, "No Notification", "RFC 5839" }, { 300, "Multiple Choices", "RFC 3261" },
    { 301, "Moved Permanently", "RFC 3261" }, { 302, "Moved Temporarily", "RFC 3261" },
    { 305, "Use Proxy", "RFC 3261" }, { 380, "Alternative Service", "RFC 3261" },
    { 400, "Bad Request", "RFC 3261" }, { 401, "Unauthorized", "RFC 3261" },
    { 402, "Payment Required", "RFC 3261" }, { 403, "Forbidden", "RFC 3261" },
    { 404, "Not Found", "RFC 3261" }, { 405, "Method Not Allowed", "RFC 3261" },
    { 406, "Not Acceptable", "RFC 3261" }, { 407, "Proxy Authentication Required", "RFC 3261" },
    { 408, "Request Timeout", "RFC 3261" }, { 410, "Gone", "RFC 3261" },
    { 412, "Conditional Request Failed", "RFC 3903" },
    { 413, "Request Entity Too Large", "RFC 3261" }, { 414, "Request-URI Too Long", "RFC 3261" },
    { 415, "Unsupported Media Type", "RFC 3261" }, { 416, "Unsupported URI Scheme", "RFC 3261" },
    { 417, "Unknown Resource-Priority", "RFC 4412" }, { 420, "Bad Extension", "RFC 3261" },
    { 421, "Extension Required", "RFC 3261" }, { 422, "Session Interval Too Small", "RFC 4028" },
    { 423, "Interval Too Brief", "RFC 3261" }, { 424, "Bad Location Information", "RFC 6442" },
    { 425, "Bad Alert Message", "RFC 8876" }, { 428, "Use Identity Header", "RFC 8224" },
    { 429, "Provide Referrer Identity", "RFC 3892" }, { 430, "Flow Failed", "RFC 5626" },
    { 433, "Anonymity Disallowed", "RFC 5079" }, { 436, "Bad Identity Info", "RFC 8224" },
    { 437, "Unsupported Credential", "RFC 8224" }, { 438, "Invalid Identity Header", "RFC 8224" },
    { 439, "First Hop Lacks Outbound Support", "RFC 5626" },
    { 440, "Max-Breadth Exceeded", "RFC 5393" }, { 469, "Bad Info Package", "RFC 6086" },
    { 470, "Consent Needed", "RFC 5360" }, { 480, "Temporarily Unavailable", "RFC 3261" },
    { 481, "Call/Transaction Does Not Exist", "RFC 3261" }, { 482, "Loop Detected", "RFC 3261" },
    { 483, "Too Many Hops", "RFC 3261" }, { 484, "Address Incomplete", "RFC 3261" },
    { 485, "Ambiguous", "RFC 3261" }, { 486, "Busy Here", "RFC 3261" },
    { 487, "Request Terminated", "RFC 3261" }, { 488, "Not Acceptable Here", "RFC 3261" },
    { 489, "Bad Event", "RFC 6665" }, { 491, "Request Pending", "RFC 3261" },
    { 493, "Undecipherable", "RFC 3261" }, { 494, "Security Agreement Required", "RFC 3329" },
    { 500, "Server Internal Error", "RFC 3261" }, { 501, "Not Implemented", "RFC 3261" },
    { 502, "Bad Gateway", "RFC 3261" }, { 503, "Service Unavailable", "RFC 3261" },
    { 504, "Server Time-out", "RFC 3261" }, { 505, "Version Not Supported", "RFC 3261" },
    { 513, "Message Too Large", "RFC 3261" },
    { 555, "Push Notification Service Not Supported", "RFC 8599" },
    { 580, "Precondition Failure", "RFC 3312" }, { 600, "Busy Everywhere", "RFC 3261" },
    { 603, "Decline", "RFC 3261" }, { 604, "Does Not Exist Anywhere", "RFC 3261" },
    { 606, "Not Acceptable", "RFC 3261" }, { 607, "Unwanted", "RFC 8197" },
    { 608, "Rejected", "RFC 8688" },
};
#define IANA_COUNT (sizeof(iana) / sizeof(iana[0]))

/* Texts are shown in a packet tree: printable ASCII, a real sentence, no filler. */
static bool good_text(const char *s)
{
    static const char *const filler[] = { "an error occurred", "something went wrong",
                                          "unknown error", "TBD", "lorem" };
    size_t n;

    if (s == NULL)
        return false;
    n = strlen(s);
    if (n < 40 || n > 420)
        return false;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return false;
    }
    for (size_t i = 0; i < sizeof(filler) / sizeof(filler[0]); i++) {
        if (strstr(s, filler[i]) != NULL)
            return false;
    }
    return true;
}

static void test_registry_matches_iana(void)
{
    CHECK_MSG(IANA_COUNT == 75, "test copy of the registry has %zu codes", IANA_COUNT);
    CHECK_MSG(sipadv_registered_code_count == IANA_COUNT, "table has %u codes, IANA %zu",
              sipadv_registered_code_count, IANA_COUNT);
    for (unsigned i = 0; i < IANA_COUNT; i++) {
        const sipadv_code_entry *e = sipadv_lookup_registered(iana[i].code);
        CHECK_MSG(e != NULL, "code %u missing", iana[i].code);
        if (e == NULL)
            continue;
        CHECK_STR(e->phrase, iana[i].phrase);
        CHECK_STR(e->rfc, iana[i].rfc);
        /* Only 202 carries the registry's "(Deprecated)" note; the sent phrase drops it. */
        CHECK_MSG(sipadv_sent_phrase_len(e) ==
                      strlen(e->phrase) - (e->code == 202 ? strlen(" (Deprecated)") : 0),
                  "sent phrase of %u", e->code);
    }
}

static void test_table_sorted_unique_and_complete(void)
{
    for (unsigned i = 0; i < sipadv_registered_code_count; i++) {
        const sipadv_code_entry *e = &sipadv_registered_codes[i];
        if (i > 0)
            CHECK_MSG(sipadv_registered_codes[i - 1].code < e->code,
                      "table not strictly ascending at %u", e->code);
        CHECK_MSG(sipadv_code_class(e->code) == e->code / 100 && e->code >= 100 &&
                      e->code <= 699, "bad class for %u", e->code);
        CHECK_MSG(good_text(e->meaning), "%u: weak meaning", e->code);
        CHECK_MSG(good_text(e->context), "%u: weak context", e->code);
        CHECK_MSG(good_text(e->remedy), "%u: weak remedy", e->code);
        /* No text pasted from one code into another. */
        for (unsigned j = 0; j < i; j++) {
            const sipadv_code_entry *f = &sipadv_registered_codes[j];
            CHECK_MSG(strcmp(e->meaning, f->meaning) != 0, "%u and %u share a meaning",
                      e->code, f->code);
            CHECK_MSG(strcmp(e->remedy, f->remedy) != 0, "%u and %u share a remedy", e->code,
                      f->code);
        }
    }
}

/* The method of a row, named for the messages here: "BYE", or "!INVITE" for every method
 * but INVITE; NULL if the row names neither. */
static const char *row_method(const sipadv_code_override *o, bool *all_but)
{
    *all_but = o->method == SIPADV_METHOD_NONE;
    return sipadv_method_name(*all_but ? o->any_but : o->method);
}

/* Rows for every method but one first, then named methods; each by name. */
static int method_order(const sipadv_code_override *a, const sipadv_code_override *b)
{
    bool a_but, b_but;
    const char *an = row_method(a, &a_but), *bn = row_method(b, &b_but);

    if (a_but != b_but)
        return a_but ? -1 : 1;
    return an != NULL && bn != NULL ? strcmp(an, bn) : -1;
}

static bool has_override(unsigned code, sipadv_method method, sipadv_method any_but,
                         sipadv_condition when)
{
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];
        if (o->code == code && o->method == method && o->any_but == any_but && o->when == when)
            return true;
    }
    return false;
}

static void test_overrides(void)
{
#define ANY SIPADV_WHEN_ANY
    static const struct {
        unsigned code;
        sipadv_method method, any_but;
        sipadv_condition when;
    } required[] = {
        { 200, SIPADV_METHOD_INVITE, 0, ANY }, { 200, SIPADV_METHOD_REGISTER, 0, ANY },
        { 200, SIPADV_METHOD_CANCEL, 0, ANY }, { 200, SIPADV_METHOD_SUBSCRIBE, 0, ANY },
        { 200, SIPADV_METHOD_NOTIFY, 0, ANY }, { 200, SIPADV_METHOD_REFER, 0, ANY },
        { 202, SIPADV_METHOD_REFER, 0, ANY }, { 202, SIPADV_METHOD_SUBSCRIBE, 0, ANY },
        { 408, 0, SIPADV_METHOD_INVITE, ANY }, { 481, SIPADV_METHOD_BYE, 0, ANY },
        { 481, SIPADV_METHOD_NOTIFY, 0, ANY }, { 481, SIPADV_METHOD_REFER, 0, ANY },
        { 487, SIPADV_METHOD_INVITE, 0, SIPADV_WHEN_AFTER_CANCEL },
        { 487, SIPADV_METHOD_INVITE, 0, SIPADV_WHEN_NO_CANCEL },
        { 405, SIPADV_METHOD_REFER, 0, ANY }, { 501, SIPADV_METHOD_REFER, 0, ANY },
        { 603, SIPADV_METHOD_REFER, 0, ANY },
    };
#undef ANY

    for (unsigned i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        CHECK_MSG(has_override(required[i].code, required[i].method, required[i].any_but,
                               required[i].when),
                  "no override for %u (method %d, any but %d)", required[i].code,
                  required[i].method, required[i].any_but);

    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];
        bool but;
        const char *label = row_method(o, &but);
        bool named = o->method > SIPADV_METHOD_NONE && o->method < SIPADV_METHOD_OTHER;
        bool all_but = o->any_but > SIPADV_METHOD_NONE && o->any_but < SIPADV_METHOD_OTHER;

        CHECK_MSG(sipadv_lookup_registered(o->code) != NULL, "override for unregistered %u",
                  o->code);
        /* Exactly one of a known method and a method excluded; a label for either. */
        CHECK_MSG(named != all_but && (named ? o->any_but == SIPADV_METHOD_NONE
                                             : o->method == SIPADV_METHOD_NONE),
                  "override %u: method %d, any_but %d", o->code, o->method, o->any_but);
        CHECK_MSG(label != NULL, "override %u: no label", o->code);
        if (label == NULL)
            continue;
        CHECK_MSG(o->meaning || o->context || o->remedy || o->severity != SIPADV_SEV_DEFAULT,
                  "override %u %s changes nothing", o->code, label);
        CHECK_MSG(o->meaning == NULL || good_text(o->meaning), "%u %s: weak meaning", o->code,
                  label);
        CHECK_MSG(o->context == NULL || good_text(o->context), "%u %s: weak context", o->code,
                  label);
        CHECK_MSG(o->remedy == NULL || good_text(o->remedy), "%u %s: weak remedy", o->code,
                  label);
        if (i > 0) {
            const sipadv_code_override *p = &sipadv_code_overrides[i - 1];
            int order = method_order(p, o);
            CHECK_MSG(p->code < o->code ||
                          (p->code == o->code && (order < 0 || (order == 0 && p->when < o->when))),
                      "overrides not sorted/unique at %u %s", o->code, label);
        }
    }
}

static void test_classes(void)
{
    CHECK(sipadv_code_class(99) == 0);
    CHECK(sipadv_code_class(100) == 1);
    CHECK(sipadv_code_class(699) == 6);
    CHECK(sipadv_code_class(700) == 0);
    CHECK_STR(sipadv_class_name(1), "1xx Provisional");
    CHECK_STR(sipadv_class_name(2), "2xx Success");
    CHECK_STR(sipadv_class_name(3), "3xx Redirection");
    CHECK_STR(sipadv_class_name(4), "4xx Client Failure");
    CHECK_STR(sipadv_class_name(5), "5xx Server Failure");
    CHECK_STR(sipadv_class_name(6), "6xx Global Failure");
    CHECK_STR(sipadv_class_name(9), "invalid");
}

static void test_advice(void)
{
    sipadv_advice a;

    sipadv_advise(486, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.registered && a.valid && a.cls == 4 && a.severity == SIPADV_SEV_WARN);
    CHECK_STR(a.phrase, "Busy Here");
    CHECK_STR(a.rfc, "RFC 3261");

    sipadv_advise(180, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_CHAT);
    sipadv_advise(302, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_NOTE);
    sipadv_advise(500, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_ERROR);
    CHECK(strstr(a.remedy, "Retry-After") != NULL || strstr(a.meaning, "Retry-After") != NULL ||
          strstr(a.context, "Retry-After") != NULL);
    sipadv_advise(603, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_ERROR);

    /* A challenge is routine; only a repeated one is a problem. */
    sipadv_advise(401, SIPADV_METHOD_REGISTER, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_CHAT);
    sipadv_advise(407, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_CHAT);

    /* 487 depends on whether anyone cancelled. */
    sipadv_advise(487, SIPADV_METHOD_INVITE, SIPADV_WHEN_AFTER_CANCEL, &a);
    CHECK(a.severity == SIPADV_SEV_CHAT);
    {
        const char *after = a.meaning;
        sipadv_advise(487, SIPADV_METHOD_INVITE, SIPADV_WHEN_NO_CANCEL, &a);
        CHECK(a.severity == SIPADV_SEV_WARN);
        CHECK(strcmp(after, a.meaning) != 0);
    }

    /* 202 to REFER: accepted is not completed; deprecated; 200 is equivalent; Refer-Sub. */
    sipadv_advise(202, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY, &a);
    CHECK(a.severity == SIPADV_SEV_CHAT);
    CHECK_STR(a.phrase, "Accepted (Deprecated)");
    {
        char all[2048];
        snprintf(all, sizeof(all), "%s %s %s", a.meaning, a.context, a.remedy);
        CHECK(strstr(all, "NOTIFY") != NULL);
        CHECK(strstr(all, "Refer-Sub") != NULL);
        CHECK(strstr(all, "7647") != NULL);
        CHECK(strstr(all, "200") != NULL);
    }
    {
        const char *refer = a.meaning;
        sipadv_advise(202, SIPADV_METHOD_SUBSCRIBE, SIPADV_WHEN_ANY, &a);
        CHECK(strcmp(refer, a.meaning) != 0);
    }

    /* 408: the non-INVITE wildcard applies to everything but INVITE. */
    sipadv_advise(408, SIPADV_METHOD_MESSAGE, SIPADV_WHEN_ANY, &a);
    {
        const char *non_invite = a.meaning;
        sipadv_advise(408, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
        CHECK(strcmp(non_invite, a.meaning) != 0);
        /* An extension method is not INVITE either; an unknown one (no CSeq) is generic. */
        sipadv_advise(408, SIPADV_METHOD_OTHER, SIPADV_WHEN_ANY, &a);
        CHECK(a.meaning == non_invite);
        sipadv_advise(408, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
        CHECK(a.meaning == sipadv_lookup_registered(408)->meaning);
    }

    /* Method-specific texts differ from the generic ones. */
    {
        const sipadv_code_entry *e = sipadv_lookup_registered(481);
        sipadv_advise(481, SIPADV_METHOD_NOTIFY, SIPADV_WHEN_ANY, &a);
        CHECK(a.meaning != e->meaning || a.context != e->context || a.remedy != e->remedy);
    }

    /* An unknown method keeps the generic entry. */
    sipadv_advise(486, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(a.meaning == sipadv_lookup_registered(486)->meaning);
}

static void test_unregistered_and_malformed(void)
{
    sipadv_advice a;

    sipadv_advise(431, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.registered && a.valid && a.cls == 4 && a.treated_as == 400);
    CHECK(a.phrase == NULL && a.rfc == NULL && a.fallback_note != NULL);
    CHECK(a.meaning == sipadv_lookup_registered(400)->meaning);
    CHECK(a.severity == SIPADV_SEV_WARN);

    sipadv_advise(150, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.registered && a.treated_as == 183 && a.severity == SIPADV_SEV_CHAT);
    sipadv_advise(599, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(a.treated_as == 500 && a.severity == SIPADV_SEV_ERROR);
    sipadv_advise(699, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(a.treated_as == 600 && a.severity == SIPADV_SEV_ERROR);
    sipadv_advise(409, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.registered && a.treated_as == 400);
    sipadv_advise(203, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.registered && a.treated_as == 200);

    for (unsigned code = 0; code < 1000; code += 7) {
        sipadv_advise(code, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY, &a);
        CHECK(a.meaning != NULL && a.context != NULL && a.remedy != NULL);
        CHECK(a.severity != SIPADV_SEV_DEFAULT);
        CHECK(a.valid == (code >= 100 && code <= 699));
    }
    sipadv_advise(99, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.valid && a.cls == 0 && !a.registered);
    sipadv_advise(700, SIPADV_METHOD_NONE, SIPADV_WHEN_ANY, &a);
    CHECK(!a.valid);
    CHECK(sipadv_lookup_registered(0) == NULL);
    CHECK(sipadv_lookup_registered(99999) == NULL);
}

/* ---- Facts from the RFC review of issue 11 --------------------------------------------- */

#define HAS(text, needle)                                                                  \
    CHECK_MSG((text) != NULL && strstr((text), (needle)) != NULL, "'%s' lacks '%s'",       \
              (text) ? (text) : "(null)", (needle))
#define LACKS(text, needle)                                                                \
    CHECK_MSG((text) != NULL && strstr((text), (needle)) == NULL, "'%s' still says '%s'",  \
              (text) ? (text) : "(null)", (needle))

static sipadv_advice advice(unsigned code, sipadv_method method, sipadv_condition when)
{
    sipadv_advice a;

    sipadv_advise(code, method, when, &a);
    return a;
}

/* RFC 4320 sec. 4.1: the delay of a 100 to a non-INVITE applies to unreliable transport only. */
static void test_100_non_invite_timing(void)
{
    sipadv_advice a = advice(100, SIPADV_METHOD_OPTIONS, SIPADV_WHEN_ANY);

    LACKS(a.context, "only late");
    HAS(a.context, "TCP/TLS at any time");
    HAS(a.context, "UDP");
    HAS(a.context, "RFC 4320 sec. 4.1");
}

/* Timer C: reset by every provisional but 100 (RFC 3261 sec. 16.7 item 2), MUST exceed 3
 * minutes (sec. 16.6 item 11), and its expiry after a 1xx is a CANCEL, so 487, not 408. */
static void test_timer_c(void)
{
    sipadv_advice a = advice(182, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    LACKS(a.remedy, "a later 487 or 408 then comes from that timer");
    HAS(a.remedy, "resets");
    HAS(a.remedy, "sec. 16.7 item 2");
    HAS(a.remedy, "487");
    HAS(a.remedy, "408 comes only from a branch that sent no provisional response");
    HAS(a.remedy, "other than 100");
    LACKS(a.remedy, "Every 1xx");

    a = advice(487, SIPADV_METHOD_INVITE, SIPADV_WHEN_NO_CANCEL);
    LACKS(a.context, "often 180 s");
    LACKS(a.context, "at least 3 min");
    HAS(a.context, "MUST exceed 3 min");
    HAS(a.context, "sec. 16.6 item 11");
    LACKS(a.remedy, "about 180 s points at Timer C");
    HAS(a.remedy, "last provisional response other than 100");
    HAS(a.context, "but 100");

    /* Nowhere in the tables is a 180 s Timer C presented as normal. */
    for (unsigned i = 0; i < sipadv_registered_code_count; i++) {
        const sipadv_code_entry *e = &sipadv_registered_codes[i];
        const char *texts[] = { e->meaning, e->context, e->remedy };
        for (unsigned k = 0; k < 3; k++) {
            LACKS(texts[k], "often 180 s");
            LACKS(texts[k], "Timer C is at least 3 min");
        }
    }
    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];
        const char *texts[] = { o->meaning, o->context, o->remedy };
        for (unsigned k = 0; k < 3; k++) {
            if (texts[k] == NULL)
                continue;
            LACKS(texts[k], "often 180 s");
            LACKS(texts[k], "about 180 s points at Timer C");
        }
    }
}

/* A NOTIFY before the 2xx to SUBSCRIBE is RFC 6665 sec. 4.1.2.4, not 4.1.2.1. */
static void test_200_subscribe_early_notify(void)
{
    sipadv_advice a = advice(200, SIPADV_METHOD_SUBSCRIBE, SIPADV_WHEN_ANY);

    HAS(a.meaning, "before this 200 (RFC 6665 sec. 4.1.2.4)");
    LACKS(a.meaning, "4.1.2.1");
}

/* 408: the RFC's own wording for the generic case; to a non-INVITE only a non-compliant
 * element sends it (RFC 4320 sec. 4.2), never a stateless proxy, which has no Timer F. */
static void test_408_texts(void)
{
    sipadv_advice a = advice(408, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    HAS(a.meaning, "could not determine the location of the user in time");
    a = advice(408, SIPADV_METHOD_REGISTER, SIPADV_WHEN_ANY);
    LACKS(a.context, "Generated by a stateless proxy");
    HAS(a.context, "non-compliant element");
    HAS(a.context, "stateless proxy runs no Timer F");
    HAS(a.context, "caller's own Timer F fires anyway");
    HAS(a.meaning, "RFC 4320 sec. 4.2");
}

/* The retry-with-a-SIP-URI rule for 416 is RFC 3261 sec. 8.1.3.5. */
static void test_416_retry_rule(void)
{
    sipadv_advice a = advice(416, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    HAS(a.meaning, "SIP URI");
    HAS(a.meaning, "sec. 8.1.3.5");
    LACKS(a.meaning, "21.4.14");
}

/* 420 to REFER: retry without the extension. nosub/explicitsub mean nothing in Supported,
 * and Refer-Sub: false was never a demand (RFC 7647 sec. 4; RFC 7614 sec. 5.2, 6). */
static void test_420_refer_retry(void)
{
    sipadv_advice a = advice(420, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY);

    LACKS(a.remedy, "in Supported instead of Require");
    LACKS(a.remedy, "becomes a request rather than a demand");
    HAS(a.remedy, "without the extension");
    HAS(a.remedy, "Require only");
    HAS(a.remedy, "never a demand");
    HAS(a.remedy, "RFC 7647 sec. 4");
    HAS(a.remedy, "RFC 7614 sec. 5.2, 6");
}

/* RFC 3892 sec. 2.2: a referee's 429 to the REFER is a first-class case; the refer target's
 * 429 reaches the referrer only in a NOTIFY sipfrag. */
static void test_429_referee(void)
{
    sipadv_advice a = advice(429, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY);

    LACKS(a.meaning, "mainly for the refer target");
    HAS(a.meaning, "referee");
    HAS(a.meaning, "RFC 3892 sec. 2.2");
    HAS(a.meaning, "only inside a NOTIFY sipfrag");

    a = advice(429, SIPADV_METHOD_MESSAGE, SIPADV_WHEN_ANY);
    HAS(a.context, "referee to the REFER itself");
    HAS(a.context, "RFC 3892 sec. 2.2");
    HAS(a.context, "only inside the NOTIFY sipfrag");
}

/* RFC 3891 sec. 3: 481 when Replaces matches no dialog; a terminated dialog gets 603. */
static void test_481_invite_replaces(void)
{
    sipadv_advice a = advice(481, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    LACKS(a.context, "names a consultation call already ended");
    HAS(a.context, "ended dialog should get 603");
    HAS(a.context, "early-only flag matching a confirmed dialog 486");
    HAS(a.context, "early dialog this UA did not start");
    HAS(a.context, "RFC 3891 sec. 3");
    HAS(a.meaning, "matched no dialog");
}

/* RFC 6665 sec. 4.1.3: 489 to NOTIFY is only for an unsupported event package; a NOTIFY
 * that matches no subscription gets 481. */
/* 200 to REFER: all three ways to no implicit subscription (RFC 4488, RFC 7614). */
static void test_200_refer_no_subscription(void)
{
    sipadv_advice a = advice(200, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY);

    HAS(a.remedy, "Refer-Sub: false");
    HAS(a.remedy, "Require: nosub");
    HAS(a.remedy, "Require: explicitsub");
    a = advice(202, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY);
    HAS(a.remedy, "Require: explicitsub");
}

static void test_489_notify(void)
{
    sipadv_advice a = advice(489, SIPADV_METHOD_NOTIFY, SIPADV_WHEN_ANY);

    LACKS(a.meaning, "has no subscription for");
    LACKS(a.context, "without a matching subscription");
    HAS(a.meaning, "matches no subscription gets 481");
    HAS(a.meaning, "RFC 6665 sec. 4.1.3");
    HAS(a.context, "gets 481, not 489");
}

/* RFC 3261 sec. 18.1.1: the 1300-byte rule applies only when the path MTU is unknown. */
static void test_513_mtu_rule(void)
{
    sipadv_advice a = advice(513, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    HAS(a.context, "1300 bytes if the MTU is unknown");
    HAS(a.context, "within 200 bytes of the path MTU");
    LACKS(a.context, "or above 1300 bytes.");
}

/* RFC 5839 sec. 5.7: a 204 to a SUBSCRIBE with Expires: 0 ends the subscription. */
static void test_204_unsubscribe(void)
{
    sipadv_advice a = advice(204, SIPADV_METHOD_SUBSCRIBE, SIPADV_WHEN_ANY);

    HAS(a.remedy, "Expires: 0, the 204 ends the subscription");
    HAS(a.remedy, "RFC 5839 sec. 5.7");
}

/* RFC 3261 sec. 10.3 step 8: the 200 lists only current bindings; a removed one is absent,
 * not listed with expires=0. */
static void test_200_register_bindings(void)
{
    sipadv_advice a = advice(200, SIPADV_METHOD_REGISTER, SIPADV_WHEN_ANY);

    LACKS(a.remedy, "0 means de-registered");
    HAS(a.remedy, "removed Contact is simply absent");
    HAS(a.remedy, "RFC 3261 sec. 10.3 step 8");
}

/* n appears in text as a number of its own (not as part of a longer one). */
static bool mentions_number(const char *text, unsigned n)
{
    char digits[12];
    size_t len;

    snprintf(digits, sizeof(digits), "%u", n);
    len = strlen(digits);
    for (const char *p = strstr(text, digits); p != NULL; p = strstr(p + 1, digits)) {
        bool before = p == text || !isdigit((unsigned char)p[-1]);
        bool after = !isdigit((unsigned char)p[len]);
        if (before && after)
            return true;
    }
    return false;
}

/* Where the 404 and 503 texts list the ISUP causes that map to them, the lists are complete
 * against the RFC 3398 sec. 7.2.4.1 table (503 also gets 58 and 88, 404 also 26). */
static void test_isup_cause_lists(void)
{
    sipadv_advice a = advice(503, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    for (unsigned c = 1; c <= 127; c++) {
        if (sipadv_q850_to_sip(c) == 503)
            CHECK_MSG(mentions_number(a.context, c), "503 context lacks ISUP cause %u", c);
    }
    HAS(a.context, "58 and 88 map to 503");

    a = advice(404, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);
    HAS(a.context, "ISUP causes 1-3 and 26 map to 404");
    for (unsigned c = 4; c <= 127; c++) {
        if (sipadv_q850_to_sip(c) == 404)
            CHECK_MSG(mentions_number(a.context, c), "404 context lacks ISUP cause %u", c);
    }
}

/* RFC 3261 sec. 21.4.6: a 405 MUST carry Allow, not merely should. */
static void test_405_refer_allow(void)
{
    sipadv_advice a = advice(405, SIPADV_METHOD_REFER, SIPADV_WHEN_ANY);

    LACKS(a.meaning, "should list");
    HAS(a.meaning, "MUST carry an Allow header");
    HAS(a.meaning, "RFC 3261 sec. 21.4.6");
}

/* The malformed note rests on sec. 7.2's six classes; the sec. 25.1 grammar allows 700-999. */
static void test_malformed_citation(void)
{
    sipadv_advice a = advice(700, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    CHECK(!a.valid);
    LACKS(a.meaning, "25.1");
    HAS(a.meaning, "RFC 3261 sec. 7.2");
    HAS(a.meaning, "six classes");
}

/* 199: no claim about Wireshark's own table, which would age. */
static void test_199_no_wireshark_claim(void)
{
    sipadv_advice a = advice(199, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    LACKS(a.context, "Wireshark");
    HAS(a.context, "Supported: 199");
}

/* 430 goes back to the authoritative proxy, not to a registrar (RFC 5626 sec. 5.3.1). */
static void test_430_authoritative_proxy(void)
{
    sipadv_advice a = advice(430, SIPADV_METHOD_INVITE, SIPADV_WHEN_ANY);

    LACKS(a.context, "registrar");
    HAS(a.context, "back to the authoritative proxy (RFC 5626 sec. 5.3.1)");
}

int main(void)
{
    test_registry_matches_iana();
    test_table_sorted_unique_and_complete();
    test_overrides();
    test_classes();
    test_advice();
    test_unregistered_and_malformed();
    test_100_non_invite_timing();
    test_timer_c();
    test_200_subscribe_early_notify();
    test_408_texts();
    test_416_retry_rule();
    test_420_refer_retry();
    test_429_referee();
    test_481_invite_replaces();
    test_200_refer_no_subscription();
    test_489_notify();
    test_513_mtu_rule();
    test_204_unsubscribe();
    test_200_register_bindings();
    test_isup_cause_lists();
    test_405_refer_allow();
    test_malformed_citation();
    test_199_no_wireshark_claim();
    test_430_authoritative_proxy();
    return check_report();
}
