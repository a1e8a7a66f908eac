/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Header-value parsers, built on the shared lexer (sipadv_lex.h). Plain C, bounded by
 * explicit lengths: every scan checks its index against the length before touching a byte.
 * The Warning and Q.850 tables are in sipadv_code_tables.c. */
#include "sipadv_headers.h"

#include "sipadv_parse.h"

#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_lex.h"

/* ---- Retry-After ----------------------------------------------------------------------- */

/* Walks the ';'-separated parameters in [s, s + len), handing each to `use`. False when
 * one of them breaks the grammar; empty segments (";;", a trailing ';') are harmless and
 * skipped. */
static bool for_each_param(const char *s, size_t len, void (*use)(const sipadv_param *, void *),
                           void *ctx)
{
    sipadv_param_walk w = sipadv_params_of(s, len);
    sipadv_param p;

    while (sipadv_params_next(&w, &p)) {
        if (!p.ok)
            return false;
        use(&p, ctx);
    }
    return true;
}

/* The first duration= wins. */
static void use_retry_param(const sipadv_param *p, void *ctx)
{
    sipadv_retry_after *out = ctx;

    if (sipadv_span_equals(p->name, "duration") && out->duration.status == SIPADV_NUM_ABSENT)
        out->duration = sipadv_param_number(p);
}

bool sipadv_parse_retry_after(const char *s, size_t len, sipadv_retry_after *out)
{
    size_t i = 0, digits;
    bool closed = true;

    memset(out, 0, sizeof(*out));
    if (sipadv_is_all_blank(s, len))
        return false;
    sipadv_trim_blanks(&s, &len);
    while (i < len && sipadv_is_digit(s[i]))
        i++;
    digits = i;
    out->seconds = digits > 0 ? sipadv_parse_number(s, digits) : sipadv_invalid_number();

    i = sipadv_skip_blanks(s, len, i);
    if (i < len && s[i] == '(') {
        size_t end = sipadv_skip_comment(s, len, i, &closed);
        out->comment = sipadv_make_span(s + i + 1, closed ? end - i - 2 : len - i - 1);
        i = sipadv_skip_blanks(s, len, end);
    }
    if (!closed || (i < len && s[i] != ';') ||
        (i < len && !for_each_param(s + i + 1, len - i - 1, use_retry_param, out))) {
        out->seconds = sipadv_invalid_number();
    }
    return out->seconds.status == SIPADV_NUM_OK;
}

/* ---- Session-Expires / Min-SE ---------------------------------------------------------- */

static sipadv_refresher refresher_of(const sipadv_param *p)
{
    if (p->value.ptr != NULL && sipadv_span_equals(p->value, "uac"))
        return SIPADV_REFRESHER_UAC;
    if (p->value.ptr != NULL && sipadv_span_equals(p->value, "uas"))
        return SIPADV_REFRESHER_UAS;
    return SIPADV_REFRESHER_INVALID;
}

/* The first refresher= wins. */
static void use_session_param(const sipadv_param *p, void *ctx)
{
    sipadv_session_expires *out = ctx;

    if (sipadv_span_equals(p->name, "refresher") && out->refresher == SIPADV_REFRESHER_ABSENT)
        out->refresher = refresher_of(p);
}

bool sipadv_parse_session_expires(const char *s, size_t len, sipadv_session_expires *out)
{
    const char *semi;
    size_t head_len;

    memset(out, 0, sizeof(*out));
    if (sipadv_is_all_blank(s, len))
        return false;
    semi = memchr(s, ';', len);
    head_len = semi ? (size_t)(semi - s) : len;
    out->delta = sipadv_parse_number(s, head_len);
    if (semi != NULL && !for_each_param(semi + 1, len - head_len - 1, use_session_param, out))
        out->delta = sipadv_invalid_number();
    return out->delta.status == SIPADV_NUM_OK;
}

/* ---- Token lists ----------------------------------------------------------------------- */

/* Token characters plus '/' (media ranges such as "application/sdp" or "*" + "/" + "*"). */
static bool is_list_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (!sipadv_is_token_char(s[k]) && s[k] != '/')
            return false;
    }
    return true;
}

/* True when the caller's array has room for one more entry; otherwise records the truncation. */
static bool has_room(sipadv_list_result *r, size_t max)
{
    if (r->count < max)
        return true;
    r->truncated = true;
    return false;
}

