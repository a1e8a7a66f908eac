/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the transfer tracker (sipadv_refer.h) and the CANCEL set
 * (sipadv_cancels.h), fed event sequences decoded from the input, used the way the glue
 * uses them: every event's link is rendered at once (first pass, outcome "so far"), then at
 * the end every transfer's outcome is computed and explained (later passes), then all is
 * freed (LeakSanitizer checks that nothing is left).
 *
 * Input format (gen_corpus.py writes seeds from the captures in it):
 *   byte 0          timeout selector (the refer_timeout preference)
 *   then events:    op byte, gap byte, fields
 *     op & 7        0 REFER, 1 REFER response, 2 and 7 NOTIFY, 3 INVITE, 4 INVITE response,
 *                   5 CANCEL, 6 look up a transfer by index and render it
 *     op & 8        same frame as the previous event (several messages in one segment)
 *     op & 0xf0     per-event flags (see each case)
 *   gap byte        < 0x80: gap*10 ms; < 0xF0: 1..112 s; < 0xFE: 100..1400 s;
 *                   0xFE n: n*100 ms BACKWARDS (capture timestamps out of order);
 *                   0xFF u32: u32 ms
 *   strings         see fuzz_input.h (pool selector, NULL, or literal), handed to the
 *                   tracker as spans in exact-size buffers without a terminator
 *   numbers         cseq/id: < 0xF0 small pool, 0xF0.. specials, 0xFF u32 literal;
 *                   code: < 0xFF pool, 0xFF u16 literal
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz_input.h"
#include "sipadv_cancels.h"
#include "sipadv_parse.h"
#include "sipadv_refer.h"
#include "sipadv_refer_text.h"

/* 255 bytes of ASCII then a 2-byte UTF-8 character across the 256-byte cap, and a twin
 * that differs only after the cap: both must key alike. */
#define LONG255                                                                              \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL" \
    "LLL"
#define LONG254                                                                              \
    "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR" \
    "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR" \
    "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR" \
    "RR"
static const char *const call_ids[] = {
    "a84b4c76e66710@pc33.atlanta.example.com", "call-2@host", "call-3@host", "",
    LONG255 "\xc3\xa9" "tail-one", LONG255 "\xc3\xa9" "tail-two", "\xc3\xa9\xe2\x82\xac",
};
static const char *const tags[] = { "ft", "tt", "t3", "", LONG255 "\xe2\x82\xac" "x", "FT" };
static const char *const uris[] = {
    "<sip:carol@example.com>",
    "sip:carol@example.com",
    "sip:Carol@Example.COM;transport=udp",
    "\"Carol <x>\" <sip:carol@example.com?Replaces=abc%40d>",
    "<sip:+15551234;phone-context=example.com@gw.example.com;user=phone>",
    "sip:+15551234;phone-context=example.com@gw.example.com",
    "<sip:dave@example.com>",
    "<",
    "\"unterminated <sip:carol@example.com>",
    "\"esc\\\"aped\" <sip:carol@example.com>",
    "",
    "   ",
    "<sip:carol@example.com",
    "sip:carol@example.com?",
    "<" LONG255 "@example.com>",
};
static const char *const sipfrags[] = {
    "SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "SIP/2.0 486 Busy Here",
    "SIP/2.0 503 Service Unavailable", "SIP/2.0 603 Decline", "SIP/2.0 48 Short",
    "INVITE sip:carol@example.com SIP/2.0", "", "SIP/2.0 302 Moved Temporarily",
    "sip/2.0 202 Accepted", "SIP/2.0 699 Whatever",
};
static const char *const substates[] = {
    "terminated;reason=" LONG254 "\xc3\xa9", /* a reason cut at 255 bytes inside a character */
    "active;expires=60", "pending", "terminated;reason=noresource", "terminated",
    "terminated;reason=rejected", "TERMINATED ; REASON = NoResource ", "terminated;reason",
    "terminated;;reason=;", "terminated;reason=noresource;retry-after=5", "",
    "terminated;x=\"a;reason=noresource\"", "active",
};
static const unsigned codes[] = { 100, 180, 183, 200, 202, 401, 403, 405, 407, 481, 486,
                                  487, 500, 503, 603, 699, 700, 0,   199, 299, 300, 999 };
