/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The code tables the hints quote: IANA's Warning codes and the Q.850 causes with their
 * mapping to SIP codes (RFC 3398, RFC 6432). Declared in sipadv_headers.h. */
#include "sipadv_headers.h"

#include <stddef.h>

typedef struct {
    unsigned code;
    const char *text;
} code_text;

/* IANA "Warning Codes (warn-codes)" registry (RFC 3261 sec. 20.43, RFC 5630 sec. 9,
 * RFC 8373 sec. 5.2). */
static const code_text warning_codes[] = {
    { 300, "Incompatible network protocol" },
    { 301, "Incompatible network address formats" },
    { 302, "Incompatible transport protocol" },
    { 303, "Incompatible bandwidth units" },
    { 304, "Media type not available" },
    { 305, "Incompatible media format" },
    { 306, "Attribute not understood" },
    { 307, "Session description parameter not understood" },
    { 308, "Incompatible language specification" },
    { 330, "Multicast not available" },
    { 331, "Unicast not available" },
    { 370, "Insufficient bandwidth" },
    { 380, "SIPS Not Allowed" },
    { 381, "SIPS Required" },
    { 399, "Miscellaneous warning" },
};

static const char *lookup_text(const code_text *table, size_t n, unsigned code)
{
    for (size_t k = 0; k < n; k++) {
        if (table[k].code == code)
            return table[k].text;
    }
    return NULL;
}

const char *sipadv_warning_code_text(unsigned code)
{
    return lookup_text(warning_codes, sizeof(warning_codes) / sizeof(warning_codes[0]), code);
}

const char *sipadv_warning_code_range(unsigned code)
{
    if (code >= 300 && code <= 329)
        return "problem with a keyword in the session description";
    if (code >= 330 && code <= 339)
        return "basic network service requested in the session description";
    if (code >= 370 && code <= 379)
        return "quantitative QoS parameter requested in the session description";
    /* RFC 3261 sec. 20.43 names no category for 380-389 (nor for 340-369); RFC 5630 only
     * registers 380 and 381 in it. 390-399 is the miscellaneous range. */
    if (code == 380 || code == 381)
        return "SIPS URI use (RFC 5630)";
    if (code >= 382 && code <= 389)
        return "unassigned (RFC 3261 sec. 20.43 names no 380-389 category; 380 and 381 are "
               "the SIPS codes of RFC 5630)";
    if (code >= 390 && code <= 399)
        return "miscellaneous warning";
    return NULL;
}

/* ---- Q.850 ----------------------------------------------------------------------------- */

/* ITU-T Q.850 (05/98) Table 1 cause names. */
static const code_text q850_names[] = {
    { 1, "Unallocated (unassigned) number" },
    { 2, "No route to specified transit network" },
    { 3, "No route to destination" },
    { 4, "Send special information tone" },
    { 5, "Misdialled trunk prefix" },
    { 6, "Channel unacceptable" },
    { 7, "Call awarded and being delivered in an established channel" },
    { 8, "Preemption" },
    { 9, "Preemption - circuit reserved for reuse" },
    { 16, "Normal call clearing" },
    { 17, "User busy" },
    { 18, "No user responding" },
    { 19, "No answer from user (user alerted)" },
    { 20, "Subscriber absent" },
    { 21, "Call rejected" },
    { 22, "Number changed" },
    { 23, "Redirection to new destination" },
    { 25, "Exchange routing error" },
    { 26, "Non-selected user clearing" },
    { 27, "Destination out of order" },
    { 28, "Invalid number format (address incomplete)" },
    { 29, "Facility rejected" },
    { 30, "Response to STATUS ENQUIRY" },
    { 31, "Normal, unspecified" },
    { 34, "No circuit/channel available" },
    { 38, "Network out of order" },
    { 41, "Temporary failure" },
    { 42, "Switching equipment congestion" },
    { 43, "Access information discarded" },
    { 44, "Requested circuit/channel not available" },
    { 46, "Precedence call blocked" },
    { 47, "Resource unavailable, unspecified" },
    { 49, "Quality of service not available" },
    { 50, "Requested facility not subscribed" },
    { 53, "Outgoing calls barred within CUG" },
    { 55, "Incoming calls barred within CUG" },
    { 57, "Bearer capability not authorized" },
    { 58, "Bearer capability not presently available" },
    { 62, "Inconsistency in designated outgoing access information and subscriber class" },
    { 63, "Service or option not available, unspecified" },
    { 65, "Bearer capability not implemented" },
    { 66, "Channel type not implemented" },
    { 69, "Requested facility not implemented" },
    { 70, "Only restricted digital information bearer capability is available" },
    { 79, "Service or option not implemented, unspecified" },
    { 81, "Invalid call reference value" },
    { 82, "Identified channel does not exist" },
    { 83, "A suspended call exists, but this call identity does not" },
    { 84, "Call identity in use" },
    { 85, "No call suspended" },
    { 86, "Call having the requested call identity has been cleared" },
    { 87, "User not member of CUG" },
    { 88, "Incompatible destination" },
    { 90, "Non-existent CUG" },
    { 91, "Invalid transit network selection" },
    { 95, "Invalid message, unspecified" },
    { 96, "Mandatory information element is missing" },
    { 97, "Message type non-existent or not implemented" },
    { 98, "Message not compatible with call state or message type non-existent or not "
          "implemented" },
    { 99, "Information element/parameter non-existent or not implemented" },
    { 100, "Invalid information element contents" },
    { 101, "Message not compatible with call state" },
    { 102, "Recovery on timer expiry" },
    { 103, "Parameter non-existent or not implemented - passed on" },
    { 110, "Message with unrecognized parameter discarded" },
    { 111, "Protocol error, unspecified" },
    { 127, "Interworking, unspecified" },
};

