/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIP request methods as the advisor tells them apart: the reader gives a message's method
 * and CSeq method as these, and the code table's method-specific advice is keyed by them.
 * Plain C, no Wireshark headers. */
#ifndef SIPADV_METHOD_H
#define SIPADV_METHOD_H

#include <stdbool.h>

/* Request methods the advisor tells apart; anything else is SIPADV_METHOD_OTHER with its
 * name kept as a span. */
typedef enum {
    SIPADV_METHOD_NONE = 0, /* a response, or no start line */
    SIPADV_METHOD_INVITE,
    SIPADV_METHOD_ACK,
    SIPADV_METHOD_BYE,
    SIPADV_METHOD_CANCEL,
    SIPADV_METHOD_REGISTER,
    SIPADV_METHOD_OPTIONS,
    SIPADV_METHOD_PRACK,
    SIPADV_METHOD_SUBSCRIBE,
    SIPADV_METHOD_NOTIFY,
    SIPADV_METHOD_PUBLISH,
    SIPADV_METHOD_INFO,
    SIPADV_METHOD_REFER,
    SIPADV_METHOD_MESSAGE,
    SIPADV_METHOD_UPDATE,
    SIPADV_METHOD_OTHER
} sipadv_method;

/* "INVITE" ... "UPDATE"; NULL for NONE and OTHER. */
const char *sipadv_method_name(sipadv_method m);

#endif
