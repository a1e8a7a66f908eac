/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for the SIP header values that let the advisor give tailored advice: Retry-After,
 * the expiry headers, option-tag and method lists, Warning, Reason, digest challenges and
 * Contact lists. Plus the Warning-code registry and the RFC 3398 Q.850 <-> SIP tables.
 *
 * Plain C11, no Wireshark headers, no allocation. Every parser takes (s, len): s may be NULL,
 * bytes past len are never read, and any byte (NUL, invalid UTF-8) is accepted without
 * crashing. Outputs are spans pointing into the input, or small caller-provided arrays with
 * a count and a `truncated` flag. A value that does not follow its grammar is reported as
 * invalid or malformed: the parsers never guess a meaning for it. */
#ifndef SIPADV_HEADERS_H
#define SIPADV_HEADERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- Common types ---------------------------------------------------------------------- */

/* A piece of the input: points into the caller's buffer, not NUL-terminated. ptr is NULL
 * when the piece is absent; a present but empty piece (e.g. realm="") has a non-NULL ptr and
 * len 0. */
typedef struct {
    const char *ptr;
    size_t len;
} sipadv_span;

/* Do two pieces hold the same bytes? An absent piece counts as empty. */
static inline bool sipadv_span_same(sipadv_span a, sipadv_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Case-insensitive comparison of a span with a NUL-terminated word. False for an absent
 * span. */
bool sipadv_span_equals(sipadv_span sp, const char *word);

typedef enum {
    SIPADV_NUM_ABSENT = 0, /* no value at all (empty header, parameter not given) */
    SIPADV_NUM_OK,         /* 1*DIGIT with a value that fits 32 bits */
    SIPADV_NUM_INVALID,    /* something other than digits, or the value breaks the grammar */
    SIPADV_NUM_TOO_BIG     /* digits, but more than 4294967295: flagged, never wrapped */
} sipadv_num_status;

/* A decimal number from a header. value is meaningful only when status is SIPADV_NUM_OK
 * (it is 0 otherwise). */
typedef struct {
    sipadv_num_status status;
    uint32_t value;
} sipadv_num;

/* What a list parser found. Entries that do not follow the grammar are left out of the
 * output array and set `malformed`; the well-formed ones around them are still returned. */
typedef struct {
    size_t count;    /* entries written to the caller's array */
    bool truncated;  /* more well-formed entries than the array could hold */
    bool malformed;  /* at least one entry was malformed (skipped or partly understood) */
} sipadv_list_result;

/* ---- Delta-seconds headers ------------------------------------------------------------- */

/* A bare delta-seconds value (Expires RFC 3261 sec. 20.19, Min-Expires sec. 20.23):
 * blanks around it are allowed, anything else makes it SIPADV_NUM_INVALID. */
sipadv_num sipadv_parse_delta_seconds(const char *s, size_t len);

/* Retry-After (RFC 3261 sec. 20.33): delta-seconds [ "(" comment ")" ] *( ";" retry-param ).
 * Example: "120 (in a meeting);duration=3600". */
typedef struct {
    sipadv_num seconds;    /* SIPADV_NUM_INVALID as well when the rest breaks the grammar
                            * (junk after the number, unterminated comment) */
    sipadv_span comment;   /* without the outer parentheses; nested comments and
                            * backslash escapes left as they are; ptr NULL when absent */
    sipadv_num duration;   /* the duration parameter (first one wins); ABSENT when not given */
} sipadv_retry_after;

/* True when seconds.status is SIPADV_NUM_OK. */
bool sipadv_parse_retry_after(const char *s, size_t len, sipadv_retry_after *out);

typedef enum {
    SIPADV_REFRESHER_ABSENT = 0,
    SIPADV_REFRESHER_UAC,
    SIPADV_REFRESHER_UAS,
    SIPADV_REFRESHER_INVALID  /* present but neither "uac" nor "uas" (or without a value) */
} sipadv_refresher;

/* Session-Expires and Min-SE (RFC 4028 sec. 4, 5): delta-seconds *( ";" param ), e.g.
 * "1800;refresher=uac". Min-SE has no refresher; a stray one is reported all the same. */
typedef struct {
    sipadv_num delta;           /* INVALID as well when a parameter breaks the grammar */
    sipadv_refresher refresher; /* value matched case-insensitively */
} sipadv_session_expires;

/* True when delta.status is SIPADV_NUM_OK. */
bool sipadv_parse_session_expires(const char *s, size_t len, sipadv_session_expires *out);

/* ---- Token lists ----------------------------------------------------------------------- */

/* Splits a comma-separated list of tokens (Allow, Allow-Events, Supported, Unsupported,
 * Require, Accept, Accept-Encoding, Accept-Language, Recv-Info, Accept-Resource-Priority)
 * into up to max tokens. Parameters after ';' and blanks are stripped; empty items (",,")
 * are skipped silently; an item that is not a token (RFC 3261 token characters, plus '/' for
 * media ranges) is skipped and sets `malformed`. tokens may be NULL when max is 0.
 * To test membership, use sipadv_token_list_contains() from sipadv_parse.h (note that
 * SIP method names are case-sensitive, RFC 3261 sec. 7.1, while that test is not). */
sipadv_list_result sipadv_split_tokens(const char *s, size_t len, sipadv_span *tokens,
                                       size_t max);

/* ---- Warning (RFC 3261 sec. 20.43) ----------------------------------------------------- */

/* One warning-value: warn-code SP warn-agent SP warn-text. */
typedef struct {
    unsigned code;        /* exactly three digits */
    sipadv_span agent;    /* host[:port] or pseudonym */
    sipadv_span text;     /* between the quotes, escapes left as they are */
    bool text_quoted;     /* false when the text was not a proper quoted-string: text then
                           * holds the rest of the entry as sent, and `malformed` is set */
} sipadv_warning;

/* Splits a Warning value into up to max entries. Commas inside the quoted text do not
 * separate entries. Entries without a three-digit code or an agent are skipped
 * (`malformed`). */
sipadv_list_result sipadv_parse_warnings(const char *s, size_t len, sipadv_warning *items,
                                         size_t max);

/* The IANA-registered text of a warn-code (300-308, 330, 331, 370, 380, 381, 399), or NULL
 * when it is not registered. */
const char *sipadv_warning_code_text(unsigned code);

/* The range a warn-code falls in (RFC 3261 sec. 20.43: 300-329 session description, 330-339
 * basic network services, 370-379 QoS, 390-399 miscellaneous; 380 and 381 are the SIPS codes
 * of RFC 5630, 382-389 are unassigned), or NULL for 340-369 and anything not 3xx. */
const char *sipadv_warning_code_range(unsigned code);

/* ---- Reason (RFC 3326, RFC 6432, RFC 8606) --------------------------------------------- */

/* One reason-value: protocol *( ";" reason-param ), e.g. Q.850;cause=17;text="User busy". */
typedef struct {
    sipadv_span protocol;  /* "SIP", "Q.850", "Preemption"...: compare with sipadv_span_equals */
    sipadv_num cause;      /* ABSENT when there is no cause parameter (first one wins) */
    sipadv_span text;      /* without quotes, escapes left as they are; also accepted
                            * unquoted; ptr NULL when absent */
    sipadv_span location;  /* RFC 8606 ISUP cause location ("U", "LPN", ...); NULL if absent */
} sipadv_reason;

/* Splits a Reason value into up to max entries. An entry whose protocol is not a token is
 * skipped (`malformed`); so is one with an unterminated quoted text. */
sipadv_list_result sipadv_parse_reasons(const char *s, size_t len, sipadv_reason *items,
                                        size_t max);

/* The ITU-T Q.850 name of a cause value (1..127), or NULL for an unknown value. */
const char *sipadv_q850_cause_name(unsigned cause);

/* RFC 3398 sec. 7.2.4.1: the SIP response a gateway sends for an ISUP REL with this cause.
 * Returns 0 for cause 16 (normal call clearing: BYE or CANCEL, no response), 500 for a cause
 * in 1..127 the table does not list, and -1 for a value that is not a Q.850 cause (0 or
 * above 127). Cause 21 gives 403 and cause 22 gives 410: the alternatives are in
 * sipadv_q850_sip_consistent(). */
int sipadv_q850_to_sip(unsigned cause);

/* True when a response code agrees with a Q.850 cause under RFC 3398 sec. 7.2.4.1, counting
 * the table's alternatives: 21 -> 403 or 603 (cause location "user"), 22 -> 410 or 301 (with
 * a diagnostic). Always true for cause 44, which should not result in any SIP status code
 * (so sipadv_q850_to_sip()'s default 500 for it is no expectation). False for cause 16 and
 * for invalid causes. */
bool sipadv_q850_sip_consistent(unsigned cause, unsigned sip_code);

typedef enum {
    SIPADV_Q850_MAPPED,        /* *cause holds the RFC 3398 sec. 8.2.6.1 value */
    SIPADV_Q850_NO_MAPPING,    /* 487: the RFC gives none (the call was cancelled) */
    SIPADV_Q850_BY_WARNING,    /* 488/606: depends on the Warning; *cause holds the default 31 */
    SIPADV_Q850_NOT_A_FAILURE  /* not a 4xx-6xx code: nothing to map */
} sipadv_q850_mapping;

/* RFC 3398 sec. 8.2.6.1: the ISUP cause a gateway puts in the REL for a SIP final failure
 * response. A 4xx-6xx code the table does not list gives 31 (normal, unspecified).
 * cause may be NULL. */
sipadv_q850_mapping sipadv_sip_to_q850(unsigned code, unsigned *cause);

/* ---- WWW-Authenticate / Proxy-Authenticate (RFC 2617 sec. 3.2.1, RFC 3261 sec. 22) ----- */

typedef enum {
    SIPADV_STALE_ABSENT = 0,
    SIPADV_STALE_FALSE,
    SIPADV_STALE_TRUE,
    SIPADV_STALE_INVALID  /* present but neither true nor false (case-insensitive) */
} sipadv_stale;

/* The first challenge of the value. Parameter spans have their quotes removed (escapes left
 * as they are); ptr is NULL when the parameter is absent. The first occurrence wins. */
typedef struct {
    sipadv_span scheme;     /* "Digest" normally */
    sipadv_span realm;
    sipadv_span nonce;
    sipadv_span opaque;
    sipadv_span algorithm;  /* "MD5", "SHA-256"...; absent means MD5 (RFC 2617) */
    sipadv_span qop;        /* "auth,auth-int": test with sipadv_challenge_offers_qop() */
    sipadv_span domain;
    sipadv_stale stale;
    bool more_challenges;   /* a second challenge follows in the same value (not parsed) */
    bool malformed;         /* a parameter without '=', an unterminated quote, a repeat... */
} sipadv_challenge;

/* False when there is no scheme token at all. */
bool sipadv_parse_challenge(const char *s, size_t len, sipadv_challenge *out);

/* The realm of credentials (Authorization, Proxy-Authorization: the same grammar), as
 * sipadv_parse_challenge() would give it, reading no further than the realm parameter. */
sipadv_span sipadv_credentials_realm(const char *s, size_t len);

/* Does the challenge's qop list contain this option ("auth", "auth-int")? */
bool sipadv_challenge_offers_qop(const sipadv_challenge *ch, const char *qop);

/* ---- Contact (RFC 3261 sec. 20.10) ----------------------------------------------------- */

/* One contact-param: ( name-addr / addr-spec ) *( ";" contact-params ). */
typedef struct {
    sipadv_span display_name; /* without quotes when quoted; ptr NULL when there is none */
    sipadv_span uri;          /* between < and >, or the bare addr-spec */
    sipadv_span params;       /* the raw header parameters after the URI (or after '>'),
                               * without the leading ';'; ptr NULL when there are none */
    sipadv_num expires;       /* the expires header parameter, not a URI parameter */
} sipadv_contact;

/* Splits a Contact value into up to max contacts. Commas inside quoted display names,
 * inside <...> and inside quoted parameter values do not separate contacts. For the value
 * "*" (REGISTER, remove all bindings), *is_star is set and no contact is returned; is_star
 * may be NULL. A "*" mixed with contacts is malformed. */
sipadv_list_result sipadv_split_contacts(const char *s, size_t len, sipadv_contact *items,
                                         size_t max, bool *is_star);

/* The expires header parameter of the first contact in a Contact value (for a value with
 * several contacts, use sipadv_split_contacts). A ";expires=" inside <...> belongs to the
 * URI and is ignored; in a bare addr-spec everything after ';' is a header parameter
 * (RFC 3261 sec. 20: a URI with parameters must be enclosed in <>). ABSENT when there is
 * no such parameter (or the value is "*"), INVALID when the first contact is malformed. */
sipadv_num sipadv_contact_expires(const char *s, size_t len);

#endif