sipadv_list_result sipadv_split_tokens(const char *s, size_t len, sipadv_span *tokens,
                                       size_t max)
{
    sipadv_list_result r = { 0, false, false };
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        bool unused;
        size_t head_len = sipadv_find_top_level(item, n, ';', false, &unused);
        sipadv_span tok = sipadv_trimmed_span(item, head_len);

        if (sipadv_is_empty_segment(item, n))
            continue;
        if (!balanced)
            r.malformed = true;
        if (!is_list_token(tok.ptr, tok.len)) {
            r.malformed = true;
            continue;
        }
        if (has_room(&r, max))
            tokens[r.count++] = tok;
    }
    return r;
}

/* ---- Warning --------------------------------------------------------------------------- */

/* warn-text: a quoted-string that ends the entry. Anything else is kept as sent, flagged. */
static void parse_warn_text(const char *t, size_t n, sipadv_warning *w)
{
    bool closed = false;
    size_t end = 0;

    if (n > 0 && t[0] == '"')
        end = sipadv_skip_quoted(t, n, 0, &closed);
    w->text_quoted = closed && end == n;
    w->text = w->text_quoted ? sipadv_make_span(t + 1, n - 2) : sipadv_make_span(t, n);
}

/* One trimmed warning-value; false when it has no three-digit code or no agent. */
static bool parse_warning(const char *s, size_t n, sipadv_warning *w)
{
    size_t i, agent_start;

    memset(w, 0, sizeof(*w));
    if (n < 5 || !sipadv_is_digit(s[0]) || !sipadv_is_digit(s[1]) || !sipadv_is_digit(s[2]) || !sipadv_is_blank(s[3]))
        return false;
    w->code = (unsigned)(s[0] - '0') * 100 + (unsigned)(s[1] - '0') * 10 + (unsigned)(s[2] - '0');
    agent_start = sipadv_skip_blanks(s, n, 3);
    i = agent_start;
    while (i < n && !sipadv_is_blank(s[i]))
        i++;
    /* An agent is a host or a pseudonym token: a quote here means the agent is missing. */
    if (i == agent_start || s[agent_start] == '"')
        return false;
    w->agent = sipadv_make_span(s + agent_start, i - agent_start);
    i = sipadv_skip_blanks(s, n, i);
    parse_warn_text(s + i, n - i, w);
    return true;
}

sipadv_list_result sipadv_parse_warnings(const char *s, size_t len, sipadv_warning *items,
                                         size_t max)
{
    sipadv_list_result r = { 0, false, false };
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_warning w;

        sipadv_trim_blanks(&item, &n);
        if (n == 0)
            continue;
        if (!parse_warning(item, n, &w)) {
            r.malformed = true;
            continue;
        }
        if (!w.text_quoted)
            r.malformed = true;
        if (has_room(&r, max))
            items[r.count++] = w;
    }
    return r;
}

/* ---- Reason ---------------------------------------------------------------------------- */

static void apply_reason_param(const sipadv_param *p, sipadv_reason *r)
{
    if (sipadv_span_equals(p->name, "cause") && r->cause.status == SIPADV_NUM_ABSENT)
        r->cause = sipadv_param_number(p);
    else if (sipadv_span_equals(p->name, "text") && r->text.ptr == NULL && p->value.ptr)
        r->text = p->value;
    else if (sipadv_span_equals(p->name, "location") && r->location.ptr == NULL && p->value.ptr)
        r->location = p->value;
}

/* One reason-value; false when the protocol is not a token. *odd is set for a broken
 * parameter that did not stop the entry from being understood. */
static bool parse_reason(const char *s, size_t n, sipadv_reason *r, bool *odd)
{
    sipadv_param_walk w;
    sipadv_param p;

    memset(r, 0, sizeof(*r));
    w = sipadv_params_after_head(s, n, &r->protocol);
    if (!sipadv_is_token(r->protocol.ptr, r->protocol.len))
        return false;
    while (sipadv_params_next(&w, &p)) {
        if (!p.ok)
            *odd = true;
        else
            apply_reason_param(&p, r);
    }
    return true;
}

sipadv_list_result sipadv_parse_reasons(const char *s, size_t len, sipadv_reason *items,
                                        size_t max)
{
    sipadv_list_result r = { 0, false, false };
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_reason reason;

        if (sipadv_is_empty_segment(item, n))
            continue;
        if (!balanced || !parse_reason(item, n, &reason, &r.malformed)) {
            r.malformed = true;
            continue;
        }
        if (has_room(&r, max))
            items[r.count++] = reason;
    }
    return r;
}

