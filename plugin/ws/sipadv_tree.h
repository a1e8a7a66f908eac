/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Generated (not in the packet) items for the advisor's trees, shared by the renderers. */
#ifndef SIPADV_TREE_H
#define SIPADV_TREE_H

#include "sipadv_ws_compat.h"

#include <stdint.h>

void sipadv_tree_register(void);
/* A string field; a text too long for one label is also shown word-wrapped below it. */
void add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text);
void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, unsigned v);
/* A frame number field; nothing for frame 0 (absent). */
void add_frame(proto_tree *t, int hf, tvbuff_t *tvb, uint32_t frame);
void add_seconds(proto_tree *t, int hf, tvbuff_t *tvb, double seconds);

#endif
