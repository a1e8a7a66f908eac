/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Header-value parsers and the Warning / Q.850 tables. Plain C, bounded by explicit lengths:
 * every scan checks its index against the length before touching a byte. */
#include "sipadv_headers.h"

#include "sipadv_parse.h"

#include <string.h>

#include "sipadv_chars.h"

/* ---- Character classes and small helpers ----------------------------------------------- */

/* RFC 3261 sec. 25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" /
 * "'" / "~"). */
static bool is_token_char(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || sipadv_is_digit(c))
        return true;
    return c != '\0' && strchr("-.!%*_+`'~", c) != NULL;
}

static bool is_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (!is_token_char(s[k]))
            return false;
    }
    return true;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
    while (i < len && sipadv_is_blank(s[i]))
        i++;
    return i;
}

static sipadv_span make_span(const char *p, size_t n)
{
    sipadv_span sp = { p, n };
    return sp;
}

static sipadv_span trimmed_span(const char *p, size_t n)
{
    sipadv_trim_blanks(&p, &n);
    return make_span(p, n);
}

static bool contains_blank(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        if (sipadv_is_blank(s[k]))
            return true;
    }
    return false;
}

bool sipadv_span_equals(sipadv_span sp, const char *word)
{
    size_t n;

    if (sp.ptr == NULL || word == NULL)
        return false;
    n = strlen(word);
    if (sp.len != n)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (sipadv_lower(sp.ptr[k]) != sipadv_lower(word[k]))
            return false;
    }
    return true;
}

/* ---- Quoted strings, comments, angle brackets ------------------------------------------ */

/* s[i] is the opening '"'. Returns the offset just past the closing quote, or len with
 * *closed false when the string never ends. A backslash escapes the next byte (quoted-pair,
 * RFC 3261 sec. 25.1), so \" does not close the string. */
static size_t skip_quoted(const char *s, size_t len, size_t i, bool *closed)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '"') {
            *closed = true;
            return i + 1;
        }
    }
    *closed = false;
    return len;
}

/* s[i] is '('. Comments nest and take quoted-pairs (RFC 3261 sec. 25.1); a '"' inside is
 * plain text. Returns the offset past the matching ')', or len with *closed false. */
static size_t skip_comment(const char *s, size_t len, size_t i, bool *closed)
{
    size_t depth = 0;

    for (; i < len; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            *closed = true;
            return i + 1;
        }
    }
    *closed = false;
    return len;
}

/* Offset of the first `sep` outside quoted strings (and outside <...> when `angles`), or len.
 * *balanced becomes false when a quote or '<' is left open: the rest of the input was then
 * swallowed and the item cannot be trusted. Inside <...> quotes are plain URI text. */
static size_t find_top_level(const char *s, size_t len, char sep, bool angles, bool *balanced)
{
    size_t i = 0;

    *balanced = true;
    while (i < len) {
        if (s[i] == sep)
            return i;
        if (s[i] == '"') {
            i = skip_quoted(s, len, i, balanced);
        } else if (angles && s[i] == '<') {
            const char *gt = memchr(s + i, '>', len - i);
            if (gt == NULL) {
                *balanced = false;
                return len;
            }
            i = (size_t)(gt - s) + 1;
        } else {
            i++;
        }
    }
    return len;
}

/* Walks the top-level items of a list separated by `sep` (',' between values, ';' between
 * parameters). Items may be empty. */
typedef struct {
    const char *s;
    size_t len;
    size_t pos;      /* start of the next item; past len when the walk is over */
    char sep;
    bool angles;     /* treat <...> as opaque (Contact) */
} splitter;

static splitter make_splitter(const char *s, size_t len, char sep, bool angles)
{
    splitter sp = { s, len, s == NULL ? 1 : 0, sep, angles };
    if (s == NULL)
        sp.len = 0;
    return sp;
}

/* The next item, untrimmed; false when the walk is over. */
static bool next_item(splitter *sp, const char **item, size_t *item_len, bool *balanced)
{
    size_t end;

    if (sp->pos > sp->len)
        return false;
    *item = sp->s + sp->pos;
    end = sp->pos + find_top_level(*item, sp->len - sp->pos, sp->sep, sp->angles, balanced);
    *item_len = end - sp->pos;
    sp->pos = end + 1;
    return true;
}

/* ---- Parameters ------------------------------------------------------------------------ */

