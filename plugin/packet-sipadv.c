/* SIP Response Advisor: the glue between Wireshark and the plain-C modules.
 *
 * A post-dissector. On a frame's first pass it reads the SIP dissector's fields (which
 * Wireshark primes for us only then), reduces every SIP message to a small per-frame record
 * and stores it. On every pass, first or later, it renders that record: tree items, filter
 * fields and expert items. Rendering never reads SIP fields, so the GUI, tshark -2 and
 * tshark -z expert all see the same thing.
 */
#define WS_BUILD_DLL
#include "sipadv_ws_compat.h"

#include <string.h>

#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>

#include "sipadv_cancels.h"
#include "sipadv_codes.h"
#include "sipadv_parse.h"

#ifndef SIPADV_VERSION
#error "SIPADV_VERSION must come from CMakeLists.txt"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPADV_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#if SIPADV_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

static int proto_sipadv = -1;
static dissector_handle_t sipadv_handle;

static int hf_code = -1;
static int hf_class = -1;
static int hf_phrase = -1;
static int hf_registered = -1;
static int hf_rfc = -1;
static int hf_method = -1;
static int hf_meaning = -1;
static int hf_context = -1;
static int hf_remedy = -1;
static int hf_treated_as = -1;
static int hf_packet_phrase = -1;
static int hf_status_line = -1;

static int ett_response = -1;
static int ett_text = -1;

static expert_field ei_response_chat = EI_INIT;
static expert_field ei_response_note = EI_INIT;
static expert_field ei_response_warn = EI_INIT;
static expert_field ei_response_error = EI_INIT;
static expert_field ei_malformed_status = EI_INIT;

static sipadv_pref_bool pref_show_routine = true;

/* ---- SIP fields we read ------------------------------------------------------------- */

enum sip_field {
    SF_SIP,  /* the protocol item: one per SIP message, used to split a frame into messages */
    SF_DATA, /* undissected payload: over UDP, a status line with a code that is not three
              * digits makes SIP reject the datagram, and only "data" is left to look at */
    SF_STATUS_LINE,
    SF_METHOD,
    SF_CSEQ_METHOD,
    SF_CSEQ_SEQ,
    SF_CALL_ID,
    SF_COUNT
};

static const char *const sip_field_names[SF_COUNT] = {
    [SF_SIP] = "sip",
    [SF_DATA] = "data",
    [SF_STATUS_LINE] = "sip.Status-Line",
    [SF_METHOD] = "sip.Method",
    [SF_CSEQ_METHOD] = "sip.CSeq.method",
    [SF_CSEQ_SEQ] = "sip.CSeq.seq",
    [SF_CALL_ID] = "sip.Call-ID",
};

static int sip_hfids[SF_COUNT];

/* One SIP message of the current frame, as read on the first pass. */
typedef struct {
    field_info *sip;               /* the message's protocol item (or a "data" item) */
    bool undissected;              /* from "data": only a malformed status line counts */
    field_info *fields[SF_COUNT];  /* first occurrence of each field inside it */
} sip_message;

#define MAX_MESSAGES_PER_FRAME 64

/* ---- per-frame record: what we replay ------------------------------------------------ */

enum response_kind { RESPONSE_VALID, RESPONSE_MALFORMED };

typedef struct {
    uint16_t code;           /* parsed code (may be outside 100..699 when malformed) */
    uint8_t kind;            /* enum response_kind */
    uint8_t when;            /* sipadv_condition */
    bool has_code;           /* malformed: the code field was numeric (even 000) */
    const char *method;      /* CSeq method: a static string, or a file-scope copy */
    const char *detail;      /* malformed: the status line; else the packet phrase if it
                              * differs from the registered one; else NULL */
} stored_response;

typedef struct {
    unsigned count;
    stored_response responses[];
} frame_record;

static sipadv_cancels *cancels; /* file scope: created in init, freed in cleanup */

/* ---- reading fields ----------------------------------------------------------------- */

static const char *fi_string(const field_info *fi)
{
    if (fi == NULL)
        return NULL;
    switch (fi->hfinfo->type) {
    case FT_STRING:
    case FT_STRINGZ:
    case FT_STRINGZPAD:
    case FT_STRINGZTRUNC:
        return fvalue_get_string(SIPADV_FI_VALUE((field_info *)fi));
    default:
        return NULL;
    }
}

