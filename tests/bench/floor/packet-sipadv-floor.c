/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bench's floor: the cheapest post-dissector that reads SIP messages from their bytes.
 *
 * It wants only the `sip` item (set_postdissector_wanted_hfids), so tshark builds a tree on
 * the first pass and the SIP dissector makes that one item real. Per frame it walks the `sip`
 * items and scans each message's bytes once (counting CR LF, so that the compiler cannot drop
 * the read). It adds no item, no column, no expert info, and keeps no state per frame.
 * Anything that reads SIP messages from Wireshark's dissection pays at least this much; see
 * tests/bench/README.md ("The floor").
 *
 * Built by tests/bench/run with tests/bench/floor/CMakeLists.txt; compiles unchanged on
 * Wireshark 4.0 to 4.6. It deliberately does not include the plugin's sipadv_ws_compat.h,
 * so that the floor stays the same whatever the plugin's sources do: the only version
 * difference it meets is the one below.
 */
#define WS_BUILD_DLL
#include <wireshark.h> /* ws_version.h: WIRESHARK_VERSION_MAJOR/MINOR */
#include <epan/packet.h>
#include <epan/proto.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* 4.4 added the optional plugin_describe() and WS_PLUGIN_DESC_* (as in sipadv_ws_compat.h). */
#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 4)
#include <wsutil/plugins.h>
#define FLOOR_HAVE_PLUGIN_DESCRIBE 1
#else
#define FLOOR_HAVE_PLUGIN_DESCRIBE 0
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = "floor";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#if FLOOR_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

static int proto_floor = -1;
static int hf_sip = -1;
static dissector_handle_t floor_handle;

/* What the scans found. Written on every frame, so the scan has an observable effect; read
 * only by the cleanup routine when SIPADV_FLOOR_REPORT is set (the bench's sanity check). */
static volatile uint64_t floor_messages;
static volatile uint64_t floor_crlf;

static int dissect_floor(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    GPtrArray *items = proto_get_finfo_ptr_array(tree, hf_sip);
    uint64_t crlf = 0;
    unsigned n = 0;

    (void)pinfo;
    (void)data;
    if (items == NULL)
        return 0;
    for (unsigned i = 0; i < items->len; i++) {
        const field_info *fi = (const field_info *)g_ptr_array_index(items, i);
        const uint8_t *p;
        int len;

        if (fi == NULL || fi->ds_tvb == NULL || fi->length <= 0)
            continue;
        len = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
        if (len > fi->length)
            len = fi->length;
        if (len <= 0)
            continue;
        p = tvb_get_ptr(fi->ds_tvb, fi->start, len);
        for (int j = 1; j < len; j++)
            crlf += (p[j] == '\n' && p[j - 1] == '\r');
        n++;
    }
    floor_messages += n;
    floor_crlf += crlf;
    return n ? (int)tvb_captured_length(tvb) : 0;
}

static void floor_init(void)
{
    floor_messages = 0;
    floor_crlf = 0;
}

static void floor_cleanup(void)
{
    if (getenv("SIPADV_FLOOR_REPORT") != NULL)
        fprintf(stderr, "sipadv-floor: %llu messages, %llu CRLF\n",
                (unsigned long long)floor_messages, (unsigned long long)floor_crlf);
}

static void proto_register_floor(void)
{
    proto_floor = proto_register_protocol("sipadv bench floor (scans the sip items)",
                                          "sipadv-floor", "sipadv_floor");
    register_init_routine(floor_init);
    register_cleanup_routine(floor_cleanup);
}

static void proto_reg_handoff_floor(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (unsigned)sizeof(int));

    hf_sip = proto_registrar_get_id_byname("sip");
    floor_handle = create_dissector_handle(dissect_floor, proto_floor);
    register_postdissector(floor_handle);
    if (hf_sip >= 0)
        g_array_append_val(wanted, hf_sip);
    set_postdissector_wanted_hfids(floor_handle, wanted);
}

void plugin_register(void)
{
    static proto_plugin plugin;

    plugin.register_protoinfo = proto_register_floor;
    plugin.register_handoff = proto_reg_handoff_floor;
    proto_register_plugin(&plugin);
}

#if FLOOR_HAVE_PLUGIN_DESCRIBE
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
