/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The message reader: one pass over the bytes of one SIP message gives its start line, the
 * value of every header the advisor uses, and its body, all as spans into those bytes.
 *
 * Plain C11, no Wireshark headers, no allocation, no copy. It follows RFC 3261's grammar
 * (sec. 7, 20, 25.1) rather than any implementation: header names are matched
 * case-insensitively in full and compact form, whitespace before the colon (HCOLON) is
 * allowed, folded continuation lines belong to the header above them, and the body starts
 * after the first empty line. Finding a header costs a switch on its name's first letter
 * and length. Any byte (NUL, invalid UTF-8) is accepted and no byte past len is read. */
#ifndef SIPADV_MSG_H
#define SIPADV_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipadv_headers.h" /* sipadv_span */
#include "sipadv_method.h"
#include "sipadv_parse.h"   /* sipadv_status_line */

/* The method a token names (case-sensitive, as RFC 3261 sec. 7.1 says); OTHER for an
 * extension method, NONE for an empty or absent token. */
sipadv_method sipadv_method_from(sipadv_span token);

/* The headers the advisor reads. Each is one row of the reader's name table, with its
 * compact form where RFC 3261 sec. 7.3.3 / 20 or a later RFC registers one. */
typedef enum {
    SIPADV_H_CALL_ID,             /* i */
    SIPADV_H_CSEQ,
    SIPADV_H_FROM,                /* f */
    SIPADV_H_TO,                  /* t */
    SIPADV_H_VIA,                 /* v */
    SIPADV_H_CONTACT,             /* m */
    SIPADV_H_CONTENT_TYPE,        /* c */
    SIPADV_H_CONTENT_LENGTH,      /* l */
    SIPADV_H_EVENT,               /* o (RFC 6665) */
    SIPADV_H_ALLOW_EVENTS,        /* u (RFC 6665) */
    SIPADV_H_SUBSCRIPTION_STATE,
    SIPADV_H_REFER_TO,            /* r (RFC 3515) */
    SIPADV_H_REFERRED_BY,         /* b (RFC 3892) */
    SIPADV_H_REFER_SUB,           /* RFC 4488 */
    SIPADV_H_REFER_EVENTS_AT,     /* RFC 7614 */
    SIPADV_H_REQUIRE,
    SIPADV_H_SUPPORTED,           /* k */
    SIPADV_H_UNSUPPORTED,
    SIPADV_H_ALLOW,
    SIPADV_H_ACCEPT,
    SIPADV_H_ACCEPT_ENCODING,
    SIPADV_H_ACCEPT_LANGUAGE,
    SIPADV_H_RECV_INFO,
    SIPADV_H_ACCEPT_RESOURCE_PRIORITY,
    SIPADV_H_RETRY_AFTER,
    SIPADV_H_EXPIRES,
    SIPADV_H_MIN_EXPIRES,
    SIPADV_H_SESSION_EXPIRES,     /* x (RFC 4028) */
    SIPADV_H_MIN_SE,
    SIPADV_H_WARNING,
    SIPADV_H_REASON,
    SIPADV_H_WWW_AUTHENTICATE,
    SIPADV_H_PROXY_AUTHENTICATE,
    SIPADV_H_AUTHORIZATION,
    SIPADV_H_PROXY_AUTHORIZATION,
    SIPADV_H_COUNT
} sipadv_header_id;

/* Where one header's instances are. `first` is the value of its first instance: after
 * HCOLON and leading blanks, up to the end of its last continuation line, trailing blanks
 * (SP, HTAB, CR, LF) trimmed; folded line breaks stay inside it as they are in the bytes.
 * `count` saturates at 255; a value that is present but empty has a non-NULL ptr. */
typedef struct {
    sipadv_span first;
    uint8_t count;
} sipadv_header_slot;

typedef enum {
    SIPADV_START_NONE = 0,   /* no start line at all (empty input, a line with no spaces) */
    SIPADV_START_REQUEST,    /* Method SP Request-URI SP SIP-Version */
    SIPADV_START_RESPONSE    /* SIP-Version SP Status-Code SP Reason-Phrase (any code text) */
} sipadv_start_kind;

typedef struct {
    sipadv_start_kind kind;
    sipadv_span start_line;            /* the first line, without its CRLF */
    /* requests */
    sipadv_method method;
    sipadv_span method_name;
    sipadv_span request_uri;
    /* responses: sipadv_parse_status_line() on the start line */
    sipadv_status_result status;
    sipadv_status_line status_line;
    /* headers */
    sipadv_header_slot headers[SIPADV_H_COUNT];
    /* body: from after the empty line; Content-Length bytes of it when that header is a
     * valid number no larger than what is there, else everything that follows */
    bool has_body_separator;           /* an empty line ended the headers */
    sipadv_span body;
    bool body_short;                   /* Content-Length promised more bytes than are there */
    size_t length;                     /* bytes taken from the input: any blank lines
                                        * before the start line, up to the body's end */
} sipadv_msg;

/* Reads one message from the start of bytes. Never fails on any input: what is missing is
 * absent in the result. */
void sipadv_msg_read(const char *bytes, size_t len, sipadv_msg *out);

/* The instances of one header in order, for headers that may repeat (Warning, Reason,
 * Contact, Allow...). *cursor starts at 0; each call gives the next value (as in
 * sipadv_header_slot.first) and returns false after the last. bytes and len are the ones
 * given to sipadv_msg_read. */
bool sipadv_msg_next(const sipadv_msg *m, const char *bytes, size_t len, sipadv_header_id h,
                     size_t *cursor, sipadv_span *value);

/* The tag parameter of a From or To value (outside any <> and quoted display name);
 * absent span when there is none. */
sipadv_span sipadv_header_tag(sipadv_span from_or_to);

/* CSeq: 1*DIGIT LWS Method. False (and seq 0) when the number is missing or over 32 bits;
 * *method and *method_name are set whenever a method token follows. */
bool sipadv_parse_cseq(sipadv_span value, uint32_t *seq, sipadv_method *method,
                       sipadv_span *method_name);

/* Is the Content-Type message/sipfrag (case-insensitive, parameters ignored)? */
bool sipadv_msg_is_sipfrag(const sipadv_msg *m);
/* The first line of the body without its line end: a sipfrag's status line. Absent span
 * when there is no body. */
sipadv_span sipadv_msg_body_first_line(const sipadv_msg *m);

#endif