static bool fi_uint(const field_info *fi, unsigned *out)
{
    if (fi == NULL)
        return false;
    switch (fi->hfinfo->type) {
    case FT_UINT8:
    case FT_UINT16:
    case FT_UINT24:
    case FT_UINT32:
        *out = fvalue_get_uinteger(SIPADV_FI_VALUE((field_info *)fi));
        return true;
    default:
        return false;
    }
}

/* Fields are assigned to the innermost SIP message whose bytes contain them: a TCP segment
 * can carry several messages, and a message/sip body nests one message in another. */
static sip_message *owner_of(sip_message *msgs, unsigned n, const field_info *fi)
{
    sip_message *best = NULL;

    for (unsigned i = 0; i < n; i++) {
        const field_info *s = msgs[i].sip;
        if (s->ds_tvb != fi->ds_tvb || fi->start < s->start ||
            fi->start >= s->start + (s->length > 0 ? s->length : 1))
            continue;
        if (best == NULL || s->start >= best->sip->start)
            best = &msgs[i];
    }
    return best;
}

static bool starts_with_sip_version(const field_info *fi)
{
    return fi->ds_tvb != NULL && fi->length >= 8 &&
           tvb_strneql(fi->ds_tvb, fi->start, "SIP/", 4) == 0;
}

static unsigned add_message_items(proto_tree *tree, int hfid, bool only_sip_like,
                                  sip_message *msgs, unsigned n)
{
    GPtrArray *items = hfid >= 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;

    for (unsigned i = 0; items != NULL && i < items->len && n < MAX_MESSAGES_PER_FRAME; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(items, i);
        if (only_sip_like && !starts_with_sip_version(fi))
            continue;
        memset(&msgs[n], 0, sizeof(msgs[n]));
        msgs[n].sip = fi;
        msgs[n].undissected = only_sip_like;
        n++;
    }
    return n;
}

static unsigned collect_messages(proto_tree *tree, sip_message *msgs)
{
    unsigned n = add_message_items(tree, sip_hfids[SF_SIP], false, msgs, 0);

    n = add_message_items(tree, sip_hfids[SF_DATA], true, msgs, n);
    if (n == 0)
        return 0;

    for (int f = SF_DATA + 1; f < SF_COUNT; f++) {
        GPtrArray *arr;

        if (sip_hfids[f] < 0)
            continue;
        arr = proto_get_finfo_ptr_array(tree, sip_hfids[f]);
        if (arr == NULL)
            continue;
        for (unsigned i = 0; i < arr->len; i++) {
            field_info *fi = (field_info *)g_ptr_array_index(arr, i);
            sip_message *m = owner_of(msgs, n, fi);
            if (m != NULL && m->fields[f] == NULL)
                m->fields[f] = fi;
        }
    }
    return n;
}

/* The message's first line as raw bytes, for start lines Wireshark would not parse as a
 * status line ("SIP/2.0 48 Short"): they still belong to a SIP item, without Status-Line. */
static char *raw_first_line(wmem_allocator_t *scope, const field_info *sip)
{
    int avail, len = 0;

    if (sip->ds_tvb == NULL || sip->length <= 0)
        return NULL;
    avail = tvb_captured_length_remaining(sip->ds_tvb, sip->start);
    if (avail <= 0)
        return NULL;
    if (avail > sip->length)
        avail = sip->length;
    if (avail > 128)
        avail = 128;
    while (len < avail) {
        uint8_t c = sipadv_tvb_get_u8(sip->ds_tvb, sip->start + len);
        if (c == '\r' || c == '\n')
            break;
        len++;
    }
    return (char *)tvb_get_string_enc(scope, sip->ds_tvb, sip->start, len, ENC_UTF_8);
}