/* One "name [= value]" parameter. */
typedef struct {
    sipadv_span name;
    sipadv_span value;   /* quotes removed; ptr NULL when there is no '=' */
    bool quoted;
    bool ok;             /* false: name not a token, unterminated quote, junk after the quote */
} param;

/* Value part of a parameter: a quoted-string must end the segment (only blanks after it). */
static void parse_param_value(const char *v, size_t n, param *p)
{
    bool closed;
    size_t end;

    sipadv_trim_blanks(&v, &n);
    if (n == 0 || v[0] != '"') {
        p->value = make_span(v, n);
        return;
    }
    end = skip_quoted(v, n, 0, &closed);
    p->quoted = true;
    p->value = make_span(v + 1, closed ? end - 2 : n - 1);
    if (!closed || skip_blanks(v, n, end) != n)
        p->ok = false;
}

static param parse_param(const char *seg, size_t n)
{
    param p;
    const char *eq = n > 0 ? memchr(seg, '=', n) : NULL;
    size_t name_len = eq ? (size_t)(eq - seg) : n;

    memset(&p, 0, sizeof(p));
    p.name = trimmed_span(seg, name_len);
    p.ok = is_token(p.name.ptr, p.name.len);
    if (eq != NULL)
        parse_param_value(eq + 1, n - name_len - 1, &p);
    return p;
}

static bool is_empty_segment(const char *seg, size_t n)
{
    return skip_blanks(seg, n, 0) == n;
}

/* ---- Numbers --------------------------------------------------------------------------- */

/* 1*DIGIT with blanks around it. A value above 2^32-1 is TOO_BIG, never wrapped; digits
 * mixed with anything else are INVALID, even when the number would also be too big. */
static sipadv_num parse_number(const char *s, size_t len)
{
    sipadv_num r = { SIPADV_NUM_INVALID, 0 };
    uint64_t v = 0;
    bool too_big = false;

    if (s == NULL)
        return r;
    sipadv_trim_blanks(&s, &len);
    if (len == 0)
        return r;
    for (size_t k = 0; k < len; k++) {
        if (!sipadv_is_digit(s[k]))
            return r;
        if (!too_big)
            v = v * 10 + (uint64_t)(s[k] - '0');
        if (v > UINT32_MAX)
            too_big = true;
    }
    if (too_big) {
        r.status = SIPADV_NUM_TOO_BIG;
        return r;
    }
    r.status = SIPADV_NUM_OK;
    r.value = (uint32_t)v;
    return r;
}

/* The number a parameter carries; INVALID when it has no value. */
static sipadv_num param_number(const param *p)
{
    sipadv_num invalid = { SIPADV_NUM_INVALID, 0 };

    if (p->value.ptr == NULL || p->quoted)
        return invalid;
    return parse_number(p->value.ptr, p->value.len);
}

static sipadv_num invalid_number(void)
{
    sipadv_num r = { SIPADV_NUM_INVALID, 0 };
    return r;
}

static bool is_all_blank(const char *s, size_t len)
{
    return s == NULL || skip_blanks(s, len, 0) == len;
}

sipadv_num sipadv_parse_delta_seconds(const char *s, size_t len)
{
    sipadv_num absent = { SIPADV_NUM_ABSENT, 0 };

    if (is_all_blank(s, len))
        return absent;
    return parse_number(s, len);
}

/* ---- Retry-After ----------------------------------------------------------------------- */

/* Walks the ';'-separated parameters in [s, s + len), handing each to `use`. False when
 * one of them breaks the grammar; empty segments (";;", a trailing ';') are harmless and
 * skipped. */
static bool for_each_param(const char *s, size_t len, void (*use)(const param *, void *),
                           void *ctx)
{
    splitter sp = make_splitter(s, len, ';', false);
    const char *seg;
    size_t n;
    bool balanced;

    while (next_item(&sp, &seg, &n, &balanced)) {
        param p;
        if (is_empty_segment(seg, n))
            continue;
        p = parse_param(seg, n);
        if (!balanced || !p.ok)
            return false;
        use(&p, ctx);
    }
    return true;
}

/* The first duration= wins. */
static void use_retry_param(const param *p, void *ctx)
{
    sipadv_retry_after *out = ctx;

    if (sipadv_span_equals(p->name, "duration") && out->duration.status == SIPADV_NUM_ABSENT)
        out->duration = param_number(p);
}

