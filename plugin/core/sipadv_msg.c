/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The message reader (sipadv_msg.h): one pass over the bytes of one SIP message.
 *
 * Lines end in CRLF or a bare LF. The reader skips CR and LF bytes before the start line
 * (RFC 3261 sec. 7.5), takes the first line as the start line whatever it holds, then reads
 * header fields up to the first empty line. A line that starts with SP or HTAB continues
 * the field above it; a line that is not `token *WSP ":"` is skipped together with its own
 * continuation lines. Everything is bounded by len; no byte is special except CR, LF, SP,
 * HTAB, ':' and, in the value parsers, '"', '\\', '<', '>' and ';'. */
#include "sipadv_msg.h"

#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_lex.h"
#include "sipadv_msg_names.h"

/* ---- Characters ------------------------------------------------------------------------ */

static sipadv_span span_of(const char *p, size_t n)
{
    sipadv_span sp = { p, n };
    return sp;
}

static const sipadv_span no_span = { NULL, 0 };

/* ---- Methods --------------------------------------------------------------------------- */

/* One array, so a name's address tells its method without a search. */
#define METHOD_TEXT 10 /* "SUBSCRIBE" and its terminator */
static const char method_names[SIPADV_METHOD_OTHER][METHOD_TEXT] = {
    [SIPADV_METHOD_INVITE] = "INVITE",       [SIPADV_METHOD_ACK] = "ACK",
    [SIPADV_METHOD_BYE] = "BYE",             [SIPADV_METHOD_CANCEL] = "CANCEL",
    [SIPADV_METHOD_REGISTER] = "REGISTER",   [SIPADV_METHOD_OPTIONS] = "OPTIONS",
    [SIPADV_METHOD_PRACK] = "PRACK",         [SIPADV_METHOD_SUBSCRIBE] = "SUBSCRIBE",
    [SIPADV_METHOD_NOTIFY] = "NOTIFY",       [SIPADV_METHOD_PUBLISH] = "PUBLISH",
    [SIPADV_METHOD_INFO] = "INFO",           [SIPADV_METHOD_REFER] = "REFER",
    [SIPADV_METHOD_MESSAGE] = "MESSAGE",     [SIPADV_METHOD_UPDATE] = "UPDATE",
};

/* Names by length, so a token is compared with at most four of them. */
static const sipadv_method methods_by_length[10][4] = {
    [3] = { SIPADV_METHOD_ACK, SIPADV_METHOD_BYE },
    [4] = { SIPADV_METHOD_INFO },
    [5] = { SIPADV_METHOD_PRACK, SIPADV_METHOD_REFER },
    [6] = { SIPADV_METHOD_INVITE, SIPADV_METHOD_CANCEL, SIPADV_METHOD_NOTIFY,
            SIPADV_METHOD_UPDATE },
    [7] = { SIPADV_METHOD_OPTIONS, SIPADV_METHOD_PUBLISH, SIPADV_METHOD_MESSAGE },
    [8] = { SIPADV_METHOD_REGISTER },
    [9] = { SIPADV_METHOD_SUBSCRIBE },
};

/* memcmp for names of at most nine bytes: inline, where memcmp is a library call. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (a[k] != b[k])
            return false;
    }
    return true;
}

sipadv_method sipadv_method_from(sipadv_span token)
{
    if (token.ptr == NULL || token.len == 0)
        return SIPADV_METHOD_NONE;
    for (int k = 0; token.len < 10 && k < 4; k++) {
        sipadv_method m = methods_by_length[token.len][k];
        if (m == SIPADV_METHOD_NONE)
            break;
        if (same_bytes(method_names[m], token.ptr, token.len))
            return m;
    }
    return SIPADV_METHOD_OTHER;
}

const char *sipadv_method_name(sipadv_method m)
{
    if (m <= SIPADV_METHOD_NONE || m >= SIPADV_METHOD_OTHER)
        return NULL;
    return method_names[m];
}

/* ---- Lines and header fields ----------------------------------------------------------- */

/* The line that starts at pos (< len): its content ends at *end (before its CRLF or LF);
 * returns where the next line starts (len when this one has no LF). */
static size_t line_at(const char *b, size_t len, size_t pos, size_t *end)
{
    const char *lf = memchr(b + pos, '\n', len - pos);
    size_t e = lf ? (size_t)(lf - b) : len;
    size_t next = lf ? e + 1 : len;

    if (e > pos && b[e - 1] == '\r')
        e--;
    *end = e;
    return next;
}

/* The reader's inner loop is inlined into its two callers: the call itself cost as much
 * as a short header line's work. */