static const unsigned special_numbers[] = { 0, 0xffffffffu, 0x7fffffffu, 101, 102, 4242 };

typedef struct {
    fuzz_input in;
    sipadv_tracker *t;
    sipadv_cancels *cancels;
    uint32_t frame;
    double now;            /* current frame's time */
    double last;           /* latest time seen (what the glue keeps as capture_last_time) */
    double timeout;
} state;

static unsigned number(fuzz_input *in)
{
    uint8_t b = fuzz_u8(in);

    if (b == 0xFF)
        return fuzz_u32(in);
    if (b >= 0xF0)
        return special_numbers[(b - 0xF0) % (sizeof(special_numbers) / sizeof(unsigned))];
    return (unsigned)(b % 8) + 1;
}

static unsigned code(fuzz_input *in)
{
    uint8_t b = fuzz_u8(in);

    if (b == 0xFF)
        return fuzz_u16(in);
    return codes[b % (sizeof(codes) / sizeof(codes[0]))];
}

static void advance(state *s, uint8_t op)
{
    uint8_t g = fuzz_u8(&s->in);
    double gap;

    if (g < 0x80)
        gap = g * 0.01;
    else if (g < 0xF0)
        gap = (g - 0x7F) * 1.0;
    else if (g < 0xFE)
        gap = (g - 0xEF) * 100.0;
    else if (g == 0xFE)
        gap = -0.1 * fuzz_u8(&s->in);
    else
        gap = fuzz_u32(&s->in) / 1000.0;
    if (!(op & 8) || s->frame == 0) {
        s->frame++;
        s->now += gap;
    }
    if (s->now > s->last)
        s->last = s->now;
}

/* A shown value keeps at most 255 bytes of valid UTF-8; a cut one ends in "...". */
static void check_shown(const char *s)
{
    size_t n;

    if (s == NULL)
        return;
    n = strlen(s);
    FUZZ_ASSERT(n <= 255 + 3 && g_utf8_validate(s, (gssize)n, NULL));
    if (n > 255)
        FUZZ_ASSERT(strcmp(s + n - 3, "...") == 0);
}

static void check_transfer(const sipadv_transfer *tr)
{
    FUZZ_ASSERT(tr != NULL);
    FUZZ_ASSERT(tr->response_code == 0 || tr->response_code >= 200);
    FUZZ_ASSERT(tr->final_code == 0 || tr->final_code >= 200);
    FUZZ_ASSERT(tr->notify_count == 0 || tr->notify_frames != NULL);
    if (tr->call_id != NULL)
        FUZZ_ASSERT(strlen(tr->call_id) < 256);
    check_shown(tr->refer_to);
    check_shown(tr->terminated_reason);
    for (unsigned i = 0; i < tr->notify_count && i < SIPADV_MAX_NOTIFY_FRAMES; i++)
        FUZZ_ASSERT(tr->notify_frames[i] != 0);
}

/* What render_transfer() in the glue does with a transfer. */
/* "frame 12": a frame number in a sentence ("at this frame;" names none). */
static bool names_a_frame(const char *text)
{
    for (const char *p = strstr(text, "frame "); p != NULL; p = strstr(p + 1, "frame "))
        if (p[6] >= '0' && p[6] <= '9')
            return true;
    return false;
}

