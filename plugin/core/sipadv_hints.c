/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hints quoting the packet's own values. Each builder looks at one header; they share a
 * small appender so the output stays bounded whatever the input. */
#include "sipadv_hints.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sipadv_codes.h"
#include "sipadv_headers.h"
#include "sipadv_parse.h"
#include "sipadv_chars.h"
#include "sipadv_utf8.h"

#define MAX_ITEMS 16
#define SPAN_SHOWN 80 /* characters of one quoted value shown in a hint */

static void add(sipadv_hints *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(sipadv_hints *h, const char *fmt, ...)
{
    char raw[SIPADV_HINT_LEN], fixed[SIPADV_UTF8_REPAIR_ROOM(SIPADV_HINT_LEN)];
    va_list ap;
    size_t len;
    int n;

    if (h->count >= SIPADV_MAX_HINTS) {
        h->dropped++;
        return;
    }
    va_start(ap, fmt);
    n = vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    len = n < 0 ? 0 : (size_t)n < sizeof(raw) ? (size_t)n : sizeof(raw) - 1;
    /* Hints quote header values as sent, and a display string must be valid UTF-8. */
    len = sipadv_utf8_repair(raw, len, fixed, sizeof(fixed));
    if ((n >= 0 && (size_t)n >= sizeof(raw)) || len >= SIPADV_HINT_LEN) {
        /* Too long for a hint: cut between characters, and say so. A character the
         * formatting cut became a U+FFFD at the very end, past this cut. */
        len = sipadv_utf8_cut(fixed, len, SIPADV_HINT_LEN - 4);
        memcpy(fixed + len, "...", 4);
        len += 3;
    }
    memcpy(h->text[h->count], fixed, len + 1);
    h->count++;
}

static int shown(sipadv_span sp)
{
    return sp.ptr == NULL ? 0 : (int)sipadv_utf8_cut(sp.ptr, sp.len, SPAN_SHOWN);
}

/* What follows a quoted value: "..." when it was cut, so no value looks whole that is not. */
static const char *cut_mark(sipadv_span sp)
{
    return sp.ptr != NULL && (size_t)shown(sp) < sp.len ? "..." : "";
}

/* A packet value in a hint: Q in the format, QUOTE(span) in the arguments. An absent
 * value shows as nothing. */
#define Q "%.*s%s"
#define QUOTE(sp) shown(sp), (sp).ptr ? (sp).ptr : "", cut_mark(sp)

/* "a, b, c" into buf: whole items only, and ", ..." when some are left out (there were
 * more than were split, or they did not fit). */
static void join_items(const sipadv_span *t, size_t n, bool truncated, char *buf, size_t size)
{
    static const char more[] = ", ...";
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, size - used, "%s" Q, i ? ", " : "", QUOTE(t[i]));
        if (w < 0 || used + (size_t)w + sizeof(more) > size) {
            buf[used] = '\0';
            truncated = true;
            break;
        }
        used += (size_t)w;
    }
    if (truncated)
        memcpy(buf + used, more, sizeof(more));
}

static bool list_tokens(sipadv_span value, char *buf, size_t size, size_t *count)
{
    sipadv_span t[MAX_ITEMS];
    sipadv_list_result r = sipadv_split_tokens(value.ptr, value.len, t, MAX_ITEMS);

    join_items(t, r.count, r.truncated, buf, size);
    *count = r.count;
    return !r.malformed;
}

/* ---- Retry-After ------------------------------------------------------------------------ */

static void hint_retry_after(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_retry_after ra;

    if (in->retry_after.ptr == NULL)
        return;
    sipadv_parse_retry_after(in->retry_after.ptr, in->retry_after.len, &ra);
    if (ra.seconds.status != SIPADV_NUM_OK) {
        add(h, "Retry-After '" Q "' is not valid (delta-seconds, RFC 3261 sec. 20.33): "
               "clients will ignore it", QUOTE(in->retry_after));
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
        return;
    }
    h->flags |= SIPADV_HINT_CARRIES_RETRY_AFTER;
    h->retry_after = ra.seconds.value;
    {
        char extra[200] = "";
        size_t used = 0;
        if (ra.comment.ptr != NULL)
            used += (size_t)snprintf(extra, sizeof(extra), " (comment: '" Q "')",
                                     QUOTE(ra.comment));
        if (ra.duration.status == SIPADV_NUM_OK && used < sizeof(extra))
            snprintf(extra + used, sizeof(extra) - used,
                     ", and says the callee stays available for %u s after that (duration)",
                     ra.duration.value);
        add(h, "Retry-After: the sender asks for a retry in %u s%s; retrying sooner will "
               "likely fail the same way", ra.seconds.value, extra);
    }
}

