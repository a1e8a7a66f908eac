/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker's values (see sipadv_refer_impl.h): bounded copies, lookup keys,
 * the URI a transfer targets, and what a NOTIFY's sipfrag and Subscription-State say. */
#include "sipadv_refer_impl.h"

#include <glib.h>
#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_lex.h"
#include "sipadv_parse.h"

/* ---- bounded strings ------------------------------------------------------------------ */

/* How much of s we keep: at most STR_CAP - 1 bytes, cut back to a character boundary so a
 * truncated value still displays as text. Used for every string we store or key on, so a
 * lookup truncates exactly as the insertion did. */
size_t sipadv_capped_len(const char *s)
{
    return s == NULL ? 0 : sipadv_utf8_cut(s, strnlen(s, STR_CAP), STR_CAP - 1);
}

char *sipadv_copy_capped(const char *s)
{
    return s == NULL ? NULL : g_strndup(s, sipadv_capped_len(s));
}

/* Equality of a stored (already capped) string with a borrowed one, NULL meaning "". */
bool sipadv_capped_equal(const char *stored, const char *borrowed)
{
    size_t a = stored ? strlen(stored) : 0;
    size_t b = sipadv_capped_len(borrowed);

    return a == b && (a == 0 || memcmp(stored, borrowed, a) == 0);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- keys ----------------------------------------------------------------------------- */


/* Call-IDs and tags are arbitrary text: the call-id's length goes first so that no
 * (call-id, tag) pair can spell the same key as another. */
const char *sipadv_dialog_key(sipadv_key_buf *k, const char *call_id, const char *tag)
{
    int call_len = (int)sipadv_capped_len(call_id), tag_len = (int)sipadv_capped_len(tag);

    g_snprintf(k->text, sizeof(k->text), "%d:%.*s%.*s", call_len, call_len,
               call_id ? call_id : "", tag_len, tag ? tag : "");
    return k->text;
}

const char *sipadv_refer_key(sipadv_key_buf *k, const char *call_id, const char *tag, unsigned cseq)
{
    sipadv_key_buf dialog;

    g_snprintf(k->text, sizeof(k->text), "%u/%s", cseq, sipadv_dialog_key(&dialog, call_id, tag));
    return k->text;
}

const char *sipadv_call_key(sipadv_key_buf *k, const char *call_id)
{
    int len = (int)sipadv_capped_len(call_id);

    g_snprintf(k->text, sizeof(k->text), "%.*s", len, call_id ? call_id : "");
    return k->text;
}

/* ---- the URI a transfer targets ------------------------------------------------------- */

/* Skip a quoted display name, so that a '<' inside the quotes is not taken for the URI. */
static const char *skip_quoted(const char *p)
{
    bool closed;

    return *p == '"' ? p + sipadv_skip_quoted(p, strlen(p), 0, &closed) : p;
}

/* The bare URI of a name-addr or addr-spec: what is inside <>, else the whole value. */
static void bare_uri(const char *raw, const char **start, const char **end)
{
    const char *p = raw, *open;

    while (is_blank(*p))
        p++;
    open = strchr(skip_quoted(p), '<');
    if (open != NULL) {
        const char *close = strchr(open + 1, '>');
        *start = open + 1;
        *end = close ? close : open + 1 + strlen(open + 1);
    } else {
        *start = p;
        *end = p + strlen(p);
    }
}

static const char *find_in(const char *start, const char *end, char c)
{
    const void *hit = memchr(start, c, (size_t)(end - start));
    return hit ? (const char *)hit : NULL;
}

/* The part of a Refer-To value or Request-URI that names the target, lower-cased into out:
 * the triggered INVITE goes to the Refer-To URI minus its ?headers (Replaces=...) and may
 * add or drop URI parameters. The user part may contain ';' (phone-context), so parameters
 * are cut only after the host, unless keep_params (a Refer-Events-At URI is used as it is,
 * and its parameters may be what tells two subscriptions apart). Both sides are capped
 * alike. False when nothing is left. */
bool sipadv_normalise_uri(const char *raw, bool keep_params, char out[STR_CAP])
{
    const char *start, *end, *cut, *host;
    size_t n = 0;

    if (raw == NULL)
        return false;
    bare_uri(raw, &start, &end);
    if ((cut = find_in(start, end, '?')) != NULL)
        end = cut;
    host = find_in(start, end, '@');
    if (host == NULL)
        host = find_in(start, end, ':');
    if (!keep_params && (cut = find_in(host ? host : start, end, ';')) != NULL)
        end = cut;
    while (start < end && is_blank(*start))
        start++;
    while (end > start && is_blank(end[-1]))
        end--;
    for (const char *p = start; p < end && n < STR_CAP - 1; p++)
        out[n++] = g_ascii_tolower(*p);
    out[n] = '\0';
    return n > 0;
}

bool sipadv_normalise_target(const char *raw, char out[STR_CAP])
{
    return sipadv_normalise_uri(raw, false, out);
}

/* The status code of the sipfrag's Status-Line, or 0 when there is none. */
unsigned sipadv_sipfrag_code(const char *line)
{
    sipadv_status_line status;

    if (line == NULL)
        return 0;
    if (sipadv_parse_status_line(line, strlen(line), &status) != SIPADV_STATUS_OK)
        return 0;
    return status.code;
}

/* Subscription-State: state *( ";" param ), e.g. "terminated;reason=noresource". */
void sipadv_parse_subscription_state(const char *value, sipadv_subscription_state *out)
{
    sipadv_splitter items;
    const char *item;
    size_t n;
    bool balanced, first = true;

    memset(out, 0, sizeof(*out));
    if (value == NULL)
        return;
    items = sipadv_splitter_make(value, strlen(value), ';', false);
    while (sipadv_splitter_next(&items, &item, &n, &balanced)) {
        sipadv_param p;
        if (first) {
            sipadv_span state = sipadv_trimmed_span(item, n);
            out->terminated = sipadv_phrase_equal(state.ptr, state.len, "terminated");
            if (!out->terminated)
                return;
            first = false;
            continue;
        }
        p = sipadv_parse_param(item, n);
        if (p.value.ptr != NULL && sipadv_phrase_equal(p.name.ptr, p.name.len, "reason")) {
            out->reason = p.value.ptr;
            out->reason_len = p.value.len;
            return;
        }
    }
}
