/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The transfer tracker: follows every REFER through its final response, the NOTIFYs of its
 * implicit subscription (RFC 3515, RFC 6665) and the INVITE it triggered, and gives each
 * transfer a verdict.
 *
 * Plain C with GLib; no Wireshark headers. The glue feeds it one event per SIP message, in
 * frame order, on the first pass only. Verdicts are computed on demand from the state, so
 * during the first pass they reflect what is known so far, and on later passes the whole
 * capture. State is proportional to the number of REFERs: ordinary packets add nothing.
 */
#ifndef SIPADV_REFER_H
#define SIPADV_REFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipadv_headers.h"

typedef struct sipadv_tracker sipadv_tracker;

/* ---- input events ----------------------------------------------------------------------
 * Text comes as spans into the packet (sipadv_headers.h): borrowed for the duration of the
 * call, read by their length only, never NUL-terminated; ptr is NULL when the header is
 * absent. The tracker keeps bounded copies of what it stores, and makes those it shows
 * (Refer-To, the termination reason) valid UTF-8. Times are seconds since any fixed
 * origin. */

typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    sipadv_span from_tag;
    sipadv_span to_tag;        /* absent for an out-of-dialog REFER */
    unsigned cseq;
    sipadv_span refer_to;      /* raw Refer-To header value */
    bool requires_nosub;       /* Require: nosub (RFC 7614 sec. 5) */
    bool requires_explicitsub; /* Require: explicitsub (RFC 7614 sec. 4) */
    bool resend;               /* Wireshark flagged it as a retransmission */
} sipadv_refer_request;

typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    sipadv_span from_tag;      /* the REFER's From tag, echoed */
    sipadv_span to_tag;
    unsigned cseq;             /* CSeq number; the method is known to be REFER */
    unsigned code;
    bool refer_sub_false;      /* carries Refer-Sub: false (RFC 4488 sec. 4: the echo) */
    bool requires_nosub;       /* carries Require: nosub (RFC 7614 does not ask for it) */
    sipadv_span events_at;     /* Refer-Events-At value (RFC 7614 sec. 4.8), or absent */
    bool resend;
} sipadv_refer_response;

typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    sipadv_span from_tag;      /* the notifier's tag: the REFER's To tag */
    sipadv_span to_tag;        /* the subscriber's tag: the REFER's From tag */
    bool has_id;               /* Event: refer;id=N */
    bool id_invalid;           /* ... but N is no 32-bit number: it names no REFER */
    unsigned id;
    sipadv_span sipfrag_line;  /* first line of the message/sipfrag body, or absent */
    sipadv_span subscription_state; /* raw Subscription-State value */
    bool resend;
} sipadv_notify;

/* A SUBSCRIBE with Event: refer: how a referrer that sent Require: explicitsub asks for the
 * outcome (RFC 7614 sec. 4). It is sent to the Refer-Events-At URI of the REFER's 2xx. */
typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    sipadv_span from_tag;      /* the subscriber's tag: its NOTIFYs carry it as To tag */
    sipadv_span request_uri;
    bool in_dialog;            /* has a To tag: a refresh, never the first SUBSCRIBE */
    bool resend;
} sipadv_subscribe;

typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    unsigned cseq;
    sipadv_span request_uri;
    bool has_referred_by;
    bool in_dialog;            /* has a To tag: a re-INVITE, never a triggered one */
    bool resend;
} sipadv_invite;

typedef struct {
    uint32_t frame;
    double time;
    sipadv_span call_id;
    unsigned cseq;
    unsigned code;
} sipadv_invite_response;

/* ---- verdicts ------------------------------------------------------------------------- */

typedef enum {
    SIPADV_VERDICT_PENDING,
    SIPADV_VERDICT_SUCCEEDED,
    SIPADV_VERDICT_FAILED,
    SIPADV_VERDICT_REJECTED,
    SIPADV_VERDICT_CHALLENGED,
    SIPADV_VERDICT_NO_NOTIFY,
    SIPADV_VERDICT_UNANSWERED,
    SIPADV_VERDICT_NO_SUBSCRIPTION,
    SIPADV_VERDICT_UNREPORTED
} sipadv_verdict;

/* What granted a transfer without an implicit subscription. */
typedef enum {
    SIPADV_NOSUB_NONE = 0,
    SIPADV_NOSUB_REFER_SUB,    /* the 2xx echoed Refer-Sub: false (RFC 4488 sec. 4) */
    SIPADV_NOSUB_REQUIRE,      /* Require: nosub, accepted by a 2xx (RFC 7614 sec. 5) */
    SIPADV_NOSUB_EXPLICIT      /* Require: explicitsub: the referrer subscribes itself
                                * (RFC 7614 sec. 4) */
} sipadv_nosub_mechanism;

/* "succeeded", "failed", "rejected", "challenged", "no-notify", "unanswered",
 * "no-subscription", "unreported", "pending". */
const char *sipadv_verdict_name(sipadv_verdict v);