static void render(const state *s, const sipadv_transfer *tr, double now, bool complete)
{
    char explanation[400], small[16], finding[400];
    sipadv_outcome o;
    const char *name;

    check_transfer(tr);
    o = sipadv_transfer_outcome(tr, now, s->timeout);
    name = sipadv_verdict_name(o.verdict);
    FUZZ_ASSERT(name != NULL);
    FUZZ_ASSERT(o.verdict <= SIPADV_VERDICT_UNREPORTED);
    /* A verdict taken from the triggered INVITE is that INVITE's final status. */
    FUZZ_ASSERT(!o.by_invite || (o.result == tr->invite_code && tr->invite_code >= 200));
    FUZZ_ASSERT(o.verdict != SIPADV_VERDICT_UNREPORTED ||
                (tr->terminated && tr->final_code == 0 && o.result == 0));
    FUZZ_ASSERT(tr->no_subscription == (tr->no_subscription_by != SIPADV_NOSUB_NONE));
    sipadv_transfer_explain(explanation, sizeof(explanation), tr, &o, s->timeout, complete);
    FUZZ_ASSERT(strlen(explanation) < sizeof(explanation));
    sipadv_transfer_explain(small, sizeof(small), tr, &o, s->timeout, complete);
    FUZZ_ASSERT(strlen(small) < sizeof(small));
    /* The expert summary names no frame of this transfer (tshark -z expert groups them). */
    sipadv_transfer_finding(finding, sizeof(finding), tr, &o, s->timeout, complete);
    FUZZ_ASSERT(strlen(finding) < sizeof(finding));
    FUZZ_ASSERT(tr->terminated_reason != NULL || !names_a_frame(finding));
    if (o.verdict == SIPADV_VERDICT_FAILED && tr->response_code >= 200 &&
        tr->response_code < 300 && tr->final_code >= 300)
        sipadv_accepted_then_failed(explanation, sizeof(explanation), tr);
    if (tr->final_notify_frame != 0)
        FUZZ_ASSERT(tr->final_code >= 200);
    /* The tracker repairs what it shows from the packet itself, whatever the input. */
    FUZZ_ASSERT(fuzz_utf8_valid_z(tr->refer_to));
    FUZZ_ASSERT(fuzz_utf8_valid_z(tr->terminated_reason));
    /* The texts become FT_STRING fields: from valid UTF-8 input (Wireshark's field values
     * are), they must stay valid UTF-8 after any capping or truncation. */
    if (s->in.all_utf8) {
        FUZZ_ASSERT(fuzz_utf8_valid_z(tr->call_id));
        FUZZ_ASSERT(fuzz_utf8_valid_z(tr->refer_to));
        if (!fuzz_utf8_valid_z(tr->terminated_reason)) {
            fprintf(stderr, "terminated_reason not UTF-8: %s\n", tr->terminated_reason);
            FUZZ_ASSERT(!"terminated_reason is not valid UTF-8");
        }
        sipadv_transfer_explain(explanation, sizeof(explanation), tr, &o, s->timeout, complete);
        if (!fuzz_utf8_valid_z(explanation)) {
            fprintf(stderr, "explanation not UTF-8: %s\n", explanation);
            FUZZ_ASSERT(!"transfer explanation is not valid UTF-8");
        }
        FUZZ_ASSERT(fuzz_utf8_valid_z(finding));
    }
}

static void check_link(state *s, sipadv_link link, sipadv_role role, unsigned before)
{
    unsigned count = sipadv_tracker_count(s->t);
    const sipadv_transfer *tr;

    FUZZ_ASSERT(link.role == role);
    FUZZ_ASSERT(count >= before);
    FUZZ_ASSERT(count <= before + (role == SIPADV_ROLE_REFER ? 1u : 0u));
    FUZZ_ASSERT(link.transfer >= -1 && (link.transfer < 0 || (unsigned)link.transfer < count));
    if (role == SIPADV_ROLE_REFER)
        FUZZ_ASSERT(link.transfer >= 0);
    if (link.transfer < 0)
        return;
    tr = sipadv_tracker_get(s->t, link.transfer);
    FUZZ_ASSERT(tr != NULL);
    render(s, tr, s->now, false);
}