bool sipadv_parse_retry_after(const char *s, size_t len, sipadv_retry_after *out)
{
    size_t i = 0, digits;
    bool closed = true;

    memset(out, 0, sizeof(*out));
    if (is_all_blank(s, len))
        return false;
    sipadv_trim_blanks(&s, &len);
    while (i < len && sipadv_is_digit(s[i]))
        i++;
    digits = i;
    out->seconds = digits > 0 ? parse_number(s, digits) : invalid_number();

    i = skip_blanks(s, len, i);
    if (i < len && s[i] == '(') {
        size_t end = skip_comment(s, len, i, &closed);
        out->comment = make_span(s + i + 1, closed ? end - i - 2 : len - i - 1);
        i = skip_blanks(s, len, end);
    }
    if (!closed || (i < len && s[i] != ';') ||
        (i < len && !for_each_param(s + i + 1, len - i - 1, use_retry_param, out))) {
        out->seconds = invalid_number();
    }
    return out->seconds.status == SIPADV_NUM_OK;
}

/* ---- Session-Expires / Min-SE ---------------------------------------------------------- */

static sipadv_refresher refresher_of(const param *p)
{
    if (p->value.ptr != NULL && sipadv_span_equals(p->value, "uac"))
        return SIPADV_REFRESHER_UAC;
    if (p->value.ptr != NULL && sipadv_span_equals(p->value, "uas"))
        return SIPADV_REFRESHER_UAS;
    return SIPADV_REFRESHER_INVALID;
}

/* The first refresher= wins. */
static void use_session_param(const param *p, void *ctx)
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
    if (is_all_blank(s, len))
        return false;
    semi = memchr(s, ';', len);
    head_len = semi ? (size_t)(semi - s) : len;
    out->delta = parse_number(s, head_len);
    if (semi != NULL && !for_each_param(semi + 1, len - head_len - 1, use_session_param, out))
        out->delta = invalid_number();
    return out->delta.status == SIPADV_NUM_OK;
}

/* ---- Token lists ----------------------------------------------------------------------- */