/* ---- Interval negotiation: 423 Min-Expires, 422 Min-SE ---------------------------------- */

/* The registration interval the request asked for: a Contact expires parameter wins over
 * the Expires header (RFC 3261 sec. 10.2.1.1). */
static bool requested_expires(const sipadv_request *req, uint32_t *value, const char **where)
{
    sipadv_num n;

    if (req == NULL)
        return false;
    n = req->contact_expires;
    if (n.status == SIPADV_NUM_OK) {
        *value = n.value;
        *where = "Contact expires parameter";
        return true;
    }
    n = sipadv_parse_delta_seconds(req->expires.ptr, req->expires.len);
    if (n.status == SIPADV_NUM_OK) {
        *value = n.value;
        *where = "Expires header";
        return true;
    }
    return false;
}

static void hint_min_expires(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_num min;
    uint32_t asked;
    const char *where;

    if (in->min_expires.ptr == NULL)
        return;
    min = sipadv_parse_delta_seconds(in->min_expires.ptr, in->min_expires.len);
    if (min.status != SIPADV_NUM_OK) {
        add(h, "Min-Expires '" Q "' is not a number of seconds: the client cannot know "
               "what interval to retry with", QUOTE(in->min_expires));
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
        return;
    }
    if (requested_expires(in->request, &asked, &where))
        add(h, "Asked %u s (%s), the server's minimum is %u s (Min-Expires): retry with "
               "Expires >= %u%s", asked, where, min.value, min.value,
            asked >= min.value ? "; the request already met it, so the server contradicts "
                                 "itself" : "");
    else
        add(h, "The server's minimum interval is %u s (Min-Expires): retry with Expires >= %u "
               "(the request's own value is not in the capture)", min.value, min.value);
}

static void hint_min_se(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_session_expires min, asked;

    if (in->min_se.ptr == NULL)
        return;
    sipadv_parse_session_expires(in->min_se.ptr, in->min_se.len, &min);
    if (min.delta.status != SIPADV_NUM_OK) {
        add(h, "Min-SE is not a number of seconds: the client cannot know what session "
               "interval to retry with");
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
        return;
    }
    if (in->request != NULL && in->request->session_expires.ptr != NULL &&
        sipadv_parse_session_expires(in->request->session_expires.ptr,
                                     in->request->session_expires.len, &asked) &&
        asked.delta.status == SIPADV_NUM_OK)
        add(h, "Asked Session-Expires %u s, the server's minimum is %u s (Min-SE): retry with "
               "Session-Expires >= %u (RFC 4028)", asked.delta.value, min.delta.value,
            min.delta.value);
    else
        add(h, "The server's minimum session interval is %u s (Min-SE): retry with "
               "Session-Expires >= %u (RFC 4028)", min.delta.value, min.delta.value);
}

/* ---- Capability lists ---------------------------------------------------------------- */

static void hint_allow(const sipadv_hint_input *in, sipadv_hints *h)
{
    char list[240];
    size_t n;

    if (in->code != 405)
        return;
    if (in->allow.ptr == NULL) {
        add(h, "405 without an Allow header, which RFC 3261 sec. 21.4.6 makes mandatory: the "
               "server does not say what it accepts");
        return;
    }
    if (!list_tokens(in->allow, list, sizeof(list), &n))
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
    if (in->method.len > 0 &&
        !sipadv_method_list_contains(in->allow.ptr, in->allow.len, in->method))
        add(h, "Allowed methods: %s. " Q " is not among them: this element does not take "
               Q " requests here", list, QUOTE(in->method), QUOTE(in->method));
    else if (in->method.len > 0)
        add(h, "Allowed methods: %s. " Q " IS listed, so the refusal is policy for this "
               "target, not a missing feature", list, QUOTE(in->method));
    else
        add(h, "Allowed methods: %s", list);
}

