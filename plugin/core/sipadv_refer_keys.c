/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker's values (see sipadv_refer_impl.h): bounded copies, lookup keys,
 * the URI a transfer targets, and what a NOTIFY's sipfrag and Subscription-State say. */
#include "sipadv_refer_impl.h"

#include <glib.h>
#include <string.h>

#include "sipadv_chars.h"
#include "sipadv_lex.h"
#include "sipadv_parse.h"
#include "sipadv_utf8.h"

/* ---- bounded strings ------------------------------------------------------------------ */

/* How much of s we keep: at most STR_CAP - 1 bytes, cut back to a character boundary so a
 * truncated value still displays as text. Used for every value we store or key on, so a
 * lookup truncates exactly as the insertion did. */
size_t sipadv_capped_len(sipadv_span s)
{
    return s.ptr == NULL ? 0 : sipadv_utf8_cut(s.ptr, MIN(s.len, STR_CAP), STR_CAP - 1);
}

/* g_strndup would stop at a NUL inside the value; the bytes are kept whole. */
char *sipadv_copy_capped(sipadv_span s)
{
    size_t n = sipadv_capped_len(s);
    char *copy;

    if (s.ptr == NULL)
        return NULL;
    copy = g_malloc(n + 1);
    memcpy(copy, s.ptr, n);
    copy[n] = '\0';
    return copy;
}

/* Display text is repaired by the one rule of sipadv_utf8.h and cut between whole
 * characters, and a cut value ends in "..." so the cut is never silent. */
char *sipadv_copy_text(sipadv_span s)
{
    char text[SIPADV_UTF8_SHOWN_ROOM(STR_CAP - 1)];

    if (s.ptr == NULL)
        return NULL;
    return g_strndup(text, sipadv_utf8_shown(s.ptr, s.len, STR_CAP - 1, false, text));
}

bool sipadv_capped_equal(sipadv_span stored, sipadv_span borrowed)
{
    sipadv_span kept = { stored.ptr, stored.ptr ? stored.len : 0 };
    sipadv_span capped = { borrowed.ptr, sipadv_capped_len(borrowed) };

    return sipadv_span_same(kept, capped);
}

/* ---- keys ----------------------------------------------------------------------------- */

/* KEY_CAP holds two capped values and two numbers, so nothing is ever cut here. */
static void key_append(sipadv_key_buf *k, const char *p, size_t n)
{
    g_assert(k->len + n <= sizeof(k->text));
    if (n > 0)
        memcpy(k->text + k->len, p, n);
    k->len += n;
}

static void key_append_capped(sipadv_key_buf *k, sipadv_span s)
{
    key_append(k, s.ptr, sipadv_capped_len(s));
}

/* Call-IDs and tags are arbitrary bytes: the call-id's length goes first so that no
 * (call-id, tag) pair can spell the same key as another. */
static void put_dialog(sipadv_key_buf *k, sipadv_span call_id, sipadv_span tag)
{
    char number[24];

    key_append(k, number,
               (size_t)g_snprintf(number, sizeof(number), "%zu:", sipadv_capped_len(call_id)));
    key_append_capped(k, call_id);
    key_append_capped(k, tag);
}

sipadv_span sipadv_dialog_key(sipadv_key_buf *k, sipadv_span call_id, sipadv_span tag)
{
    k->len = 0;
    put_dialog(k, call_id, tag);
    return sipadv_key_span(k);
}

sipadv_span sipadv_refer_key(sipadv_key_buf *k, sipadv_span call_id, sipadv_span tag,
                             unsigned cseq)
{
    char number[24];

    k->len = 0;
    key_append(k, number, (size_t)g_snprintf(number, sizeof(number), "%u/", cseq));
    put_dialog(k, call_id, tag);
    return sipadv_key_span(k);
}

sipadv_span sipadv_call_key(sipadv_span call_id)
{
    sipadv_span key = { call_id.ptr, sipadv_capped_len(call_id) };
    return key;
}

/* ---- the URI a transfer targets ------------------------------------------------------- */

static const char *find_in(const char *start, const char *end, char c)
{
    const void *hit = start < end ? memchr(start, c, (size_t)(end - start)) : NULL;
    return hit ? (const char *)hit : NULL;
}

/* The bare URI of a name-addr or addr-spec: what is inside <> (to the end when '>' is
 * missing), else the whole value, whose ';' the caller sorts out: a user part may hold one. */
static void bare_uri(sipadv_span raw, const char **start, const char **end)
{
    sipadv_name_addr na;

    /* A quote that never closes leaves nothing bracketed: the whole value, then. */
    (void)sipadv_split_name_addr(raw.ptr, raw.len, &na);
    if (na.bracketed) {
        *start = na.uri.ptr;
        *end = na.uri.ptr + na.uri.len;
    } else {
        *start = raw.ptr + sipadv_skip_blanks(raw.ptr, raw.len, 0);
        *end = raw.ptr + raw.len;
    }
}

/* The part of a Refer-To value or Request-URI that names the target, lower-cased into out:
 * the triggered INVITE goes to the Refer-To URI minus its ?headers (Replaces=...) and may
 * add or drop URI parameters. The user part may contain ';' (phone-context), so parameters
 * are cut only after the host, unless keep_params (a Refer-Events-At URI is used as it is,
 * and its parameters may be what tells two subscriptions apart). Both sides are capped
 * alike. False when nothing is left. */
bool sipadv_normalise_uri(sipadv_span raw, bool keep_params, sipadv_key_buf *out)
{
    const char *start, *end, *cut, *host;
    sipadv_span target;
    size_t n = 0;

    out->len = 0;
    if (raw.ptr == NULL)
        return false;
    bare_uri(raw, &start, &end);
    if ((cut = find_in(start, end, '?')) != NULL)
        end = cut;
    host = find_in(start, end, '@');
    if (host == NULL)
        host = find_in(start, end, ':');
    if (!keep_params && (cut = find_in(host ? host : start, end, ';')) != NULL)
        end = cut;
    target = sipadv_trimmed_span(start, (size_t)(end - start));
    for (; n < target.len && n < STR_CAP - 1; n++)
        out->text[n] = sipadv_lower(target.ptr[n]);
    out->len = n;
    return n > 0;
}

bool sipadv_normalise_target(sipadv_span raw, sipadv_key_buf *out)
{
    return sipadv_normalise_uri(raw, false, out);
}

/* The status code of the sipfrag's Status-Line, or 0 when there is none. */
unsigned sipadv_sipfrag_code(sipadv_span line)
{
    sipadv_status_line status;

    if (line.ptr == NULL)
        return 0;
    if (sipadv_parse_status_line(line.ptr, line.len, &status) != SIPADV_STATUS_OK)
        return 0;
    return status.code;
}

/* Subscription-State: state *( ";" param ), e.g. "terminated;reason=noresource". */
void sipadv_parse_subscription_state(sipadv_span value, sipadv_subscription_state *out)
{
    sipadv_param_walk w;
    sipadv_span state;
    sipadv_param p;

    memset(out, 0, sizeof(*out));
    if (value.ptr == NULL)
        return;
    w = sipadv_params_after_head(value.ptr, value.len, &state);
    out->terminated = sipadv_phrase_equal(state.ptr, state.len, "terminated");
    while (out->terminated && sipadv_params_next(&w, &p)) {
        if (p.value.ptr != NULL && sipadv_span_equals(p.name, "reason")) {
            out->reason = p.value;
            return;
        }
    }
}
