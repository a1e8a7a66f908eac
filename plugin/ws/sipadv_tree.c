/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Generated items for the advisor's trees (see sipadv_tree.h). */
#include "sipadv_tree.h"

#include <string.h>

#include "sipadv_chars.h"

#include <epan/column-info.h>
#include <epan/tap.h>
#include <wsutil/str_util.h>

static int ett_text = -1;
static int expert_tap = -1;
static int probe_tap = -1;
static int proto_expert_info = -1;

/* The registration entries of the protocols asked about, looked up once per file: the
 * checks below run for every response on every pass. */
static header_field_info *hfi_expert_info;
static header_field_info *hfi_last;
static int hfi_last_id = -1;

static bool info_referenced(const header_field_info *hfi)
{
    return hfi != NULL && hfi->ref_type != HF_REF_TYPE_NONE;
}

static bool is_referenced(int proto)
{
    if (proto <= 0)
        return false;
    if (proto != hfi_last_id) {
        hfi_last = proto_registrar_get_nth(proto);
        hfi_last_id = proto;
    }
    return info_referenced(hfi_last);
}

/* The Info column's field (4.2+). */
static int hf_info_field = -1;

void sipadv_tree_init(void)
{
    hf_info_field = SIPADV_INFO_FIELD ? proto_registrar_get_id_byname(SIPADV_INFO_FIELD) : -1;
    expert_tap = find_tap_id("expert");
    proto_expert_info = proto_get_id_by_filter_name("_ws.expert");
    hfi_expert_info = proto_expert_info > 0 ? proto_registrar_get_nth(proto_expert_info) : NULL;
}

static bool shows_expert_column(const column_info *cinfo)
{
    return cinfo != NULL && cinfo->col_first[COL_EXPERT] >= 0;
}

/* A pass runs the taps or not: tshark -2's first pass and the GUI's re-dissection of a
 * selected packet do not, so an expert item raised there for the expert tap alone would
 * be formatted for nobody. Wireshark does not say which kind of pass this is, but a packet
 * queued on a tap can be fetched back only while the taps run: the probe queues a marker
 * on a tap of its own (no listener ever sees it) and asks for it back. */
static bool pass_runs_taps(packet_info *pinfo)
{
    static const int marker = 0;

    /* Only the expert tap's listeners care which kind of pass this is, and only on a
     * frame's first pass: a later pass without taps is the GUI re-dissecting the packet it
     * shows, whose visible tree gets every item anyway. Taking the later passes as running
     * the taps costs at most some formatting nobody reads. */
    if (PINFO_FD_VISITED(pinfo) || probe_tap < 0 || expert_tap < 0 ||
        !have_tap_listener(expert_tap))
        return true;
    tap_queue_packet(probe_tap, pinfo, &marker);
    return fetch_tapped_data(probe_tap, 0) == &marker;
}

void sipadv_view_start(sipadv_view *v, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    v->pinfo = pinfo;
    v->tree = tree;
    v->tvb = tvb;
    v->taps_running = pass_runs_taps(pinfo);
    v->tagged = false;
}

bool sipadv_expert_wanted(const sipadv_view *v, int proto)
{
    return (v->tree != NULL && PTREE_DATA(v->tree)->visible) ||
           (v->taps_running && expert_tap >= 0 && have_tap_listener(expert_tap)) ||
           info_referenced(hfi_expert_info) || is_referenced(proto) ||
           shows_expert_column(v->pinfo->cinfo);
}

bool sipadv_expert_needs_item(proto_tree *tree)
{
    /* The expert tap (-z expert, the GUI's dialog) reads only the text, the severity and
     * the frame; an item to hang the expert subtree on matters to a filter on _ws.expert
     * and to whoever sees the tree. */
    return tree != NULL && (PTREE_DATA(tree)->visible || info_referenced(hfi_expert_info));
}

void sipadv_expert_mark_severity(packet_info *pinfo, expert_field *ei, int severity)
{
    /* Wireshark keeps only the highest severity seen: a lower or equal one changes nothing. */
    if (severity > expert_get_highest_severity())
        sipadv_expert_mark(pinfo, ei);
}

void sipadv_expert_mark(packet_info *pinfo, expert_field *ei)
{
    /* No item to attach to and no format: Wireshark only notes the severity. */
    expert_add_info(pinfo, NULL, ei);
}