static void hint_list(sipadv_hints *h, sipadv_span value, const char *fmt_list,
                      const char *if_empty)
{
    char list[240];
    size_t n;

    if (value.ptr == NULL)
        return;
    if (!list_tokens(value, list, sizeof(list), &n))
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
    if (n == 0)
        add(h, "%s", if_empty);
    else
        add(h, fmt_list, list);
}

static void hint_capabilities(const sipadv_hint_input *in, sipadv_hints *h)
{
    switch (in->code) {
    case 489:
        hint_list(h, in->allow_events, "Event packages this notifier supports (Allow-Events): "
                                       "%s", "Allow-Events is empty: no event package is "
                                             "supported");
        break;
    case 415:
        hint_list(h, in->accept, "Body types accepted (Accept): %s; send one of them",
                  "Accept is empty: the server takes no body at all");
        hint_list(h, in->accept_encoding, "Encodings accepted (Accept-Encoding): %s",
                  "Accept-Encoding is empty: send the body unencoded");
        hint_list(h, in->accept_language, "Languages accepted (Accept-Language): %s",
                  "Accept-Language is empty");
        break;
    case 420:
        hint_list(h, in->unsupported, "Option tags the server does not support (Unsupported): "
                                      "%s; remove them from Require/Proxy-Require and retry",
                  "420 with an empty Unsupported header: the server does not say which "
                  "extension it refused");
        if (in->unsupported.ptr == NULL)
            add(h, "420 without an Unsupported header (RFC 3261 sec. 21.4.15 requires it): "
                   "compare the request's Require and Proxy-Require with what this server "
                   "supports");
        break;
    case 421:
        hint_list(h, in->require, "The server insists on (Require): %s; the client must "
                                  "support and use these extensions to proceed",
                  "421 with an empty Require header: the server does not say which extension "
                  "it needs");
        break;
    case 469:
        hint_list(h, in->recv_info, "INFO packages the peer accepts (Recv-Info): %s",
                  "Recv-Info is empty: the peer accepts no INFO package at all");
        break;
    case 417:
        hint_list(h, in->accept_resource_priority,
                  "Resource-Priority namespaces the peer knows (Accept-Resource-Priority): %s",
                  "Accept-Resource-Priority is empty");
        break;
    default:
        break;
    }
}

/* ---- Warning ----------------------------------------------------------------------------- */

/* A warn-text that only repeats the registered meaning is not worth quoting twice. */
static bool says_more(const sipadv_warning *w, const char *meaning)
{
    return w->text.ptr != NULL && w->text.len > 0 && !sipadv_span_equals(w->text, meaning);
}

static void hint_warnings(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_warning w[MAX_ITEMS];
    sipadv_list_result r;
    bool offer = in->code == 488 || in->code == 606;

    if (in->warning.ptr == NULL)
        return;
    r = sipadv_parse_warnings(in->warning.ptr, in->warning.len, w, MAX_ITEMS);
    if (r.malformed)
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
    for (size_t i = 0; i < r.count; i++) {
        const char *meaning = sipadv_warning_code_text(w[i].code);
        const char *range = sipadv_warning_code_range(w[i].code);
        bool more = says_more(&w[i], meaning);
        /* The warn-text, quoted only when it adds to the registered meaning. */
        sipadv_span extra = more ? w[i].text : (sipadv_span){ NULL, 0 };

        if (w[i].code == 399)
            add(h, "Warning 399 from " Q " (free text, not for automatic action): '" Q "'",
                QUOTE(w[i].agent), QUOTE(w[i].text));
        else if (offer && w[i].code >= 300 && w[i].code <= 339 && meaning)
            add(h, "The offer was refused for: %s (Warning %u from " Q ")%s" Q "%s", meaning,
                w[i].code, QUOTE(w[i].agent), more ? ": '" : "", QUOTE(extra),
                more ? "'" : "");
        else if (meaning)
            add(h, "Warning %u from " Q ": %s%s" Q "%s", w[i].code, QUOTE(w[i].agent),
                meaning, more ? ": '" : "", QUOTE(extra), more ? "'" : "");
        else
            add(h, "Warning %u from " Q ": not registered%s%s: '" Q "'", w[i].code,
                QUOTE(w[i].agent), range ? ", range: " : "", range ? range : "",
                QUOTE(w[i].text));
    }
    h->unread |= r.truncated;
    if (r.count == 0 && r.malformed)
        add(h, "Warning header not understood (RFC 3261 sec. 20.43 wants 'code agent \"text\"')");
}