#if defined(__GNUC__)
#define SIPADV_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define SIPADV_ALWAYS_INLINE static inline
#endif

/* Folded lines are rare: out of line, so that the common path keeps its registers (inlined,
 * this loop cost some 30 register moves per header line). q starts a continuation line;
 * returns where the first line that is not one starts, *value_end is where the last one's
 * content ends. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t skip_continuations(const char *b, size_t len, size_t q, size_t *value_end)
{
    while (q < len && sipadv_is_wsp(b[q]))
        q = line_at(b, len, q, value_end);
    return q;
}

typedef enum {
    FIELD,     /* a header field: *f is set */
    SEPARATOR, /* the empty line: *pos is where the body starts */
    END        /* the bytes ended first */
} field_result;

typedef struct {
    int id;            /* sipadv_header_id, H_UNUSED or H_UNKNOWN */
    sipadv_span value; /* untrimmed: from after the colon to the end of the last line */
} field;

/* Reads the next header field from the line that starts at *pos and moves *pos past it and
 * its continuation lines. Lines that are not header fields, and continuation lines with no
 * field above them, are skipped. */
SIPADV_ALWAYS_INLINE field_result next_field(const char *b, size_t len, size_t *pos,
                                             field *f)
{
    size_t p = *pos;

    while (p < len) {
        size_t end, next = line_at(b, len, p, &end);
        size_t i, name_end, value_end, q;
        const char *colon;

        if (end == p) {
            /* An empty line ends the headers only with its LF: a lone CR at the very end is
             * a line end cut short, not a separator. */
            if (b[next - 1] == '\n') {
                *pos = next;
                return SEPARATOR;
            }
            break;
        }
        if (sipadv_is_wsp(b[p])) { /* a continuation line with no field above it */
            p = next;
            continue;
        }
        /* The name is what precedes the first ':' (a name cannot hold one), less the
         * blanks HCOLON allows. It is not checked for token bytes here: a name that is
         * not a header the advisor knows is skipped either way, and header_id() accepts
         * only known names. */
        colon = memchr(b + p, ':', end - p);
        i = colon ? (size_t)(colon - b) : end;
        name_end = i;
        while (name_end > p && sipadv_is_wsp(b[name_end - 1]))
            name_end--;
        /* The field's value runs to the end of its last continuation line. */
        value_end = end;
        q = next;
        if (q < len && sipadv_is_wsp(b[q]))
            q = skip_continuations(b, len, q, &value_end);
        if (colon == NULL || name_end == p) { /* not a header field */
            p = q;
            continue;
        }
        /* The value is trimmed by the caller, and only when it is kept. */
        f->id = header_id(b + p, name_end - p, b + len);
        f->value = span_of(b + i + 1, value_end - (i + 1));
        *pos = q;
        return FIELD;
    }
    *pos = len;
    return END;
}

/* ---- Start line ------------------------------------------------------------------------ */

/* How many bytes at s come before the first SP or HTAB (n when none does): two library
 * scans of a Request-URI cost less than a byte loop over it. */
static size_t blank_free_length(const char *s, size_t n)
{
    const char *sp = memchr(s, ' ', n);
    size_t k = sp ? (size_t)(sp - s) : n;
    const char *tab = memchr(s, '\t', k);

    return tab ? (size_t)(tab - s) : k;
}

/* Method SP Request-URI SP SIP-Version, lenient about the number of SP/HTAB between the
 * parts and after the version. Leaves the message alone when the line is not one. */
static void read_request_line(sipadv_msg *m, const char *s, size_t n)
{
    size_t i = 0, uri_start, uri_end, vlen;

    while (i < n && sipadv_is_token_char(s[i]))
        i++;
    if (i == 0 || i >= n || !sipadv_is_wsp(s[i]))
        return;
    m->method_name = span_of(s, i);
    while (i < n && sipadv_is_wsp(s[i]))
        i++;
    uri_start = i;
    i = uri_start + blank_free_length(s + uri_start, n - uri_start);
    uri_end = i;
    while (i < n && sipadv_is_wsp(s[i]))
        i++;
    vlen = uri_end > uri_start && i > uri_end ? sipadv_sip_version_len(s + i, n - i) : 0;
    if (vlen > 0) {
        i += vlen;
        while (i < n && sipadv_is_wsp(s[i]))
            i++;
    }
    if (vlen == 0 || i != n) {
        m->method_name = no_span;
        return;
    }
    m->kind = SIPADV_START_REQUEST;
    m->method = sipadv_method_from(m->method_name);
    m->request_uri = span_of(s + uri_start, uri_end - uri_start);
}