/* ---- WWW-Authenticate / Proxy-Authenticate --------------------------------------------- */

/* Keeps the first occurrence of a parameter; a repeat is malformed. */
static void set_once(sipadv_span *field, const sipadv_param *p, sipadv_challenge *ch)
{
    if (field->ptr != NULL) {
        ch->malformed = true;
        return;
    }
    *field = p->value;
}

static sipadv_stale stale_of(const sipadv_param *p)
{
    if (sipadv_span_equals(p->value, "true"))
        return SIPADV_STALE_TRUE;
    if (sipadv_span_equals(p->value, "false"))
        return SIPADV_STALE_FALSE;
    return SIPADV_STALE_INVALID;
}

static void apply_auth_param(const sipadv_param *p, sipadv_challenge *ch)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        { "realm", offsetof(sipadv_challenge, realm) },
        { "nonce", offsetof(sipadv_challenge, nonce) },
        { "opaque", offsetof(sipadv_challenge, opaque) },
        { "algorithm", offsetof(sipadv_challenge, algorithm) },
        { "qop", offsetof(sipadv_challenge, qop) },
        { "domain", offsetof(sipadv_challenge, domain) },
    };

    if (sipadv_span_equals(p->name, "stale")) {
        if (ch->stale != SIPADV_STALE_ABSENT)
            ch->malformed = true;
        else
            ch->stale = stale_of(p);
        return;
    }
    for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
        if (sipadv_span_equals(p->name, fields[k].name)) {
            set_once((sipadv_span *)((char *)ch + fields[k].offset), p, ch);
            return;
        }
    }
}

/* "Basic realm=x" after a comma: the name part holds a blank, so a new challenge starts. */
static bool starts_new_challenge(const char *item, size_t n)
{
    const char *eq = memchr(item, '=', n);
    sipadv_span name = sipadv_trimmed_span(item, eq ? (size_t)(eq - item) : n);

    return eq != NULL && sipadv_contains_blank(name.ptr, name.len);
}

/* The auth-params after the scheme, up to the end or the next challenge; with realm_only,
 * up to the first realm (all a request's credentials are read for). */
static void parse_auth_params(const char *s, size_t len, sipadv_challenge *ch, bool realm_only)
{
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;
    bool first = true;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_param p;
        if (sipadv_is_empty_segment(item, n))
            continue;
        sipadv_trim_blanks(&item, &n);
        if (!first && starts_new_challenge(item, n)) {
            ch->more_challenges = true;
            return;
        }
        first = false;
        p = sipadv_parse_param(item, n);
        if (!balanced || !p.ok || p.value.ptr == NULL)
            ch->malformed = true;
        if (p.ok && p.value.ptr != NULL)
            apply_auth_param(&p, ch);
        if (realm_only && ch->realm.ptr != NULL)
            return;
    }
}

static bool parse_challenge(const char *s, size_t len, sipadv_challenge *out, bool realm_only)
{
    size_t i = 0;

    memset(out, 0, sizeof(*out));
    if (sipadv_is_all_blank(s, len))
        return false;
    sipadv_trim_blanks(&s, &len);
    while (i < len && sipadv_is_token_char(s[i]))
        i++;
    if (i == 0)
        return false;
    out->scheme = sipadv_make_span(s, i);
    if (i < len && !sipadv_is_blank(s[i])) {
        out->malformed = true;
        return true;
    }
    parse_auth_params(s + i, len - i, out, realm_only);
    return true;
}

bool sipadv_parse_challenge(const char *s, size_t len, sipadv_challenge *out)
{
    return parse_challenge(s, len, out, false);
}

sipadv_span sipadv_credentials_realm(const char *s, size_t len)
{
    sipadv_challenge ch;

    /* parse_challenge() clears ch first, so a value it rejects (NULL included) has no realm. */
    (void)parse_challenge(s, len, &ch, true);
    return ch.realm;
}

bool sipadv_challenge_offers_qop(const sipadv_challenge *ch, const char *qop)
{
    return ch != NULL && ch->qop.ptr != NULL &&
           sipadv_token_list_contains(ch->qop.ptr, ch->qop.len, qop);
}

/* ---- Contact --------------------------------------------------------------------------- */