static void ev_refer(state *s, uint8_t op)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_refer_request ev = { .frame = s->frame, .time = s->now };

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.from_tag = FUZZ_SPAN(&s->in, tags);
    ev.to_tag = FUZZ_SPAN(&s->in, tags);
    ev.cseq = number(&s->in);
    ev.refer_to = FUZZ_SPAN(&s->in, uris);
    ev.requires_nosub = op & 0x10;
    ev.requires_explicitsub = op & 0x40;
    ev.resend = op & 0x20;
    check_link(s, sipadv_tracker_refer(s->t, &ev), SIPADV_ROLE_REFER, before);
}

static void ev_refer_response(state *s, uint8_t op)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_refer_response ev = { .frame = s->frame, .time = s->now };

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.from_tag = FUZZ_SPAN(&s->in, tags);
    ev.to_tag = FUZZ_SPAN(&s->in, tags);
    ev.cseq = number(&s->in);
    ev.code = code(&s->in);
    ev.refer_sub_false = op & 0x10;
    ev.requires_nosub = op & 0x40;
    ev.events_at = FUZZ_SPAN(&s->in, uris);
    ev.resend = op & 0x20;
    check_link(s, sipadv_tracker_refer_response(s->t, &ev), SIPADV_ROLE_RESPONSE, before);
}

static void ev_notify(state *s, uint8_t op)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_notify ev = { .frame = s->frame, .time = s->now };
    sipadv_status_line sl;
    sipadv_link link;
    unsigned want_code = 0;

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.from_tag = FUZZ_SPAN(&s->in, tags);
    ev.to_tag = FUZZ_SPAN(&s->in, tags);
    ev.has_id = op & 0x10;
    ev.id_invalid = ev.has_id && (op & 0x40);
    ev.id = number(&s->in);
    ev.sipfrag_line = FUZZ_SPAN(&s->in, sipfrags);
    ev.subscription_state = FUZZ_SPAN(&s->in, substates);
    ev.resend = op & 0x20;
    link = sipadv_tracker_notify(s->t, &ev);
    if (ev.sipfrag_line.ptr != NULL &&
        sipadv_parse_status_line(ev.sipfrag_line.ptr, ev.sipfrag_line.len, &sl) ==
            SIPADV_STATUS_OK)
        want_code = sl.code;
    FUZZ_ASSERT(link.sipfrag_code == want_code);
    FUZZ_ASSERT((link.transfer < 0) == ((link.flags & SIPADV_NOTIFY_ORPHAN) != 0));
    FUZZ_ASSERT(!ev.resend == !(link.flags & SIPADV_NOTIFY_RESEND));
    check_link(s, link, SIPADV_ROLE_NOTIFY, before);
}

static void ev_invite(state *s, uint8_t op)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_invite ev = { .frame = s->frame, .time = s->now };

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.cseq = number(&s->in);
    ev.request_uri = FUZZ_SPAN(&s->in, uris);
    ev.has_referred_by = op & 0x10;
    ev.in_dialog = op & 0x20;
    ev.resend = op & 0x40;
    {
        sipadv_link link = sipadv_tracker_invite(s->t, &ev);

        check_link(s, link, SIPADV_ROLE_INVITE, before);
        /* Only an unlinked INVITE can have been left uncompared with some transfer. */
        FUZZ_ASSERT((link.flags & ~(unsigned)SIPADV_INVITE_TRIGGER_UNCHECKED) == 0);
        FUZZ_ASSERT(!(link.flags & SIPADV_INVITE_TRIGGER_UNCHECKED) || link.transfer < 0);
    }
}