static const char *const known_methods[] = {
    "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};

/* Methods are stored for replay. The usual ones share static strings; anything else is
 * copied (bounded) into file scope. */
static const char *keep_method(const char *method)
{
    if (method == NULL || method[0] == '\0')
        return NULL;
    for (unsigned i = 0; i < G_N_ELEMENTS(known_methods); i++) {
        if (strcmp(method, known_methods[i]) == 0)
            return known_methods[i];
    }
    return wmem_strndup(wmem_file_scope(), method, 32);
}

/* ---- first pass: messages to a record ------------------------------------------------ */

static void note_request(const sip_message *m)
{
    const char *method = fi_string(m->fields[SF_METHOD]);
    const char *call_id = fi_string(m->fields[SF_CALL_ID]);
    unsigned seq;

    if (method && strcmp(method, "CANCEL") == 0 && fi_uint(m->fields[SF_CSEQ_SEQ], &seq))
        sipadv_cancels_add(cancels, call_id, seq);
}

static sipadv_condition condition_for(unsigned code, const char *method, const sip_message *m)
{
    unsigned seq;

    if (code != 487 || method == NULL || strcmp(method, "INVITE") != 0)
        return SIPADV_WHEN_ANY;
    if (fi_uint(m->fields[SF_CSEQ_SEQ], &seq) &&
        sipadv_cancels_contains(cancels, fi_string(m->fields[SF_CALL_ID]), seq))
        return SIPADV_WHEN_AFTER_CANCEL;
    return SIPADV_WHEN_NO_CANCEL;
}

/* Turns one message into a stored response; false for requests and non-SIP junk. */
static bool record_response(packet_info *pinfo, const sip_message *m, stored_response *out)
{
    const char *line = fi_string(m->fields[SF_STATUS_LINE]);
    sipadv_status_line sl;
    sipadv_status_result res;

    if (line == NULL) {
        if (m->fields[SF_METHOD] != NULL)
            return false;
        line = raw_first_line(pinfo->pool, m->sip);
    }
    if (line == NULL)
        return false;

    res = sipadv_parse_status_line(line, strlen(line), &sl);
    if (res == SIPADV_STATUS_NOT_STATUS)
        return false;
    /* Undissected bytes that hold a well-formed status line are someone's body text, not
     * a response SIP failed to parse. */
    if (m->undissected && res != SIPADV_STATUS_BAD_CODE)
        return false;

    memset(out, 0, sizeof(*out));
    out->method = keep_method(fi_string(m->fields[SF_CSEQ_METHOD]));
    if (res == SIPADV_STATUS_BAD_CODE) {
        out->kind = RESPONSE_MALFORMED;
        out->has_code = sl.code_is_numeric && sl.code <= 65535;
        out->code = out->has_code ? (uint16_t)sl.code : 0;
        out->detail = wmem_strndup(wmem_file_scope(), line, 128);
        return true;
    }

    out->kind = RESPONSE_VALID;
    out->code = (uint16_t)sl.code;
    out->when = (uint8_t)condition_for(sl.code, out->method, m);
    {
        const sipadv_code_entry *e = sipadv_lookup_registered(sl.code);
        if (e && sl.phrase_len > 0 && !sipadv_phrase_equal(sl.phrase, sl.phrase_len, e->phrase))
            out->detail = wmem_strndup(wmem_file_scope(), sl.phrase, MIN(sl.phrase_len, 128));
    }
    return true;
}

static frame_record *build_record(packet_info *pinfo, proto_tree *tree)
{
    sip_message msgs[MAX_MESSAGES_PER_FRAME];
    stored_response found[MAX_MESSAGES_PER_FRAME];
    unsigned n = collect_messages(tree, msgs), count = 0;
    frame_record *rec;

    for (unsigned i = 0; i < n; i++) {
        if (record_response(pinfo, &msgs[i], &found[count]))
            count++;
        else
            note_request(&msgs[i]);
    }
    if (count == 0)
        return NULL;

    rec = (frame_record *)wmem_alloc(wmem_file_scope(),
                                     sizeof(*rec) + count * sizeof(stored_response));
    rec->count = count;
    memcpy(rec->responses, found, count * sizeof(stored_response));
    return rec;
}

/* ---- every pass: record to tree, fields and expert items ----------------------------- */

static expert_field *expert_for(sipadv_severity sev)
{
    switch (sev) {
    case SIPADV_SEV_CHAT:
        return &ei_response_chat;
    case SIPADV_SEV_NOTE:
        return &ei_response_note;
    case SIPADV_SEV_WARN:
        return &ei_response_warn;
    default:
        return &ei_response_error;
    }
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

static void add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text)
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

static void add_uint(proto_tree *t, int hf, tvbuff_t *tvb, unsigned v)
{
    proto_item_set_generated(proto_tree_add_uint(t, hf, tvb, 0, 0, v));
}

static char *response_summary(packet_info *pinfo, const stored_response *r,
                              const sipadv_advice *adv)
{
    const char *to = r->method ? " answering " : "";
    const char *method = r->method ? r->method : "";

    if (adv->registered)
        return wmem_strdup_printf(pinfo->pool, "SIP %u %s (%s)%s%s", adv->code, adv->phrase,
                                  sipadv_class_name(adv->cls), to, method);
    return wmem_strdup_printf(pinfo->pool, "SIP %u, not registered (%s, treated as %u)%s%s",
                              adv->code, sipadv_class_name(adv->cls), adv->treated_as, to,
                              method);
}

static void render_malformed(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                             const stored_response *r, const sipadv_advice *adv)
{
    proto_item *ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_response);

    proto_item_set_text(ti, "SIP Response Advisor: malformed status code in \"%s\"",
                        r->detail ? r->detail : "");
    if (r->has_code)
        add_uint(t, hf_code, tvb, r->code);
    add_text(t, hf_status_line, tvb, r->detail);
    add_text(t, hf_method, tvb, r->method);
    add_text(t, hf_meaning, tvb, adv->meaning);
    add_text(t, hf_context, tvb, adv->context);
    add_text(t, hf_remedy, tvb, adv->remedy);
    expert_add_info_format(pinfo, ti, &ei_malformed_status,
                           "Malformed SIP status code: \"%s\" (must be three digits, 100-699)",
                           r->detail ? r->detail : "");
}