/* display-name = *(token LWS) / quoted-string. Sets the span without quotes. */
static bool parse_display_name(const char *s, size_t n, sipadv_contact *c)
{
    bool closed;

    sipadv_trim_blanks(&s, &n);
    if (n == 0)
        return true;
    if (s[0] == '"') {
        size_t end = sipadv_skip_quoted(s, n, 0, &closed);
        if (!closed || end != n)
            return false;
        c->display_name = sipadv_make_span(s + 1, n - 2);
        return true;
    }
    for (size_t k = 0; k < n; k++) {
        if (!sipadv_is_token_char(s[k]) && !sipadv_is_blank(s[k]))
            return false;
    }
    c->display_name = sipadv_make_span(s, n);
    return true;
}

/* The expires parameter among the header parameters; false when one of them is broken. */
static bool parse_contact_params(const char *s, size_t len, sipadv_contact *c)
{
    sipadv_param_walk w = sipadv_params_of(s, len);
    sipadv_param p;
    bool ok = true;

    c->params = sipadv_make_span(s, len);
    while (sipadv_params_next(&w, &p)) {
        if (!p.ok) {
            ok = false;
            continue;
        }
        if (sipadv_span_equals(p.name, "expires") && c->expires.status == SIPADV_NUM_ABSENT)
            c->expires = sipadv_param_number(&p);
    }
    return ok;
}

/* The header parameters after the URI: blanks, then nothing or ';' and the parameters. A
 * broken parameter leaves the contact usable but odd. */
static bool parse_header_params(sipadv_span after, sipadv_contact *c, bool *odd)
{
    size_t at = sipadv_skip_blanks(after.ptr, after.len, 0);

    if (at == after.len)
        return true;
    if (after.ptr[at] != ';')
        return false;
    if (!parse_contact_params(after.ptr + at + 1, after.len - at - 1, c))
        *odd = true;
    return true;
}

/* One trimmed, non-empty, balanced contact-param: ( name-addr / addr-spec ) *( ";" param ).
 * An addr-spec has no display name, and its URI needs a scheme (the ':') and holds no blank
 * and no quote. */
static bool parse_contact(const char *s, size_t n, sipadv_contact *c, bool *odd)
{
    sipadv_name_addr na;

    memset(c, 0, sizeof(*c));
    if (sipadv_split_name_addr(s, n, &na) != SIPADV_NAME_ADDR_OK)
        return false;
    if (na.bracketed && !parse_display_name(na.display_name.ptr, na.display_name.len, c))
        return false;
    c->uri = na.uri;
    if (c->uri.len == 0)
        return false;
    if (!na.bracketed && (sipadv_contains_blank(c->uri.ptr, c->uri.len) ||
                          memchr(c->uri.ptr, '"', c->uri.len) != NULL ||
                          memchr(c->uri.ptr, ':', c->uri.len) == NULL))
        return false;
    return parse_header_params(na.params, c, odd);
}

static bool is_star_item(const char *s, size_t n)
{
    return n == 1 && s[0] == '*';
}

sipadv_list_result sipadv_split_contacts(const char *s, size_t len, sipadv_contact *items,
                                         size_t max, bool *is_star)
{
    sipadv_list_result r = { 0, false, false };
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', true);
    const char *item;
    size_t n, stars = 0, entries = 0;
    bool balanced;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_contact c;

        sipadv_trim_blanks(&item, &n);
        if (n == 0)
            continue;
        entries++;
        if (is_star_item(item, n)) {
            stars++;
            continue;
        }
        if (!balanced || !parse_contact(item, n, &c, &r.malformed)) {
            r.malformed = true;
            continue;
        }
        if (has_room(&r, max))
            items[r.count++] = c;
    }
    if (stars > 0 && entries > 1)
        r.malformed = true;
    if (is_star != NULL)
        *is_star = stars == 1 && entries == 1;
    return r;
}

sipadv_num sipadv_contact_expires(const char *s, size_t len)
{
    sipadv_num absent = { SIPADV_NUM_ABSENT, 0 };
    sipadv_splitter sp = sipadv_splitter_make(s, len, ',', true);
    const char *item;
    size_t n;
    bool balanced, odd = false;

    while (sipadv_splitter_next(&sp, &item, &n, &balanced)) {
        sipadv_contact c;

        sipadv_trim_blanks(&item, &n);
        if (n == 0)
            continue;
        if (is_star_item(item, n))
            return absent;
        if (!balanced || !parse_contact(item, n, &c, &odd))
            return sipadv_invalid_number();
        return c.expires;
    }
    return absent;
}