/* Token characters plus '/' (media ranges such as "application/sdp" or "*" + "/" + "*"). */
static bool is_list_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t k = 0; k < len; k++) {
        if (!is_token_char(s[k]) && s[k] != '/')
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
    splitter sp = make_splitter(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (next_item(&sp, &item, &n, &balanced)) {
        bool unused;
        size_t head_len = find_top_level(item, n, ';', false, &unused);
        sipadv_span tok = trimmed_span(item, head_len);

        if (is_empty_segment(item, n))
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
        end = skip_quoted(t, n, 0, &closed);
    w->text_quoted = closed && end == n;
    w->text = w->text_quoted ? make_span(t + 1, n - 2) : make_span(t, n);
}

/* One trimmed warning-value; false when it has no three-digit code or no agent. */
static bool parse_warning(const char *s, size_t n, sipadv_warning *w)
{
    size_t i, agent_start;

    memset(w, 0, sizeof(*w));
    if (n < 5 || !sipadv_is_digit(s[0]) || !sipadv_is_digit(s[1]) || !sipadv_is_digit(s[2]) || !sipadv_is_blank(s[3]))
        return false;
    w->code = (unsigned)(s[0] - '0') * 100 + (unsigned)(s[1] - '0') * 10 + (unsigned)(s[2] - '0');
    agent_start = skip_blanks(s, n, 3);
    i = agent_start;
    while (i < n && !sipadv_is_blank(s[i]))
        i++;
    /* An agent is a host or a pseudonym token: a quote here means the agent is missing. */
    if (i == agent_start || s[agent_start] == '"')
        return false;
    w->agent = make_span(s + agent_start, i - agent_start);
    i = skip_blanks(s, n, i);
    parse_warn_text(s + i, n - i, w);
    return true;
}

sipadv_list_result sipadv_parse_warnings(const char *s, size_t len, sipadv_warning *items,
                                         size_t max)
{
    sipadv_list_result r = { 0, false, false };
    splitter sp = make_splitter(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (next_item(&sp, &item, &n, &balanced)) {
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

typedef struct {
    unsigned code;
    const char *text;
} code_text;

/* IANA "Warning Codes (warn-codes)" registry (RFC 3261 sec. 20.43, RFC 5630 sec. 9,
 * RFC 8373 sec. 5.2). */
static const code_text warning_codes[] = {
    { 300, "Incompatible network protocol" },
    { 301, "Incompatible network address formats" },
    { 302, "Incompatible transport protocol" },
    { 303, "Incompatible bandwidth units" },
    { 304, "Media type not available" },
    { 305, "Incompatible media format" },
    { 306, "Attribute not understood" },
    { 307, "Session description parameter not understood" },
    { 308, "Incompatible language specification" },
    { 330, "Multicast not available" },
    { 331, "Unicast not available" },
    { 370, "Insufficient bandwidth" },
    { 380, "SIPS Not Allowed" },
    { 381, "SIPS Required" },
    { 399, "Miscellaneous warning" },
};

static const char *lookup_text(const code_text *table, size_t n, unsigned code)
{
    for (size_t k = 0; k < n; k++) {
        if (table[k].code == code)
            return table[k].text;
    }
    return NULL;
}

const char *sipadv_warning_code_text(unsigned code)
{
    return lookup_text(warning_codes, sizeof(warning_codes) / sizeof(warning_codes[0]), code);
}

const char *sipadv_warning_code_range(unsigned code)
{
    if (code >= 300 && code <= 329)
        return "problem with a keyword in the session description";
    if (code >= 330 && code <= 339)
        return "basic network service requested in the session description";
    if (code >= 370 && code <= 379)
        return "quantitative QoS parameter requested in the session description";
    /* RFC 3261 sec. 20.43 names no category for 380-389 (nor for 340-369); RFC 5630 only
     * registers 380 and 381 in it. 390-399 is the miscellaneous range. */
    if (code == 380 || code == 381)
        return "SIPS URI use (RFC 5630)";
    if (code >= 382 && code <= 389)
        return "unassigned (RFC 3261 sec. 20.43 names no 380-389 category; 380 and 381 are "
               "the SIPS codes of RFC 5630)";
    if (code >= 390 && code <= 399)
        return "miscellaneous warning";
    return NULL;
}

/* ---- Reason ---------------------------------------------------------------------------- */

static void apply_reason_param(const param *p, sipadv_reason *r)
{
    if (sipadv_span_equals(p->name, "cause") && r->cause.status == SIPADV_NUM_ABSENT)
        r->cause = param_number(p);
    else if (sipadv_span_equals(p->name, "text") && r->text.ptr == NULL && p->value.ptr)
        r->text = p->value;
    else if (sipadv_span_equals(p->name, "location") && r->location.ptr == NULL && p->value.ptr)
        r->location = p->value;
}

/* One reason-value; false when the protocol is not a token. *odd is set for a broken
 * parameter that did not stop the entry from being understood. */
static bool parse_reason(const char *s, size_t n, sipadv_reason *r, bool *odd)
{
    bool unused;
    size_t head_len = find_top_level(s, n, ';', false, &unused);
    splitter sp;
    const char *seg;
    size_t seg_len;
    bool balanced;

    memset(r, 0, sizeof(*r));
    r->protocol = trimmed_span(s, head_len);
    if (!is_token(r->protocol.ptr, r->protocol.len))
        return false;
    if (head_len == n)
        return true;
    sp = make_splitter(s + head_len + 1, n - head_len - 1, ';', false);
    while (next_item(&sp, &seg, &seg_len, &balanced)) {
        param p;
        if (is_empty_segment(seg, seg_len))
            continue;
        p = parse_param(seg, seg_len);
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
    splitter sp = make_splitter(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;

    while (next_item(&sp, &item, &n, &balanced)) {
        sipadv_reason reason;

        if (is_empty_segment(item, n))
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

/* ---- Q.850 ----------------------------------------------------------------------------- */

/* ITU-T Q.850 (05/98) Table 1 cause names. */
static const code_text q850_names[] = {
    { 1, "Unallocated (unassigned) number" },
    { 2, "No route to specified transit network" },
    { 3, "No route to destination" },
    { 4, "Send special information tone" },
    { 5, "Misdialled trunk prefix" },
    { 6, "Channel unacceptable" },
    { 7, "Call awarded and being delivered in an established channel" },
    { 8, "Preemption" },
    { 9, "Preemption - circuit reserved for reuse" },
    { 16, "Normal call clearing" },
    { 17, "User busy" },
    { 18, "No user responding" },
    { 19, "No answer from user (user alerted)" },
    { 20, "Subscriber absent" },
    { 21, "Call rejected" },
    { 22, "Number changed" },
    { 23, "Redirection to new destination" },
    { 25, "Exchange routing error" },
    { 26, "Non-selected user clearing" },
    { 27, "Destination out of order" },
    { 28, "Invalid number format (address incomplete)" },
    { 29, "Facility rejected" },
    { 30, "Response to STATUS ENQUIRY" },
    { 31, "Normal, unspecified" },
    { 34, "No circuit/channel available" },
    { 38, "Network out of order" },
    { 41, "Temporary failure" },
    { 42, "Switching equipment congestion" },
    { 43, "Access information discarded" },
    { 44, "Requested circuit/channel not available" },
    { 46, "Precedence call blocked" },
    { 47, "Resource unavailable, unspecified" },
    { 49, "Quality of service not available" },
    { 50, "Requested facility not subscribed" },
    { 53, "Outgoing calls barred within CUG" },
    { 55, "Incoming calls barred within CUG" },
    { 57, "Bearer capability not authorized" },
    { 58, "Bearer capability not presently available" },
    { 62, "Inconsistency in designated outgoing access information and subscriber class" },
    { 63, "Service or option not available, unspecified" },
    { 65, "Bearer capability not implemented" },
    { 66, "Channel type not implemented" },
    { 69, "Requested facility not implemented" },
    { 70, "Only restricted digital information bearer capability is available" },
    { 79, "Service or option not implemented, unspecified" },
    { 81, "Invalid call reference value" },
    { 82, "Identified channel does not exist" },
    { 83, "A suspended call exists, but this call identity does not" },
    { 84, "Call identity in use" },
    { 85, "No call suspended" },
    { 86, "Call having the requested call identity has been cleared" },
    { 87, "User not member of CUG" },
    { 88, "Incompatible destination" },
    { 90, "Non-existent CUG" },
    { 91, "Invalid transit network selection" },
    { 95, "Invalid message, unspecified" },
    { 96, "Mandatory information element is missing" },
    { 97, "Message type non-existent or not implemented" },
    { 98, "Message not compatible with call state or message type non-existent or not "
          "implemented" },
    { 99, "Information element/parameter non-existent or not implemented" },
    { 100, "Invalid information element contents" },
    { 101, "Message not compatible with call state" },
    { 102, "Recovery on timer expiry" },
    { 103, "Parameter non-existent or not implemented - passed on" },
    { 110, "Message with unrecognized parameter discarded" },
    { 111, "Protocol error, unspecified" },
    { 127, "Interworking, unspecified" },
};

const char *sipadv_q850_cause_name(unsigned cause)
{
    return lookup_text(q850_names, sizeof(q850_names) / sizeof(q850_names[0]), cause);
}

typedef struct {
    unsigned from;
    unsigned to;
} code_map;

/* RFC 3398 sec. 7.2.4.1, ISUP cause -> SIP response (16 is handled apart). */
static const code_map q850_to_sip[] = {
    { 1, 404 },   { 2, 404 },   { 3, 404 },   { 17, 486 },  { 18, 408 },  { 19, 480 },
    { 20, 480 },  { 21, 403 },  { 22, 410 },  { 23, 410 },  { 26, 404 },  { 27, 502 },
    { 28, 484 },  { 29, 501 },  { 31, 480 },  { 34, 503 },  { 38, 503 },  { 41, 503 },
    { 42, 503 },  { 47, 503 },  { 55, 403 },  { 57, 403 },  { 58, 503 },  { 65, 488 },
    { 70, 488 },  { 79, 501 },  { 87, 403 },  { 88, 503 },  { 102, 504 }, { 111, 500 },
    { 127, 500 },
};

/* RFC 3398 sec. 8.2.6.1, SIP response -> ISUP cause (487, 488 and 606 are handled apart). */
static const code_map sip_to_q850[] = {
    { 400, 41 },  { 401, 21 },  { 402, 21 },  { 403, 21 },  { 404, 1 },   { 405, 63 },
    { 406, 79 },  { 407, 21 },  { 408, 102 }, { 410, 22 },  { 413, 127 }, { 414, 127 },
    { 415, 79 },  { 416, 127 }, { 420, 127 }, { 421, 127 }, { 423, 127 }, { 480, 18 },
    { 481, 41 },  { 482, 25 },  { 483, 25 },  { 484, 28 },  { 485, 1 },   { 486, 17 },
    { 500, 41 },  { 501, 79 },  { 502, 38 },  { 503, 41 },  { 504, 102 }, { 505, 127 },
    { 513, 127 }, { 600, 17 },  { 603, 21 },  { 604, 1 },
};

static bool lookup_map(const code_map *table, size_t n, unsigned from, unsigned *to)
{
    for (size_t k = 0; k < n; k++) {
        if (table[k].from == from) {
            *to = table[k].to;
            return true;
        }
    }
    return false;
}

/* Q.850 cause values are seven bits; 0 is not a cause. */
static bool is_q850_cause(unsigned cause)
{
    return cause >= 1 && cause <= 127;
}

int sipadv_q850_to_sip(unsigned cause)
{
    unsigned code;

    if (!is_q850_cause(cause))
        return -1;
    if (cause == 16)
        return 0;
    if (lookup_map(q850_to_sip, sizeof(q850_to_sip) / sizeof(q850_to_sip[0]), cause, &code))
        return (int)code;
    return 500;
}

bool sipadv_q850_sip_consistent(unsigned cause, unsigned sip_code)
{
    int mapped;

    /* RFC 3398 sec. 7.2.4.1: cause 44 "should not result in any SIP status code", so no
     * code can disagree with it. */
    if (cause == 44)
        return true;
    mapped = sipadv_q850_to_sip(cause);
    if (mapped <= 0)
        return false;
    if ((unsigned)mapped == sip_code)
        return true;
    return (cause == 21 && sip_code == 603) || (cause == 22 && sip_code == 301);
}

sipadv_q850_mapping sipadv_sip_to_q850(unsigned code, unsigned *cause)
{
    unsigned dummy;

    if (cause == NULL)
        cause = &dummy;
    *cause = 0;
    if (code < 400 || code > 699)
        return SIPADV_Q850_NOT_A_FAILURE;
    if (code == 487)
        return SIPADV_Q850_NO_MAPPING;
    if (code == 488 || code == 606) {
        *cause = 31;
        return SIPADV_Q850_BY_WARNING;
    }
    if (!lookup_map(sip_to_q850, sizeof(sip_to_q850) / sizeof(sip_to_q850[0]), code, cause))
        *cause = 31;
    return SIPADV_Q850_MAPPED;
}

/* ---- WWW-Authenticate / Proxy-Authenticate --------------------------------------------- */

/* Keeps the first occurrence of a parameter; a repeat is malformed. */
static void set_once(sipadv_span *field, const param *p, sipadv_challenge *ch)
{
    if (field->ptr != NULL) {
        ch->malformed = true;
        return;
    }
    *field = p->value;
}

static sipadv_stale stale_of(const param *p)
{
    if (sipadv_span_equals(p->value, "true"))
        return SIPADV_STALE_TRUE;
    if (sipadv_span_equals(p->value, "false"))
        return SIPADV_STALE_FALSE;
    return SIPADV_STALE_INVALID;
}

static void apply_auth_param(const param *p, sipadv_challenge *ch)
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
    sipadv_span name = trimmed_span(item, eq ? (size_t)(eq - item) : n);

    return eq != NULL && contains_blank(name.ptr, name.len);
}

/* The auth-params after the scheme, up to the end or the next challenge. */
static void parse_auth_params(const char *s, size_t len, sipadv_challenge *ch)
{
    splitter sp = make_splitter(s, len, ',', false);
    const char *item;
    size_t n;
    bool balanced;
    bool first = true;

    while (next_item(&sp, &item, &n, &balanced)) {
        param p;
        if (is_empty_segment(item, n))
            continue;
        sipadv_trim_blanks(&item, &n);
        if (!first && starts_new_challenge(item, n)) {
            ch->more_challenges = true;
            return;
        }
        first = false;
        p = parse_param(item, n);
        if (!balanced || !p.ok || p.value.ptr == NULL)
            ch->malformed = true;
        if (p.ok && p.value.ptr != NULL)
            apply_auth_param(&p, ch);
    }
}

bool sipadv_parse_challenge(const char *s, size_t len, sipadv_challenge *out)
{
    size_t i = 0;

    memset(out, 0, sizeof(*out));
    if (is_all_blank(s, len))
        return false;
    sipadv_trim_blanks(&s, &len);
    while (i < len && is_token_char(s[i]))
        i++;
    if (i == 0)
        return false;
    out->scheme = make_span(s, i);
    if (i < len && !sipadv_is_blank(s[i])) {
        out->malformed = true;
        return true;
    }
    parse_auth_params(s + i, len - i, out);
    return true;
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
        size_t end = skip_quoted(s, n, 0, &closed);
        if (!closed || end != n)
            return false;
        c->display_name = make_span(s + 1, n - 2);
        return true;
    }
    for (size_t k = 0; k < n; k++) {
        if (!is_token_char(s[k]) && !sipadv_is_blank(s[k]))
            return false;
    }
    c->display_name = make_span(s, n);
    return true;
}

/* The expires parameter among the header parameters; false when one of them is broken. */
static bool parse_contact_params(const char *s, size_t len, sipadv_contact *c)
{
    splitter sp = make_splitter(s, len, ';', false);
    const char *seg;
    size_t n;
    bool balanced;
    bool ok = true;

    c->params = make_span(s, len);
    while (next_item(&sp, &seg, &n, &balanced)) {
        param p;
        if (is_empty_segment(seg, n))
            continue;
        p = parse_param(seg, n);
        if (!balanced || !p.ok) {
            ok = false;
            continue;
        }
        if (sipadv_span_equals(p.name, "expires") && c->expires.status == SIPADV_NUM_ABSENT)
            c->expires = param_number(&p);
    }
    return ok;
}

/* name-addr: [display-name] "<" addr-spec ">" *(";" param). lt is the offset of '<'. */
static bool parse_name_addr(const char *s, size_t n, size_t lt, sipadv_contact *c, bool *odd)
{
    const char *gt = memchr(s + lt, '>', n - lt);
    size_t after;

    if (gt == NULL || !parse_display_name(s, lt, c))
        return false;
    c->uri = make_span(s + lt + 1, (size_t)(gt - s) - lt - 1);
    if (c->uri.len == 0)
        return false;
    after = skip_blanks(s, n, (size_t)(gt - s) + 1);
    if (after == n)
        return true;
    if (s[after] != ';')
        return false;
    if (!parse_contact_params(s + after + 1, n - after - 1, c))
        *odd = true;
    return true;
}

/* addr-spec without brackets: no display name, and everything after ';' is a header
 * parameter. A URI needs a scheme (the ':') and holds no blank. */
static bool parse_addr_spec(const char *s, size_t n, sipadv_contact *c, bool *odd)
{
    const char *semi = memchr(s, ';', n);
    size_t uri_len = semi ? (size_t)(semi - s) : n;

    if (memchr(s, '"', n) != NULL)
        return false;
    c->uri = trimmed_span(s, uri_len);
    if (c->uri.len == 0 || contains_blank(c->uri.ptr, c->uri.len) ||
        memchr(c->uri.ptr, ':', c->uri.len) == NULL)
        return false;
    if (semi != NULL && !parse_contact_params(semi + 1, n - uri_len - 1, c))
        *odd = true;
    return true;
}

/* One trimmed, non-empty, balanced contact-param. */
static bool parse_contact(const char *s, size_t n, sipadv_contact *c, bool *odd)
{
    bool balanced;
    size_t lt = find_top_level(s, n, '<', false, &balanced);

    memset(c, 0, sizeof(*c));
    if (!balanced)
        return false;
    if (lt < n)
        return parse_name_addr(s, n, lt, c, odd);
    return parse_addr_spec(s, n, c, odd);
}

static bool is_star_item(const char *s, size_t n)
{
    return n == 1 && s[0] == '*';
}

sipadv_list_result sipadv_split_contacts(const char *s, size_t len, sipadv_contact *items,
                                         size_t max, bool *is_star)
{
    sipadv_list_result r = { 0, false, false };
    splitter sp = make_splitter(s, len, ',', true);
    const char *item;
    size_t n, stars = 0, entries = 0;
    bool balanced;

    while (next_item(&sp, &item, &n, &balanced)) {
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
    splitter sp = make_splitter(s, len, ',', true);
    const char *item;
    size_t n;
    bool balanced, odd = false;

    while (next_item(&sp, &item, &n, &balanced)) {
        sipadv_contact c;

        sipadv_trim_blanks(&item, &n);
        if (n == 0)
            continue;
        if (is_star_item(item, n))
            return absent;
        if (!balanced || !parse_contact(item, n, &c, &odd))
            return invalid_number();
        return c.expires;
    }
    return absent;
}
