/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Generated (not in the packet) items for the advisor's trees, shared by the renderers. */
#ifndef SIPADV_TREE_H
#define SIPADV_TREE_H

#include "sipadv_ws_compat.h"

#include <epan/expert.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One dissection of one frame as the renderers see it: where items go, and what this call
 * has found out about its readers and done to the Info column. The dissect entry makes one
 * per call (sipadv_view_start); nothing of it outlives the call. */
typedef struct {
    packet_info *pinfo;
    proto_tree *tree;
    tvbuff_t *tvb;
    bool taps_running; /* this pass runs the taps (see sipadv_view_start) */
    bool tagged;       /* a tag went into the Info column */
} sipadv_view;

void sipadv_tree_register(void);
/* Will anyone see or use the renderer's tree items? True when the tree is shown (packet
 * details, -V, -T json/pdml), or a filter, column or -e refers to the protocol or to one
 * of its fields. Otherwise its items would be faked, and building their text is wasted
 * work: only expert items matter then. Unlike proto_field_is_referenced() on the protocol,
 * this is false for -T fields on other protocols' fields, which keeps protocols unfaked. */
bool sipadv_tree_wanted(proto_tree *tree, int proto);
/* Looks up what sipadv_expert_wanted() needs: call for each file (the expert tap is
 * registered after the handoffs). */
void sipadv_tree_init(void);
/* Will anyone see or use a full expert item? True when the tree is shown, an expert tap
 * listens (-z expert, the Expert Information dialog), a filter, colour rule or column
 * refers to _ws.expert or to the advisor's own fields, or the columns include Expert.
 * The expert tap counts only on a pass that runs the taps (not tshark -2's first pass).
 * Otherwise (tshark -2's first pass, -Y on other fields, the GUI's packet list) the item's
 * text would be formatted for nobody; sipadv_expert_mark() then only records the
 * severity, which Wireshark keeps for the whole file (the GUI's status bar). */
bool sipadv_expert_wanted(const sipadv_view *v, int proto);
/* Starts the view of one dissection: finds out whether this pass runs the taps, which
 * sipadv_expert_wanted() asks about. */
void sipadv_view_start(sipadv_view *v, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
/* Does a response's expert item need a tree item to hang on (see sipadv_tree.c)? */
bool sipadv_expert_needs_item(proto_tree *tree);
void sipadv_expert_mark(packet_info *pinfo, expert_field *ei);
/* The same, for an item whose severity (PI_CHAT...) the caller knows: nothing is done when
 * the file already has one as high. */
void sipadv_expert_mark_severity(packet_info *pinfo, expert_field *ei, int severity);
/* Appends " [tag]" to the Info column when columns are being built and `enabled` (the
 * info_tags preference). Nothing is formatted when there are no columns. */
void sipadv_info_tag(sipadv_view *v, bool enabled, const char *tag);
/* After the frame's tags: the Info column's field (Wireshark 4.2+) gets the tagged text. */
void sipadv_info_field_sync(const sipadv_view *v);
/* A string field; a text too long for one label is also shown word-wrapped below it. */
void add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text);
void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, unsigned v);
void add_bool(proto_tree *t, int hf, tvbuff_t *tvb, bool v);
/* A frame number field; nothing for frame 0 (absent). */
void add_frame(proto_tree *t, int hf, tvbuff_t *tvb, uint32_t frame);
void add_seconds(proto_tree *t, int hf, tvbuff_t *tvb, double seconds);

#endif
