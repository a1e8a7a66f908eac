/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header names the reader knows (see sipadv_msg_names.h). */
#include "sipadv_msg_names.h"

#include <stdlib.h>

#include "sipadv_msg.h"

typedef struct {
    const char *name;
    uint8_t len;
    int8_t id;
} header_name;

#define NAME(s, id) { s, (uint8_t)(sizeof(s) - 1), (int8_t)(id) }

/* One table per first letter; a name is found by its first letter (lower-cased), then by
 * its length, then by comparing the rest. Compact forms: RFC 3261 sec. 7.3.3 and 20, RFC
 * 6665 (o, u), RFC 3515 (r), RFC 3892 (b), RFC 4028 (x), RFC 3841 (a, j, d), RFC 4474
 * (y, n). */
static const header_name names_a[] = {
    NAME("a", H_UNUSED), /* Accept-Contact */
    NAME("Allow", SIPADV_H_ALLOW),
    NAME("Accept", SIPADV_H_ACCEPT),
    NAME("Allow-Events", SIPADV_H_ALLOW_EVENTS),
    NAME("Authorization", SIPADV_H_AUTHORIZATION),
    NAME("Accept-Encoding", SIPADV_H_ACCEPT_ENCODING),
    NAME("Accept-Language", SIPADV_H_ACCEPT_LANGUAGE),
    NAME("Accept-Resource-Priority", SIPADV_H_ACCEPT_RESOURCE_PRIORITY),
};
static const header_name names_b[] = {
    NAME("b", SIPADV_H_REFERRED_BY),
};
static const header_name names_c[] = {
    NAME("c", SIPADV_H_CONTENT_TYPE),
    NAME("CSeq", SIPADV_H_CSEQ),
    NAME("Call-ID", SIPADV_H_CALL_ID),
    NAME("Contact", SIPADV_H_CONTACT),
    NAME("Content-Type", SIPADV_H_CONTENT_TYPE),
    NAME("Content-Length", SIPADV_H_CONTENT_LENGTH),
};
static const header_name names_d[] = {
    NAME("d", H_UNUSED), /* Request-Disposition */
};
static const header_name names_e[] = {
    NAME("e", H_UNUSED), /* Content-Encoding */
    NAME("Event", SIPADV_H_EVENT),
    NAME("Expires", SIPADV_H_EXPIRES),
};
static const header_name names_f[] = {
    NAME("f", SIPADV_H_FROM),
    NAME("From", SIPADV_H_FROM),
};
static const header_name names_i[] = {
    NAME("i", SIPADV_H_CALL_ID),
};
static const header_name names_j[] = {
    NAME("j", H_UNUSED), /* Reject-Contact */
};
static const header_name names_k[] = {
    NAME("k", SIPADV_H_SUPPORTED),
};
static const header_name names_l[] = {
    NAME("l", SIPADV_H_CONTENT_LENGTH),
};
static const header_name names_m[] = {
    NAME("m", SIPADV_H_CONTACT),
    NAME("Min-SE", SIPADV_H_MIN_SE),
    NAME("Min-Expires", SIPADV_H_MIN_EXPIRES),
};
static const header_name names_n[] = {
    NAME("n", H_UNUSED), /* Identity-Info */
};
static const header_name names_o[] = {
    NAME("o", SIPADV_H_EVENT),
};
static const header_name names_p[] = {
    NAME("Proxy-Authenticate", SIPADV_H_PROXY_AUTHENTICATE),
    NAME("Proxy-Authorization", SIPADV_H_PROXY_AUTHORIZATION),
};
static const header_name names_r[] = {
    NAME("r", SIPADV_H_REFER_TO),
    NAME("Reason", SIPADV_H_REASON),
    NAME("Require", SIPADV_H_REQUIRE),
    NAME("Refer-To", SIPADV_H_REFER_TO),
    NAME("Refer-Sub", SIPADV_H_REFER_SUB),
    NAME("Recv-Info", SIPADV_H_RECV_INFO),
    NAME("Retry-After", SIPADV_H_RETRY_AFTER),
    NAME("Referred-By", SIPADV_H_REFERRED_BY),
    NAME("Refer-Events-At", SIPADV_H_REFER_EVENTS_AT),
};
static const header_name names_s[] = {
    NAME("s", H_UNUSED), /* Subject */
    NAME("Supported", SIPADV_H_SUPPORTED),
    NAME("Session-Expires", SIPADV_H_SESSION_EXPIRES),
    NAME("Subscription-State", SIPADV_H_SUBSCRIPTION_STATE),
};
static const header_name names_t[] = {
    NAME("t", SIPADV_H_TO),
    NAME("To", SIPADV_H_TO),
};
static const header_name names_u[] = {
    NAME("u", SIPADV_H_ALLOW_EVENTS),
    NAME("Unsupported", SIPADV_H_UNSUPPORTED),
};
static const header_name names_v[] = {
    NAME("v", SIPADV_H_VIA),
    NAME("Via", SIPADV_H_VIA),
};
static const header_name names_w[] = {
    NAME("Warning", SIPADV_H_WARNING),
    NAME("WWW-Authenticate", SIPADV_H_WWW_AUTHENTICATE),
};
static const header_name names_x[] = {
    NAME("x", SIPADV_H_SESSION_EXPIRES),
};
static const header_name names_y[] = {
    NAME("y", H_UNUSED), /* Identity */
};

typedef struct {
    const header_name *names;
    uint8_t count;
} name_bucket;

#define BUCKET(letter, arr) [letter - 'a'] = { arr, (uint8_t)(sizeof(arr) / sizeof(arr[0])) }

static const name_bucket buckets[26] = {
    BUCKET('a', names_a), BUCKET('b', names_b), BUCKET('c', names_c), BUCKET('d', names_d),
    BUCKET('e', names_e), BUCKET('f', names_f), BUCKET('i', names_i), BUCKET('j', names_j),
    BUCKET('k', names_k), BUCKET('l', names_l), BUCKET('m', names_m), BUCKET('n', names_n),
    BUCKET('o', names_o), BUCKET('p', names_p), BUCKET('r', names_r), BUCKET('s', names_s),
    BUCKET('t', names_t), BUCKET('u', names_u), BUCKET('v', names_v), BUCKET('w', names_w),
    BUCKET('x', names_x), BUCKET('y', names_y),
};

name_index sipadv_name_index;

void sipadv_index_header_names(void)
{
    name_index *x = &sipadv_name_index;

    if (x->built)
        return; /* built once: a second pass would overfill the buckets */
    for (int letter = 0; letter < 26; letter++) {
        const name_bucket *b = &buckets[letter];
        for (uint8_t k = 0; k < b->count; k++) {
            const header_name *h = &b->names[k];
            indexed_name *slot;
            char rest[NAME_WORDS * 8] = { 0 }, fold[NAME_WORDS * 8] = { 0 };

            if (h->len > NAME_MAX_LEN || x->count[letter][h->len] >= NAME_CANDIDATES)
                abort(); /* a table row the index cannot hold: a build-time mistake */
            slot = &x->names[letter][h->len][x->count[letter][h->len]++];
            for (uint8_t c = 1; c < h->len; c++) {
                char ch = h->name[c];
                bool letter_byte = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
                if (!letter_byte && ch != '-')
                    abort(); /* only letters and '-' are compared this way */
                fold[c - 1] = letter_byte ? 0x20 : 0;
                rest[c - 1] = (char)(ch | fold[c - 1]);
            }
            memcpy(slot->rest, rest, sizeof(rest));
            memcpy(slot->fold, fold, sizeof(fold));
            slot->id = h->id;
        }
    }
    x->built = true;
}