static void render_response(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb,
                            const stored_response *r)
{
    sipadv_advice adv;
    proto_item *ti;
    proto_tree *t;
    char *summary;

    sipadv_advise(r->code, r->method, (sipadv_condition)r->when, &adv);
    if (r->kind == RESPONSE_MALFORMED) {
        render_malformed(tree, pinfo, tvb, r, &adv);
        return;
    }

    summary = response_summary(pinfo, r, &adv);
    ti = proto_tree_add_item(tree, proto_sipadv, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "SIP Response Advisor: %s", summary);
    t = proto_item_add_subtree(ti, ett_response);

    add_uint(t, hf_code, tvb, adv.code);
    add_uint(t, hf_class, tvb, adv.cls);
    add_text(t, hf_phrase, tvb, adv.phrase);
    proto_item_set_generated(proto_tree_add_boolean(t, hf_registered, tvb, 0, 0, adv.registered));
    add_text(t, hf_rfc, tvb, adv.rfc);
    if (!adv.registered)
        proto_item_append_text(proto_tree_add_uint(t, hf_treated_as, tvb, 0, 0, adv.treated_as),
                               " (%s)", adv.fallback_note);
    add_text(t, hf_packet_phrase, tvb, r->kind == RESPONSE_VALID ? r->detail : NULL);
    add_text(t, hf_method, tvb, r->method);
    add_text(t, hf_meaning, tvb, adv.meaning);
    add_text(t, hf_context, tvb, adv.context);
    add_text(t, hf_remedy, tvb, adv.remedy);

    if (adv.severity != SIPADV_SEV_CHAT || pref_show_routine)
        expert_add_info_format(pinfo, ti, expert_for(adv.severity), "%s", summary);
}

static int dissect_sipadv(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    frame_record *rec;

    /* No early return on a NULL tree: the expert tap still needs our items (pass 2 of -2). */
    if (!PINFO_FD_VISITED(pinfo)) {
        rec = build_record(pinfo, tree);
        if (rec != NULL)
            p_add_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0, rec);
    } else {
        rec = (frame_record *)p_get_proto_data(wmem_file_scope(), pinfo, proto_sipadv, 0);
    }
    if (rec == NULL)
        return 0;

    for (unsigned i = 0; i < rec->count; i++)
        render_response(tree, pinfo, tvb, &rec->responses[i]);
    return tvb_captured_length(tvb);
}

/* ---- registration -------------------------------------------------------------------- */

static const value_string class_vals[] = {
    { 1, "1xx Provisional" },
    { 2, "2xx Success" },
    { 3, "3xx Redirection" },
    { 4, "4xx Client Failure" },
    { 5, "5xx Server Failure" },
    { 6, "6xx Global Failure" },
    { 0, NULL },
};

static void sipadv_init(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (int f = 0; f < SF_COUNT; f++) {
        if (sip_hfids[f] >= 0)
            g_array_append_val(wanted, sip_hfids[f]);
    }
    set_postdissector_wanted_hfids(sipadv_handle, wanted);
    cancels = sipadv_cancels_new();
}

static void sipadv_cleanup(void)
{
    set_postdissector_wanted_hfids(sipadv_handle, NULL);
    sipadv_cancels_free(cancels);
    cancels = NULL;
}