/* ---- Body ------------------------------------------------------------------------------ */

/* Content-Length as a byte count: false unless it is 1*DIGIT with blanks around; values
 * past SIZE_MAX saturate (they are larger than any buffer anyway). */
static bool content_length(sipadv_span v, size_t *out)
{
    const char *s = v.ptr;
    size_t n = v.len, value = 0;

    if (s == NULL)
        return false;
    sipadv_trim_blanks(&s, &n);
    if (n == 0)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (!sipadv_is_digit(s[k]))
            return false;
    }
    /* So few digits cannot overflow; only longer values need the saturating test. */
    if (n <= (SIZE_MAX > 0xFFFFFFFFu ? 19u : 9u)) {
        for (size_t k = 0; k < n; k++)
            value = value * 10 + (size_t)(s[k] - '0');
    } else {
        for (size_t k = 0; k < n; k++) {
            size_t d = (size_t)(s[k] - '0');
            value = value > (SIZE_MAX - d) / 10 ? SIZE_MAX : value * 10 + d;
        }
    }
    *out = value;
    return true;
}

/* ---- The reader ------------------------------------------------------------------------ */

/* Zeroes n bytes through the C library. Given the result's constant size (about 1 KB), GCC
 * would inline the memset as `rep stosq`, which costs more than glibc's vector stores, so
 * the size is kept from it: noipa stops GCC from propagating the constant into a copy. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noipa))
#endif
static void zero_bytes(void *p, size_t n)
{
    memset(p, 0, n);
}

void sipadv_msg_read(const char *bytes, size_t len, sipadv_msg *out)
{
    size_t pos = 0, end, cl;
    field f;
    field_result r;

    if (out == NULL)
        return;
    zero_bytes(out, sizeof(*out));
    out->status = SIPADV_STATUS_NOT_STATUS;
    if (bytes == NULL)
        return;
    out->length = len;

    /* CRLFs before the start line are ignored (RFC 3261 sec. 7.5: keep-alives on streams). */
    while (pos < len && (bytes[pos] == '\r' || bytes[pos] == '\n'))
        pos++;
    if (pos == len)
        return;

    {
        size_t next = line_at(bytes, len, pos, &end);
        const char *s = bytes + pos;
        size_t n = end - pos;

        out->start_line = span_of(s, n);
        if (sipadv_starts_with_sip_slash(s, n)) {
            out->kind = SIPADV_START_RESPONSE;
            out->status = sipadv_parse_status_line(s, n, &out->status_line);
        } else {
            read_request_line(out, s, n);
        }
        pos = next;
    }

    while ((r = next_field(bytes, len, &pos, &f)) == FIELD) {
        sipadv_header_slot *slot;
        if (f.id < 0)
            continue;
        slot = &out->headers[f.id];
        if (slot->count == 0) {
            slot->first = f.value;
            sipadv_trim_blanks(&slot->first.ptr, &slot->first.len);
        }
        if (slot->count < UINT8_MAX)
            slot->count++;
    }
    if (r != SEPARATOR)
        return;

    out->has_body_separator = true;
    out->body = span_of(bytes + pos, len - pos);
    if (content_length(out->headers[SIPADV_H_CONTENT_LENGTH].first, &cl)) {
        if (cl <= len - pos) {
            out->body.len = cl;
            out->length = pos + cl;
        } else {
            out->body_short = true;
        }
    }
}

bool sipadv_msg_next(const sipadv_msg *m, const char *bytes, size_t len, sipadv_header_id h,
                     size_t *cursor, sipadv_span *value)
{
    size_t pos, start, limit;
    const char *lf;
    field f;

    if (m == NULL || bytes == NULL || cursor == NULL || value == NULL || (int)h < 0 ||
        h >= SIPADV_H_COUNT || m->headers[h].count == 0 || m->start_line.ptr == NULL)
        return false;
    /* The headers start on the line after the start line and end at the body separator. */
    if (m->start_line.ptr < bytes || m->start_line.len > len ||
        (size_t)(m->start_line.ptr - bytes) > len - m->start_line.len)
        return false;
    start = (size_t)(m->start_line.ptr - bytes) + m->start_line.len;
    lf = memchr(bytes + start, '\n', len - start);
    start = lf ? (size_t)(lf - bytes) + 1 : len;
    limit = len;
    if (m->has_body_separator && m->body.ptr >= bytes && m->body.ptr <= bytes + len)
        limit = (size_t)(m->body.ptr - bytes);

    pos = *cursor < start ? start : *cursor;
    while (pos < limit && next_field(bytes, len, &pos, &f) == FIELD) {
        if (f.id == (int)h) {
            *cursor = pos;
            *value = f.value;
            sipadv_trim_blanks(&value->ptr, &value->len);
            return true;
        }
    }
    *cursor = len;
    return false;
}

