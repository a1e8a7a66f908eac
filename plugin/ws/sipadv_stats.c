/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sipadv tap and its statistics tree: responses by class, code and method answered;
 * transfers by verdict and the status that decided it; findings by kind.
 *
 * The tap is fed from the frame records on every pass, like the tree, so -2 counts final
 * verdicts. With no listener (no -z sipadv,tree, no open dialog) nothing is computed. */
#include "sipadv_glue.h"

#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "sipadv_codes.h"
#include "sipadv_hints.h"
#include "sipadv_refer_text.h"

/* The Findings rows: each counts the entries with any of its sipadv_entry_findings() bits. */
static const struct {
    unsigned findings;
    const char *name;
} finding_rows[] = {
    { SIPADV_FINDING_EARLY_RETRY, "Retried sooner than Retry-After" },
    { SIPADV_FINDING_CREDENTIALS_REJECTED, "Credentials rejected" },
    { SIPADV_FINDING_REASON_MISMATCH, "Reason disagrees with the code" },
    { SIPADV_FINDING_NOT_UNDERSTOOD, "Header not understood" },
    { SIPADV_FINDING_MALFORMED_STATUS, "Malformed status code" },
    { SIPADV_FINDING_NO_CSEQ | SIPADV_FINDING_DUPLICATE_CSEQ | SIPADV_FINDING_CSEQ_METHOD,
      "CSeq missing, repeated or not the method" },
    { SIPADV_FINDING_PHRASE_NOT_UTF8, "Reason phrase not UTF-8" },
    { SIPADV_FINDING_ORPHAN_NOTIFY, "NOTIFY matching no REFER" },
    { SIPADV_FINDING_BAD_SIPFRAG, "Bad sipfrag in a NOTIFY" },
    { SIPADV_FINDING_TRIGGER_UNCHECKED, "INVITE not compared with every open transfer" },
};

typedef struct {
    uint16_t code;         /* a response's code; 0 for a request or a malformed status */
    const char *method;    /* the method a response answers (CSeq), or NULL */
    int verdict;           /* sipadv_verdict of the transfer this REFER starts, or -1 */
    unsigned decided_by;   /* the status that decided it, 0 if none */
    unsigned findings;     /* SIPADV_FINDING_* */
} tap_entry;

typedef struct {
    unsigned count;
    tap_entry *entries;
} tap_frame;

static int sipadv_tap = -1;

static unsigned findings_of(const sipadv_capture *cap, const packet_info *pinfo,
                            const stored_message *e)
{
    bool early = (e->hint_flags & SIPADV_HINT_CARRIES_RETRY_AFTER) &&
                 sipadv_retry_too_early(sipadv_txns_retry_for(cap->state.txns, pinfo->num));

    return sipadv_entry_findings(e, early);
}

/* A transfer counts once, on its REFER. */
static void add_verdict(const sipadv_capture *cap, const packet_info *pinfo,
                        const stored_message *e, tap_entry *t)
{
    const sipadv_transfer *tr;
    sipadv_outcome o;

    t->verdict = -1;
    if (e->transfer < 0 || e->role != SIPADV_ROLE_REFER)
        return;
    tr = sipadv_tracker_get(cap->state.tracker, e->transfer);
    if (tr == NULL || tr->refer_frame != pinfo->num)
        return;
    o = sipadv_transfer_outcome(tr, sipadv_verdict_time(cap, pinfo),
                                (double)cap->prefs->refer_timeout);
    t->verdict = (int)o.verdict;
    switch (o.verdict) {
    case SIPADV_VERDICT_REJECTED:
    case SIPADV_VERDICT_CHALLENGED:
    case SIPADV_VERDICT_NO_NOTIFY:
    case SIPADV_VERDICT_NO_SUBSCRIPTION:
        t->decided_by = tr->response_code;
        break;
    default:
        t->decided_by = o.result;
        break;
    }
}

void sipadv_stats_queue(const sipadv_capture *cap, packet_info *pinfo, const frame_record *rec)
{
    tap_frame *frame;

    if (!have_tap_listener(sipadv_tap))
        return;
    frame = wmem_new(pinfo->pool, tap_frame);
    frame->count = rec->count;
    frame->entries = wmem_alloc0_array(pinfo->pool, tap_entry, rec->count);
    for (unsigned i = 0; i < rec->count; i++) {
        const stored_message *e = &rec->messages[i];
        tap_entry *t = &frame->entries[i];

        if (e->kind == SIPADV_ENTRY_RESPONSE) {
            t->code = e->code;
            t->method = sipadv_entry_method_name(e);
        }
        t->findings = findings_of(cap, pinfo, e);
        add_verdict(cap, pinfo, e, t);
    }
    tap_queue_packet(sipadv_tap, pinfo, frame);
}

/* ---- the statistics tree --------------------------------------------------------------- */

static int node_responses = -1;
static int node_transfers = -1;
static int node_findings = -1;

static void stats_init(stats_tree *st)
{
    node_responses = stats_tree_create_node(st, "Responses", 0, STAT_DT_INT, TRUE);
    node_transfers = stats_tree_create_node(st, "Transfers", 0, STAT_DT_INT, TRUE);
    node_findings = stats_tree_create_node(st, "Findings", 0, STAT_DT_INT, TRUE);
}

static void count_response(stats_tree *st, const tap_entry *t)
{
    char words[64];
    int cls, code;

    sipadv_status_words(words, sizeof(words), t->code);
    tick_stat_node(st, "Responses", 0, TRUE);
    cls = tick_stat_node(st, sipadv_class_name(sipadv_code_class(t->code)), node_responses,
                         TRUE);
    code = tick_stat_node(st, words, cls, TRUE);
    tick_stat_node(st, t->method ? t->method : "(no CSeq method)", code, FALSE);
}

static void count_transfer(stats_tree *st, const tap_entry *t)
{
    char words[64];
    int verdict;

    tick_stat_node(st, "Transfers", 0, TRUE);
    verdict = tick_stat_node(st, sipadv_verdict_name((sipadv_verdict)t->verdict),
                             node_transfers, TRUE);
    if (t->decided_by >= 100 && t->decided_by <= 699)
        sipadv_status_words(words, sizeof(words), t->decided_by);
    else
        snprintf(words, sizeof(words), "no final status");
    tick_stat_node(st, words, verdict, FALSE);
}

static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                      epan_dissect_t *edt _U_, const void *data,
                                      tap_flags_t flags _U_)
{
    const tap_frame *frame = data;

    for (unsigned i = 0; i < frame->count; i++) {
        const tap_entry *t = &frame->entries[i];

        if (t->code >= 100 && t->code <= 699)
            count_response(st, t);
        if (t->verdict >= 0)
            count_transfer(st, t);
        for (unsigned k = 0; k < G_N_ELEMENTS(finding_rows); k++) {
            if (t->findings & finding_rows[k].findings) {
                tick_stat_node(st, "Findings", 0, TRUE);
                tick_stat_node(st, finding_rows[k].name, node_findings, FALSE);
            }
        }
    }
    return TAP_PACKET_REDRAW;
}

void sipadv_stats_register(void)
{
    sipadv_tap = register_tap("sipadv");
    SIPADV_REGISTER_STATS_TREE("sipadv", "sipadv", "SIP Response Advisor", stats_packet,
                               stats_init, "Response, transfer or finding");
}
