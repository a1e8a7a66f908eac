/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every Wireshark API difference between 4.0, 4.2, 4.4 and 4.6 that the plugin meets.
 * Nothing else in the plugin may test a Wireshark version. */
#ifndef SIPADV_WS_COMPAT_H
#define SIPADV_WS_COMPAT_H

#include <wireshark.h> /* brings ws_version.h: WIRESHARK_VERSION_MAJOR/MINOR */
#include <epan/packet.h>
#include <epan/proto.h>

#define SIPADV_WS_AT_LEAST(maj, min)                                                   \
    (WIRESHARK_VERSION_MAJOR > (maj) ||                                                \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* tvb_get_guint8() and tvb_find_guint8() are deprecated from 4.4 in favour of the
 * uint8 names. */
#if SIPADV_WS_AT_LEAST(4, 4)
#define sipadv_tvb_get_u8 tvb_get_uint8
#define sipadv_tvb_find_u8 tvb_find_uint8
#else
#define sipadv_tvb_get_u8 tvb_get_guint8
#define sipadv_tvb_find_u8 tvb_find_guint8
#endif

/* Boolean preferences are gboolean in 4.0 and C99 bool from 4.2 on. */
#if SIPADV_WS_AT_LEAST(4, 2)
typedef bool sipadv_pref_bool;
#else
typedef gboolean sipadv_pref_bool;
#endif

/* 4.4 added plugin_describe() and the WS_PLUGIN_DESC_* flags; older loaders ignore it. */
#if SIPADV_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define SIPADV_HAVE_PLUGIN_DESCRIBE 1
#else
#define SIPADV_HAVE_PLUGIN_DESCRIBE 0
#endif

/* stats_tree_register_plugin() returns nothing in 4.0 and 4.2; from 4.4 on it returns the
 * tree's configuration, whose first column can then be named. */
#if SIPADV_WS_AT_LEAST(4, 4)
#define SIPADV_REGISTER_STATS_TREE(tap, abbr, name, packet, init, first_column)             \
    stats_tree_set_first_column_name(                                                       \
        stats_tree_register_plugin((tap), (abbr), (name), 0, (packet), (init), NULL),       \
        (first_column))
#else
#define SIPADV_REGISTER_STATS_TREE(tap, abbr, name, packet, init, first_column)             \
    stats_tree_register_plugin((tap), (abbr), (name), 0, (packet), (init), NULL)
#endif

/* From 4.2 on the columns are also fields (_ws.col.info), and Wireshark adds them to the
 * tree before post-dissectors run: text a post-dissector appends to the Info column reaches
 * the column, not the field that -T fields, -Y and custom columns read. The field's value is
 * set again from the column. 4.0 has no such field (tshark reads the column itself). */
#if SIPADV_WS_AT_LEAST(4, 2)
#include <epan/ftypes/ftypes.h>
#define SIPADV_INFO_FIELD "_ws.col.info"
static inline void sipadv_set_string_field(field_info *fi, const char *text)
{
    fvalue_set_string(fi->value, text);
}
#else
#define SIPADV_INFO_FIELD NULL
static inline void sipadv_set_string_field(field_info *fi, const char *text)
{
    (void)fi;
    (void)text;
}
#endif

#endif