bool sipadv_tree_wanted(proto_tree *tree, int proto)
{
    /* Priming a field for a filter, column or -e also marks its protocol as referenced,
     * so the protocol alone answers for all of its fields. */
    return tree != NULL && (PTREE_DATA(tree)->visible || is_referenced(proto));
}

void sipadv_info_tag(sipadv_view *v, bool enabled, const char *tag)
{
    packet_info *pinfo = v->pinfo;
    const char *info;
    size_t len;
    bool blank;

    if (!enabled || pinfo->cinfo == NULL || tag == NULL || tag[0] == '\0')
        return;
    /* The SIP dissector ends each message's text with " | ": no second blank after it. */
    info = col_get_text(pinfo->cinfo, COL_INFO);
    len = info ? strlen(info) : 0;
    blank = len == 0 || info[len - 1] == ' ';
    /* One append of a packet-scoped copy: Wireshark 4.4 and later may still read the text
     * after this call returns, so a caller's stack buffer would be lost from the column. */
    col_append_str(pinfo->cinfo, COL_INFO,
                   wmem_strconcat(pinfo->pool, blank ? "[" : " [", tag, "]", NULL));
    v->tagged = true;
}

void sipadv_info_field_sync(const sipadv_view *v)
{
    packet_info *pinfo = v->pinfo;
    GPtrArray *items;

    if (!v->tagged || hf_info_field < 0 || v->tree == NULL || pinfo->cinfo == NULL)
        return;
    /* Only a primed field is in the array: one somebody reads (-T fields, -Y, a column). */
    items = proto_get_finfo_ptr_array(v->tree, hf_info_field);
    for (unsigned i = 0; items != NULL && i < items->len; i++)
        sipadv_set_string_field((field_info *)g_ptr_array_index(items, i),
                                col_get_text(pinfo->cinfo, COL_INFO));
}

void sipadv_tree_register(void)
{
    static int *ett[] = { &ett_text };

    proto_register_subtree_array(ett, array_length(ett));
    probe_tap = register_tap("sipadv.taps_running_probe");
}

/* Wireshark cuts an item's label at ITEM_LABEL_LENGTH, so a long advice text would end in
 * "[truncated]" in the packet pane. The field keeps the whole text (filters, -T fields);
 * underneath it, the same text is repeated in word-wrapped lines a reader can expand. */
#define WRAP_WIDTH 100

static void add_wrapped_lines(proto_item *item, tvbuff_t *tvb, const char *text)
{
    proto_tree *lines = proto_item_add_subtree(item, ett_text);
    size_t len = strlen(text);

    while (len > 0) {
        size_t cut = len <= WRAP_WIDTH ? len : WRAP_WIDTH;
        if (cut < len) {
            while (cut > WRAP_WIDTH / 2 && text[cut] != ' ')
                cut--;
            /* Without a space to break at, never split a UTF-8 character. */
            cut = sipadv_utf8_cut(text, len, cut);
        }
        proto_tree_add_subtree_format(lines, tvb, 0, 0, ett_text, NULL, "%.*s", (int)cut, text);
        text += cut;
        len -= cut;
        while (len > 0 && *text == ' ') {
            text++;
            len--;
        }
    }
}

void add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text)
{
    proto_item *item;

    if (text == NULL)
        return;
    item = proto_tree_add_string(t, hf, tvb, 0, 0, text);
    proto_item_set_generated(item);
    if (t != NULL && PTREE_DATA(t)->visible &&
        strlen(proto_registrar_get_nth(hf)->name) + strlen(text) + 2 >= ITEM_LABEL_LENGTH)
        add_wrapped_lines(item, tvb, text);
}

void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, unsigned v)
{
    proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, v));
}

void add_bool(proto_tree *t, int hf, tvbuff_t *tvb, bool v)
{
    proto_item_set_generated(proto_tree_add_boolean(t, hf, tvb, 0, 0, v));
}

void add_frame(proto_tree *t, int hf, tvbuff_t *tvb, uint32_t frame)
{
    if (frame != 0)
        proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, frame));
}

void add_seconds(proto_tree *t, int hf, tvbuff_t *tvb, double seconds)
{
    nstime_t ns;

    if (seconds < 0)
        seconds = 0;
    ns.secs = (time_t)seconds;
    ns.nsecs = (int)((seconds - (double)ns.secs) * 1e9 + 0.5);
    if (ns.nsecs >= 1000000000) {
        ns.secs++;
        ns.nsecs -= 1000000000;
    }
    proto_item_set_generated(proto_tree_add_time(t, hf, tvb, 0, 0, &ns));
}