/* ---- Reason ------------------------------------------------------------------------------ */

static void hint_reason_entry(const sipadv_hint_input *in, const sipadv_reason *r,
                              sipadv_hints *h)
{
    char text[120] = "";

    if (r->text.ptr != NULL)
        snprintf(text, sizeof(text), ", text '" Q "'", QUOTE(r->text));
    if (sipadv_span_equals(r->protocol, "Q.850") && r->cause.status == SIPADV_NUM_OK) {
        const char *name = sipadv_q850_cause_name(r->cause.value);
        int mapped = sipadv_q850_to_sip(r->cause.value);

        add(h, "Reason: Q.850 cause %u (%s)%s", r->cause.value, name ? name : "unknown cause",
            text);
        if (in->code >= 300 && mapped > 0 &&
            !sipadv_q850_sip_consistent(r->cause.value, in->code)) {
            add(h, "Q.850 cause %u maps to %d under RFC 3398, not to %u: a gateway mapped it "
                   "differently, or an element downstream rewrote the status", r->cause.value,
                mapped, in->code);
            h->flags |= SIPADV_HINT_REASON_MISMATCH;
            if (h->reason_cause == 0)
                h->reason_cause = r->cause.value;
        }
    } else if (sipadv_span_equals(r->protocol, "SIP") && r->cause.status == SIPADV_NUM_OK) {
        const sipadv_code_entry *e = sipadv_lookup_registered(r->cause.value);
        add(h, "Reason: SIP cause %u (%s)%s", r->cause.value,
            e ? e->phrase : "not a registered SIP code", text);
    } else {
        add(h, "Reason: protocol " Q ", cause %s%s", QUOTE(r->protocol),
            r->cause.status == SIPADV_NUM_OK ? "given" : "missing or invalid", text);
    }
}

static void hint_reasons(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_reason r[MAX_ITEMS];
    sipadv_list_result res;

    if (in->reason.ptr == NULL)
        return;
    res = sipadv_parse_reasons(in->reason.ptr, in->reason.len, r, MAX_ITEMS);
    if (res.malformed)
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
    for (size_t i = 0; i < res.count; i++)
        hint_reason_entry(in, &r[i], h);
    h->unread |= res.truncated;
}

/* ---- Challenges ------------------------------------------------------------------------- */

static bool same_realm(sipadv_span realm, sipadv_span other)
{
    return other.ptr != NULL && realm.ptr != NULL && sipadv_span_same(realm, other);
}

static void hint_challenge(const sipadv_hint_input *in, sipadv_hints *h)
{
    bool proxy = in->code == 407;
    sipadv_span value = proxy ? in->proxy_authenticate : in->www_authenticate;
    const char *header = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
    sipadv_span sent = in->request == NULL ? (sipadv_span){ NULL, 0 }
                       : proxy ? in->request->proxy_realm : in->request->www_realm;
    sipadv_challenge ch;

    if (in->code != 401 && in->code != 407)
        return;
    if (value.ptr == NULL || !sipadv_parse_challenge(value.ptr, value.len, &ch)) {
        add(h, "%u without a usable %s header: the client cannot answer the challenge",
            in->code, header);
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
        return;
    }
    add(h, "Challenge for realm '" Q "' (" Q ", algorithm %s" Q "%s" Q ")", QUOTE(ch.realm),
        QUOTE(ch.scheme), ch.algorithm.ptr ? "" : "MD5", QUOTE(ch.algorithm),
        ch.qop.ptr ? ", qop " : "", QUOTE(ch.qop));
    if (ch.stale == SIPADV_STALE_TRUE) {
        add(h, "stale=true: only the nonce expired; the client should retry with the new nonce, "
               "the password is fine");
    } else if (same_realm(ch.realm, sent)) {
        add(h, "The request already carried credentials for realm '" Q "' and was challenged "
               "again: the credentials were rejected (wrong password or username; the classic "
               "registration loop)", QUOTE(ch.realm));
        h->flags |= SIPADV_HINT_CREDENTIALS_REJECTED;
    }
}

