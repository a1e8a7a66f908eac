/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIP response code knowledge: the IANA registry plus advice for engineers.
 *
 * Plain C, no Wireshark headers: unit-tested and fuzzed on its own.
 */
#ifndef SIPADV_CODES_H
#define SIPADV_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "sipadv_method.h"

/* Expert severities in our own terms; the glue maps them to PI_*. */
typedef enum {
    SIPADV_SEV_DEFAULT = 0, /* use the class default (see sipadv_class_severity) */
    SIPADV_SEV_CHAT,
    SIPADV_SEV_NOTE,
    SIPADV_SEV_WARN,
    SIPADV_SEV_ERROR
} sipadv_severity;

/* One registered code: the facts (phrase, RFC) and the advice texts. */
typedef struct {
    unsigned code;
    const char *phrase;   /* IANA-registered reason phrase */
    const char *rfc;      /* defining RFC, e.g. "RFC 3261" */
    const char *meaning;  /* what the code says happened */
    const char *context;  /* where and when it is typically seen */
    const char *remedy;   /* what to check or change */
    sipadv_severity severity; /* SIPADV_SEV_DEFAULT unless the code is routine or special */
} sipadv_code_entry;

/* Extra conditions that refine an override beyond the CSeq method. */
typedef enum {
    SIPADV_WHEN_ANY = 0,
    SIPADV_WHEN_AFTER_CANCEL,    /* a CANCEL for this INVITE transaction was seen */
    SIPADV_WHEN_NO_CANCEL        /* no CANCEL for this INVITE transaction was seen */
} sipadv_condition;

/* Method-specific advice for a code whose meaning depends on what it answers: responses
 * whose CSeq method is `method`, or, when that is NONE, every method but `any_but`
 * (extension methods included). A named method beats such a row. A NULL text keeps the
 * generic entry's text. */
typedef struct {
    unsigned code;
    sipadv_method method;
    sipadv_method any_but;
    sipadv_condition when;
    const char *meaning;
    const char *context;
    const char *remedy;
    sipadv_severity severity;
} sipadv_code_override;

/* The tables, defined in sipadv_knowledge.c. Sorted by code (and kept so by a unit test). */
extern const sipadv_code_entry sipadv_registered_codes[];
extern const unsigned sipadv_registered_code_count;
extern const sipadv_code_override sipadv_code_overrides[];
extern const unsigned sipadv_code_override_count;

/* Classes 1..6; 0 for a code outside 100..699. */
unsigned sipadv_code_class(unsigned code);
/* "1xx Provisional" ... "6xx Global Failure"; "invalid" for class 0. */
const char *sipadv_class_name(unsigned cls);
/* Default severity of a class: chat for 1xx/2xx, note 3xx, warn 4xx, error 5xx/6xx. */
sipadv_severity sipadv_class_severity(unsigned cls);

/* The registered entry for code, or NULL if IANA has none. */
const sipadv_code_entry *sipadv_lookup_registered(unsigned code);
/* Bytes of the entry's phrase that a UA sends: the registry writes 202 as "Accepted
 * (Deprecated)", but the annotation is no part of the phrase. */
size_t sipadv_sent_phrase_len(const sipadv_code_entry *e);

/* Everything the glue shows for one response. */
typedef struct {
    unsigned code;
    unsigned cls;                   /* 1..6, 0 if malformed */
    bool registered;
    bool valid;                     /* 100..699 */
    const sipadv_code_entry *entry; /* registered entry, or the class fallback (x00 / 183) */
    const char *phrase;             /* registered phrase, or NULL when unregistered */
    const char *rfc;                /* defining RFC, or NULL when unregistered */
    const char *meaning;
    const char *context;
    const char *remedy;
    const char *fallback_note;      /* set for unregistered codes: which code it is treated as */
    unsigned treated_as;            /* unregistered codes: the registered code used instead, else 0 */
    sipadv_severity severity;       /* never SIPADV_SEV_DEFAULT */
} sipadv_advice;

/* Resolve the advice for a response to a request of the given CSeq method: NONE when the
 * method is unknown (no CSeq), OTHER for an extension method. */
void sipadv_advise(unsigned code, sipadv_method method, sipadv_condition when,
                   sipadv_advice *out);

#endif