static void proto_register_sipadv(void)
{
    static hf_register_info hf[] = {
        { &hf_code, { "Status code", "sipadv.code", FT_UINT16, BASE_DEC, NULL, 0x0,
                      "The response's status code", HFILL } },
        { &hf_class, { "Class", "sipadv.class", FT_UINT8, BASE_DEC, VALS(class_vals), 0x0,
                       "Response class (RFC 3261 sec. 7.2)", HFILL } },
        { &hf_phrase, { "Registered phrase", "sipadv.phrase", FT_STRING, BASE_NONE, NULL, 0x0,
                        "Reason phrase registered with IANA for this code", HFILL } },
        { &hf_registered, { "Registered", "sipadv.registered", FT_BOOLEAN, BASE_NONE, NULL,
                            0x0, "Is the code in the IANA SIP response code registry?",
                            HFILL } },
        { &hf_rfc, { "Defined in", "sipadv.rfc", FT_STRING, BASE_NONE, NULL, 0x0,
                     "RFC that defines the code", HFILL } },
        { &hf_method, { "Answers method", "sipadv.method", FT_STRING, BASE_NONE, NULL, 0x0,
                        "CSeq method of the request this response answers", HFILL } },
        { &hf_meaning, { "Meaning", "sipadv.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                         "What the response says happened", HFILL } },
        { &hf_context, { "Typical context", "sipadv.context", FT_STRING, BASE_NONE, NULL, 0x0,
                         "Where and when this response is usually seen", HFILL } },
        { &hf_remedy, { "Remedy", "sipadv.remedy", FT_STRING, BASE_NONE, NULL, 0x0,
                        "What to check or change", HFILL } },
        { &hf_treated_as, { "Treated as", "sipadv.treated_as", FT_UINT16, BASE_DEC, NULL, 0x0,
                            "Registered code a UAC uses for this unregistered one "
                            "(RFC 3261 sec. 8.1.3.2)", HFILL } },
        { &hf_packet_phrase, { "Phrase in packet", "sipadv.packet_phrase", FT_STRING,
                               BASE_NONE, NULL, 0x0,
                               "The packet's own reason phrase, shown when it differs from "
                               "the registered one (harmless: only the code counts)", HFILL } },
        { &hf_status_line, { "Malformed status line", "sipadv.status_line", FT_STRING,
                             BASE_NONE, NULL, 0x0,
                             "Start line of a response whose status code is malformed",
                             HFILL } },
    };
    static int *ett[] = { &ett_response, &ett_text };
    static ei_register_info ei[] = {
        { &ei_response_chat, { "sipadv.response.chat", PI_RESPONSE_CODE, PI_CHAT,
                               "Routine SIP response", EXPFILL } },
        { &ei_response_note, { "sipadv.response.note", PI_RESPONSE_CODE, PI_NOTE,
                               "SIP response worth a look", EXPFILL } },
        { &ei_response_warn, { "sipadv.response.warn", PI_RESPONSE_CODE, PI_WARN,
                               "SIP failure response", EXPFILL } },
        { &ei_response_error, { "sipadv.response.error", PI_RESPONSE_CODE, PI_ERROR,
                                "SIP server or global failure", EXPFILL } },
        { &ei_malformed_status, { "sipadv.malformed_status", PI_MALFORMED, PI_NOTE,
                                  "Malformed SIP status code", EXPFILL } },
    };
    module_t *module;

    proto_sipadv = proto_register_protocol("SIP Response Advisor", "SIPADV", "sipadv");
    proto_register_field_array(proto_sipadv, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_sipadv), ei, array_length(ei));

    module = prefs_register_protocol(proto_sipadv, NULL);
    prefs_register_bool_preference(module, "show_routine",
                                   "Show routine responses in Expert Information",
                                   "Raise chat-level expert items for routine responses (1xx, "
                                   "2xx, a 401/407 challenge, 487 after CANCEL). Turn off for "
                                   "busy captures; the tree and filter fields stay.",
                                   &pref_show_routine);

    sipadv_handle = register_dissector("sipadv", dissect_sipadv, proto_sipadv);
    register_init_routine(sipadv_init);
    register_cleanup_routine(sipadv_cleanup);
}

static void proto_reg_handoff_sipadv(void)
{
    for (int f = 0; f < SF_COUNT; f++)
        sip_hfids[f] = proto_registrar_get_id_byname(sip_field_names[f]);
    register_postdissector(sipadv_handle);
}

void plugin_register(void)
{
    static proto_plugin plugin;

    plugin.register_protoinfo = proto_register_sipadv;
    plugin.register_handoff = proto_reg_handoff_sipadv;
    proto_register_plugin(&plugin);
}

#if SIPADV_HAVE_PLUGIN_DESCRIBE
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