/* ---- Value helpers --------------------------------------------------------------------- */

sipadv_span sipadv_header_tag(sipadv_span from_or_to)
{
    sipadv_name_addr na;
    sipadv_param_walk w;
    sipadv_span before;
    sipadv_param p;

    if (from_or_to.ptr == NULL ||
        sipadv_split_name_addr(from_or_to.ptr, from_or_to.len, &na) != SIPADV_NAME_ADDR_OK)
        return no_span;
    /* The header parameters follow the URI (RFC 3261 sec. 20.10): *( SEMI generic-param ),
     * the head being what stands before the first ';'. */
    w = sipadv_params_after_head(na.params.ptr, na.params.len, &before);
    while (sipadv_params_next(&w, &p)) {
        /* The value as sent, quotes and all: a tag is a token (RFC 3261 sec. 19.3), so a
         * quoted one is already wrong, and both ends of a dialog compare what was sent, as
         * Wireshark's sip.from.tag and sip.to.tag show it. */
        if (p.value.ptr != NULL && sipadv_span_equals(p.name, "tag"))
            return p.sent;
    }
    return no_span;
}

bool sipadv_parse_cseq(sipadv_span value, uint32_t *seq, sipadv_method *method,
                       sipadv_span *method_name)
{
    const char *s = value.ptr;
    size_t len = value.len, i = 0, name_start;
    uint64_t number = 0;
    bool big = false, ok;

    if (seq != NULL)
        *seq = 0;
    if (method != NULL)
        *method = SIPADV_METHOD_NONE;
    if (method_name != NULL)
        *method_name = no_span;
    if (s == NULL)
        return false;
    sipadv_trim_blanks(&s, &len);

    /* The first word is the number... */
    while (i < len && sipadv_is_digit(s[i])) {
        if (!big) {
            number = number * 10 + (uint64_t)(s[i] - '0');
            big = number > UINT32_MAX;
        }
        i++;
    }
    ok = i > 0 && !big && (i == len || sipadv_is_blank(s[i]));
    while (i < len && !sipadv_is_blank(s[i]))
        i++;
    /* ...and the second the method, when it is a token. */
    while (i < len && sipadv_is_blank(s[i]))
        i++;
    name_start = i;
    while (i < len && sipadv_is_token_char(s[i]))
        i++;
    if (i > name_start && (i == len || sipadv_is_blank(s[i]))) {
        sipadv_span name = span_of(s + name_start, i - name_start);
        if (method_name != NULL)
            *method_name = name;
        if (method != NULL)
            *method = sipadv_method_from(name);
    }
    if (ok && seq != NULL)
        *seq = (uint32_t)number;
    return ok;
}

bool sipadv_msg_is_sipfrag(const sipadv_msg *m)
{
    const char *s, *semi, *slash;
    size_t len;
    sipadv_span type, sub;

    if (m == NULL || m->headers[SIPADV_H_CONTENT_TYPE].first.ptr == NULL)
        return false;
    s = m->headers[SIPADV_H_CONTENT_TYPE].first.ptr;
    len = m->headers[SIPADV_H_CONTENT_TYPE].first.len;
    /* media-type = m-type SLASH m-subtype *( SEMI m-parameter ); SLASH = SWS "/" SWS */
    semi = memchr(s, ';', len);
    if (semi != NULL)
        len = (size_t)(semi - s);
    slash = memchr(s, '/', len);
    if (slash == NULL)
        return false;
    type = span_of(s, (size_t)(slash - s));
    sub = span_of(slash + 1, len - (size_t)(slash - s) - 1);
    sipadv_trim_blanks(&type.ptr, &type.len);
    sipadv_trim_blanks(&sub.ptr, &sub.len);
    return sipadv_span_equals(type, "message") && sipadv_span_equals(sub, "sipfrag");
}

sipadv_span sipadv_msg_body_first_line(const sipadv_msg *m)
{
    size_t n = 0;

    if (m == NULL || m->body.ptr == NULL || m->body.len == 0)
        return no_span;
    while (n < m->body.len && m->body.ptr[n] != '\r' && m->body.ptr[n] != '\n')
        n++;
    return span_of(m->body.ptr, n);
}
