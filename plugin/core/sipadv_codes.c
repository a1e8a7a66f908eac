/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Response code lookup and advice resolution. Plain C: no Wireshark headers. */
#include "sipadv_codes.h"

#include <stddef.h>
#include <string.h>

static const char *const class_names[] = {
    "invalid",
    "1xx Provisional",
    "2xx Success",
    "3xx Redirection",
    "4xx Client Failure",
    "5xx Server Failure",
    "6xx Global Failure",
};

unsigned sipadv_code_class(unsigned code)
{
    if (code < 100 || code > 699)
        return 0;
    return code / 100;
}

const char *sipadv_class_name(unsigned cls)
{
    return cls <= 6 ? class_names[cls] : class_names[0];
}

sipadv_severity sipadv_class_severity(unsigned cls)
{
    switch (cls) {
    case 1:
    case 2:
        return SIPADV_SEV_CHAT;
    case 3:
        return SIPADV_SEV_NOTE;
    case 4:
        return SIPADV_SEV_WARN;
    default:
        /* 5xx, 6xx, and anything malformed. */
        return SIPADV_SEV_ERROR;
    }
}

const sipadv_code_entry *sipadv_lookup_registered(unsigned code)
{
    size_t lo = 0, hi = sipadv_registered_code_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        unsigned c = sipadv_registered_codes[mid].code;
        if (c == code)
            return &sipadv_registered_codes[mid];
        if (c < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t sipadv_sent_phrase_len(const sipadv_code_entry *e)
{
    static const char annotation[] = " (Deprecated)";
    size_t len = strlen(e->phrase), n = sizeof(annotation) - 1;

    if (len > n && memcmp(e->phrase + len - n, annotation, n) == 0)
        return len - n;
    return len;
}

static bool override_applies(const sipadv_code_override *o, sipadv_method method)
{
    if (o->method != SIPADV_METHOD_NONE)
        return o->method == method;
    return method != SIPADV_METHOD_NONE && method != o->any_but;
}

/* Best override for (code, method, when): an exact condition beats SIPADV_WHEN_ANY, and a
 * named method beats a row for every method but one. */
static const sipadv_code_override *find_override(unsigned code, sipadv_method method,
                                                 sipadv_condition when)
{
    const sipadv_code_override *best = NULL;
    int best_score = -1;

    for (unsigned i = 0; i < sipadv_code_override_count; i++) {
        const sipadv_code_override *o = &sipadv_code_overrides[i];
        int score;

        if (o->code != code || !override_applies(o, method))
            continue;
        if (o->when != SIPADV_WHEN_ANY && o->when != when)
            continue;
        score = (o->when != SIPADV_WHEN_ANY ? 2 : 0) + (o->method != SIPADV_METHOD_NONE ? 1 : 0);
        if (score > best_score) {
            best = o;
            best_score = score;
        }
    }
    return best;
}

/* RFC 3261 sec. 8.1.3.2: an unknown final code is treated as the x00 of its class, an
 * unknown provisional code (other than 100) as 183. */
static unsigned fallback_code(unsigned cls)
{
    return cls == 1 ? 183 : cls * 100;
}

static const char *const fallback_notes[] = {
    NULL,
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 183 Session Progress.",
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 200 OK.",
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 300 Multiple Choices.",
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 400 Bad Request.",
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 500 Server Internal Error.",
    "Not in the IANA registry: RFC 3261 sec. 8.1.3.2 says a UAC treats it as 600 Busy Everywhere.",
};

static const char *const malformed_meaning =
    "The status code is not a three-digit number from 100 to 699: RFC 3261 sec. 7.2 defines "
    "only six classes (1xx to 6xx), so no SIP element can act on this response.";
static const char *const malformed_context =
    "A broken or hand-written SIP stack, a middlebox rewriting the status line, or a "
    "corrupted or truncated capture.";
static const char *const malformed_remedy =
    "Find the element that generated this response (top Via of the request, the sending "
    "address) and fix its status line; a receiving UA will drop or mishandle it.";

static void apply_entry(sipadv_advice *out, const sipadv_code_entry *e)
{
    out->entry = e;
    out->meaning = e->meaning;
    out->context = e->context;
    out->remedy = e->remedy;
    if (e->severity != SIPADV_SEV_DEFAULT)
        out->severity = e->severity;
}

static void apply_override(sipadv_advice *out, const sipadv_code_override *o)
{
    if (o->meaning)
        out->meaning = o->meaning;
    if (o->context)
        out->context = o->context;
    if (o->remedy)
        out->remedy = o->remedy;
    if (o->severity != SIPADV_SEV_DEFAULT)
        out->severity = o->severity;
}

void sipadv_advise(unsigned code, sipadv_method method, sipadv_condition when,
                   sipadv_advice *out)
{
    const sipadv_code_entry *e;
    const sipadv_code_override *o;

    memset(out, 0, sizeof(*out));
    out->code = code;
    out->cls = sipadv_code_class(code);
    out->valid = out->cls != 0;
    out->severity = sipadv_class_severity(out->cls);

    if (!out->valid) {
        out->meaning = malformed_meaning;
        out->context = malformed_context;
        out->remedy = malformed_remedy;
        return;
    }

    e = sipadv_lookup_registered(code);
    if (e) {
        out->registered = true;
        out->phrase = e->phrase;
        out->rfc = e->rfc;
        apply_entry(out, e);
        o = find_override(code, method, when);
        if (o)
            apply_override(out, o);
        return;
    }

    /* Unregistered: explain via the class fallback, keeping the class's own severity so a
     * 599 is never shown as routine just because 500 had an adjusted one. */
    e = sipadv_lookup_registered(fallback_code(out->cls));
    if (e) {
        out->entry = e;
        out->meaning = e->meaning;
        out->context = e->context;
        out->remedy = e->remedy;
        out->treated_as = e->code;
    }
    out->fallback_note = fallback_notes[out->cls];
}