const char *sipadv_q850_cause_name(unsigned cause)
{
    return lookup_text(q850_names, sizeof(q850_names) / sizeof(q850_names[0]), cause);
}

typedef struct {
    unsigned from;
    unsigned to;
} code_map;

/* RFC 3398 sec. 7.2.4.1, ISUP cause -> SIP response (16 is handled apart). */
static const code_map q850_to_sip[] = {
    { 1, 404 },   { 2, 404 },   { 3, 404 },   { 17, 486 },  { 18, 408 },  { 19, 480 },
    { 20, 480 },  { 21, 403 },  { 22, 410 },  { 23, 410 },  { 26, 404 },  { 27, 502 },
    { 28, 484 },  { 29, 501 },  { 31, 480 },  { 34, 503 },  { 38, 503 },  { 41, 503 },
    { 42, 503 },  { 47, 503 },  { 55, 403 },  { 57, 403 },  { 58, 503 },  { 65, 488 },
    { 70, 488 },  { 79, 501 },  { 87, 403 },  { 88, 503 },  { 102, 504 }, { 111, 500 },
    { 127, 500 },
};

/* RFC 3398 sec. 8.2.6.1, SIP response -> ISUP cause (487, 488 and 606 are handled apart). */
static const code_map sip_to_q850[] = {
    { 400, 41 },  { 401, 21 },  { 402, 21 },  { 403, 21 },  { 404, 1 },   { 405, 63 },
    { 406, 79 },  { 407, 21 },  { 408, 102 }, { 410, 22 },  { 413, 127 }, { 414, 127 },
    { 415, 79 },  { 416, 127 }, { 420, 127 }, { 421, 127 }, { 423, 127 }, { 480, 18 },
    { 481, 41 },  { 482, 25 },  { 483, 25 },  { 484, 28 },  { 485, 1 },   { 486, 17 },
    { 500, 41 },  { 501, 79 },  { 502, 38 },  { 503, 41 },  { 504, 102 }, { 505, 127 },
    { 513, 127 }, { 600, 17 },  { 603, 21 },  { 604, 1 },
};

static bool lookup_map(const code_map *table, size_t n, unsigned from, unsigned *to)
{
    for (size_t k = 0; k < n; k++) {
        if (table[k].from == from) {
            *to = table[k].to;
            return true;
        }
    }
    return false;
}

/* Q.850 cause values are seven bits; 0 is not a cause. */
static bool is_q850_cause(unsigned cause)
{
    return cause >= 1 && cause <= 127;
}

int sipadv_q850_to_sip(unsigned cause)
{
    unsigned code;

    if (!is_q850_cause(cause))
        return -1;
    if (cause == 16)
        return 0;
    if (lookup_map(q850_to_sip, sizeof(q850_to_sip) / sizeof(q850_to_sip[0]), cause, &code))
        return (int)code;
    return 500;
}

bool sipadv_q850_sip_consistent(unsigned cause, unsigned sip_code)
{
    int mapped;

    /* RFC 3398 sec. 7.2.4.1: cause 44 "should not result in any SIP status code", so no
     * code can disagree with it. */
    if (cause == 44)
        return true;
    mapped = sipadv_q850_to_sip(cause);
    if (mapped <= 0)
        return false;
    if ((unsigned)mapped == sip_code)
        return true;
    return (cause == 21 && sip_code == 603) || (cause == 22 && sip_code == 301);
}

sipadv_q850_mapping sipadv_sip_to_q850(unsigned code, unsigned *cause)
{
    unsigned dummy;

    if (cause == NULL)
        cause = &dummy;
    *cause = 0;
    if (code < 400 || code > 699)
        return SIPADV_Q850_NOT_A_FAILURE;
    if (code == 487)
        return SIPADV_Q850_NO_MAPPING;
    if (code == 488 || code == 606) {
        *cause = 31;
        return SIPADV_Q850_BY_WARNING;
    }
    if (!lookup_map(sip_to_q850, sizeof(sip_to_q850) / sizeof(sip_to_q850[0]), code, cause))
        *cause = 31;
    return SIPADV_Q850_MAPPED;
}