/* ---- Contacts of 3xx and 485 ------------------------------------------------------------ */

static void hint_contacts(const sipadv_hint_input *in, sipadv_hints *h)
{
    sipadv_contact c[MAX_ITEMS];
    sipadv_span uris[MAX_ITEMS] = { { NULL, 0 } };
    sipadv_list_result r;
    bool star = false;
    char list[240];

    if ((in->code < 300 || in->code > 399) && in->code != 485)
        return;
    if (in->contact.ptr == NULL) {
        if (in->code >= 300 && in->code <= 302)
            add(h, "%u without a Contact header: there is no alternative target to try",
                in->code);
        return;
    }
    r = sipadv_split_contacts(in->contact.ptr, in->contact.len, c, MAX_ITEMS, &star);
    if (r.malformed)
        h->flags |= SIPADV_HINT_NOT_UNDERSTOOD;
    for (size_t i = 0; i < r.count; i++)
        uris[i] = c[i].uri;
    join_items(uris, r.count, r.truncated, list, sizeof(list));
    if (r.count > 0)
        add(h, "Alternative targets (Contact): %s", list);
}

/* No hint is dropped without a word: when some did not fit, the last slot says how many
 * (the hint it replaces among them). A Warning or Reason list is cut only once MAX_ITEMS
 * values filled its array, each a hint, so an unread value means at least one more hint. */
static void note_dropped(sipadv_hints *h)
{
    unsigned missing = h->dropped + 1 + (h->unread ? 1 : 0);

    if (h->dropped == 0)
        return;
    h->count = SIPADV_MAX_HINTS - 1;
    add(h, "%s%u more hints not shown: a response shows at most %d, this note included",
        h->unread ? "At least " : "", missing, SIPADV_MAX_HINTS);
}

void sipadv_hints_build(const sipadv_hint_input *in, sipadv_hints *out)
{
    /* Not the texts (nearly 4 KB): each is written whole by add() before count covers it. */
    out->count = 0;
    out->flags = 0;
    out->retry_after = 0;
    out->reason_cause = 0;
    out->dropped = 0;
    out->unread = false;
    hint_retry_after(in, out);
    if (in->code == 423)
        hint_min_expires(in, out);
    if (in->code == 422)
        hint_min_se(in, out);
    hint_allow(in, out);
    hint_capabilities(in, out);
    hint_challenge(in, out);
    hint_contacts(in, out);
    hint_warnings(in, out);
    hint_reasons(in, out);
    if (in->instances_cut)
        add(out, "A repeated header has more instances than were read: the hints read the "
                 "first %d bytes of its values", SIPADV_MAX_JOINED);
    note_dropped(out);
}

bool sipadv_retry_too_early(const sipadv_retry *r)
{
    return r != NULL && r->retry_frame != 0 &&
           r->retry_time - r->response_time < (double)r->retry_after;
}

bool sipadv_retry_hint(const sipadv_retry *r, char *buf, unsigned size, bool *too_early)
{
    double waited;

    *too_early = false;
    if (r == NULL || r->retry_frame == 0)
        return false;
    waited = r->retry_time - r->response_time;
    *too_early = sipadv_retry_too_early(r);
    snprintf(buf, size, "The same client retried after %.1f s (frame %u), %s the %u s asked in "
                        "Retry-After", waited, r->retry_frame,
             *too_early ? "sooner than" : "respecting", r->retry_after);
    return true;
}