static void ev_subscribe(state *s, uint8_t op)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_subscribe ev = { .frame = s->frame, .time = s->now };

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.from_tag = FUZZ_SPAN(&s->in, tags);
    ev.request_uri = FUZZ_SPAN(&s->in, uris);
    ev.in_dialog = op & 0x20;
    ev.resend = op & 0x40;
    check_link(s, sipadv_tracker_subscribe(s->t, &ev), SIPADV_ROLE_SUBSCRIBE, before);
}

static void ev_invite_response(state *s)
{
    unsigned before = sipadv_tracker_count(s->t);
    sipadv_invite_response ev = { .frame = s->frame, .time = s->now };

    ev.call_id = FUZZ_SPAN(&s->in, call_ids);
    ev.cseq = number(&s->in);
    ev.code = code(&s->in);
    check_link(s, sipadv_tracker_invite_response(s->t, &ev), SIPADV_ROLE_INVITE_RESPONSE,
               before);
}

static void ev_cancel(state *s, uint8_t op)
{
    sipadv_span call_id = FUZZ_SPAN(&s->in, call_ids);
    unsigned cseq = number(&s->in), before = sipadv_cancels_count(s->cancels);

    if (op & 0x10) {
        sipadv_cancels_add(s->cancels, call_id, cseq);
        FUZZ_ASSERT(sipadv_cancels_contains(s->cancels, call_id, cseq));
        FUZZ_ASSERT(sipadv_cancels_count(s->cancels) <= before + 1);
    } else {
        (void)sipadv_cancels_contains(s->cancels, call_id, cseq);
        FUZZ_ASSERT(sipadv_cancels_count(s->cancels) == before);
    }
}

static void ev_lookup(state *s)
{
    int index = (int)(int16_t)fuzz_u16(&s->in);
    const sipadv_transfer *tr = sipadv_tracker_get(s->t, index);

    FUZZ_ASSERT((tr != NULL) == (index >= 0 && (unsigned)index < sipadv_tracker_count(s->t)));
    if (tr != NULL)
        render(s, tr, s->now, false);
    /* NULL is accepted everywhere. */
    (void)sipadv_transfer_outcome(NULL, s->now, s->timeout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* GLib 2.74's slice allocator would hide use-after-free and leaks from ASan. */
    setenv("G_SLICE", "always-malloc", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double timeouts[] = { 32.0, 0.0, 1.0, 10.0, 4294967295.0 };
    state s = { .frame = 0, .now = 0.0, .last = 0.0 };
    uint8_t tsel;

    fuzz_init(&s.in, data, size);
    tsel = fuzz_u8(&s.in);
    s.timeout = tsel < 0xF0 ? 32.0 : timeouts[(tsel - 0xF0) % 5];
    s.t = sipadv_tracker_new();
    s.cancels = sipadv_cancels_new();

    while (!fuzz_done(&s.in)) {
        uint8_t op = fuzz_u8(&s.in);

        advance(&s, op);
        switch (op & 7) {
        case 0: ev_refer(&s, op); break;
        case 1: ev_refer_response(&s, op); break;
        case 2: ev_notify(&s, op); break;
        case 7:
            if (op & 0x80)
                ev_subscribe(&s, op);
            else
                ev_notify(&s, op);
            break;
        case 3: ev_invite(&s, op); break;
        case 4: ev_invite_response(&s); break;
        case 5: ev_cancel(&s, op); break;
        case 6: ev_lookup(&s); break;
        }
        fuzz_release(&s.in);
    }

    /* Later passes: every transfer judged at the capture's end. */
    for (unsigned i = 0; i < sipadv_tracker_count(s.t); i++)
        render(&s, sipadv_tracker_get(s.t, (int)i), s.last, true);
    FUZZ_ASSERT(sipadv_tracker_get(s.t, (int)sipadv_tracker_count(s.t)) == NULL);
    FUZZ_ASSERT(sipadv_tracker_get(s.t, -1) == NULL);

    sipadv_tracker_free(s.t);
    sipadv_cancels_free(s.cancels);
    return 0;
}