/* Everything known about one transfer. Frame numbers are 0 when absent. */
typedef struct {
    uint32_t refer_frame;
    double refer_time;
    const char *call_id;
    const char *refer_to;
    unsigned cseq;             /* also the event id of its NOTIFYs */
    uint32_t response_frame;   /* final response (first one, not a retransmission) */
    double response_time;
    unsigned response_code;
    bool no_subscription;      /* granted: no implicit subscription exists */
    sipadv_nosub_mechanism no_subscription_by; /* which mechanism granted it */
    bool events_at_given;      /* explicitsub: the 2xx named a Refer-Events-At URI */
    uint32_t subscribe_frame;  /* explicitsub: the referrer's SUBSCRIBE, 0 if not seen */
    double subscribe_time;
    uint32_t retry_frame;      /* the REFER that retried this challenged one */
    double retry_time;
    const uint32_t *notify_frames; /* in order; at most SIPADV_MAX_NOTIFY_FRAMES kept */
    unsigned notify_count;     /* all NOTIFYs, even past the kept ones */
    unsigned last_sipfrag_code;    /* status code of the latest NOTIFY with one, else 0 */
    uint32_t final_notify_frame;   /* first NOTIFY reporting a final (>= 200) status */
    double final_notify_time;
    unsigned final_code;           /* that final status, else 0 */
    bool terminated;               /* a NOTIFY said Subscription-State: terminated */
    uint32_t terminated_frame;
    const char *terminated_reason; /* its reason= value, or NULL */
    bool terminated_noresource;    /* that reason was noresource */
    bool terminated_rejected;      /* that reason was rejected */
    bool notify_despite_no_subscription;
    uint32_t invite_frame;         /* the INVITE the transfer triggered */
    uint32_t invite_response_frame;
    unsigned invite_code;          /* its final response code, else 0 */
} sipadv_transfer;

#define SIPADV_MAX_NOTIFY_FRAMES 64

/* A transfer's verdict at time `now` (the last frame's time seen so far, or the capture's
 * end on a later pass), with the code that decided it (0 if none) and how long the capture
 * ran after the REFER. */
typedef struct {
    sipadv_verdict verdict;
    unsigned result;           /* sipfrag final code, or the REFER's response code */
    double waited;             /* seconds from the REFER to `now` */
    bool timed_out;            /* `waited` exceeded the timeout */
    bool by_invite;            /* no NOTIFY reported a final status: `result` is the
                                * triggered INVITE's final response */
    double timeout;            /* the timeout the verdict was taken with */
} sipadv_outcome;

/* ---- per-message findings, for the frame being processed ------------------------------- */

typedef enum {
    SIPADV_ROLE_REFER,
    SIPADV_ROLE_RESPONSE,
    SIPADV_ROLE_NOTIFY,
    SIPADV_ROLE_INVITE,
    SIPADV_ROLE_INVITE_RESPONSE,
    SIPADV_ROLE_SUBSCRIBE
} sipadv_role;

/* Problems found on a single NOTIFY, as bit flags. */
enum {
    SIPADV_NOTIFY_ORPHAN = 1u << 0,          /* no REFER in the capture matches */
    SIPADV_NOTIFY_AMBIGUOUS = 1u << 1,       /* no id while several REFERs are outstanding */
    SIPADV_NOTIFY_DESPITE_NO_SUB = 1u << 2,  /* the 2xx said Refer-Sub: false */
    SIPADV_NOTIFY_BAD_TERMINATION = 1u << 3, /* terminated with a reason other than noresource */
    SIPADV_NOTIFY_BAD_SIPFRAG = 1u << 4,     /* body missing or not a status line */
    SIPADV_NOTIFY_RESEND = 1u << 5
};

/* Problems found on a single INVITE (bits apart from the NOTIFY ones: both travel in one
 * link's flags). */
enum {
    /* More live transfers to its target than one INVITE is compared with
     * (SIPADV_TRIGGER_SCAN_LIMIT): a transfer among the rest may have triggered it. */
    SIPADV_INVITE_TRIGGER_UNCHECKED = 1u << 6
};

/* Transfers to one target an INVITE is compared with at most: a real capture never gets
 * near it, and a hostile one cannot make an INVITE cost more. */
#define SIPADV_TRIGGER_SCAN_LIMIT 64

/* What one event told the glue: which transfer it belongs to (index, or -1) and, for a
 * NOTIFY, its own flags and the sipfrag status it carried. */
typedef struct {
    int transfer;
    sipadv_role role;
    unsigned flags;
    unsigned sipfrag_code;     /* 0 when the sipfrag had no valid status line */
} sipadv_link;

/* ---- API ------------------------------------------------------------------------------ */

sipadv_tracker *sipadv_tracker_new(void);
void sipadv_tracker_free(sipadv_tracker *t);

/* Feed events in frame order. Each returns the link for the message (transfer -1 when the
 * message belongs to no transfer). */
sipadv_link sipadv_tracker_refer(sipadv_tracker *t, const sipadv_refer_request *ev);
sipadv_link sipadv_tracker_refer_response(sipadv_tracker *t, const sipadv_refer_response *ev);
sipadv_link sipadv_tracker_notify(sipadv_tracker *t, const sipadv_notify *ev);
sipadv_link sipadv_tracker_subscribe(sipadv_tracker *t, const sipadv_subscribe *ev);
sipadv_link sipadv_tracker_invite(sipadv_tracker *t, const sipadv_invite *ev);
sipadv_link sipadv_tracker_invite_response(sipadv_tracker *t,
                                           const sipadv_invite_response *ev);

unsigned sipadv_tracker_count(const sipadv_tracker *t);
/* The transfer with this index (0 .. count-1), or NULL. Valid until the tracker is freed
 * or fed again. */
const sipadv_transfer *sipadv_tracker_get(const sipadv_tracker *t, int index);

/* Verdict of a transfer, given the time reached and the timeout (Timer F / Timer N). */
sipadv_outcome sipadv_transfer_outcome(const sipadv_transfer *tr, double now, double timeout);
/* A challenged transfer's retry came within the timeout of its REFER. */
bool sipadv_transfer_retried(const sipadv_transfer *tr, double timeout);

#endif
