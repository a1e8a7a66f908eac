#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Recreate the real-software SIP captures (captures/real-*.pcapng) on loopback.
#
#   tests/captures/real/make-real-captures.sh [OUTDIR] [CAPTURE...]
#
# OUTDIR defaults to the repository's captures/ directory.  CAPTURE names
# (without real- and .pcapng) pick a subset; default: all of
#   sipp-responses-udp sipp-tcp sipp-ipv6 kamailio sipp-transfer sipp-transfer-fail
#
# Needs: sipp (Debian sip-tester), kamailio, dumpcap, tshark, ss; root (or
# capture rights) for dumpcap on lo.  Only loopback addresses are used:
# 127.0.0.1, 127.0.0.2, 127.0.0.3 (all on port 5060) and ::1 (5060/5061),
# so Wireshark decodes every packet as SIP without "decode as".
#
# Every SIPp run is bounded (-m, -timeout, timeout(1)), the whole script runs
# under a 300 s deadline, background processes are killed on exit, and each
# capture's SIP first lines are checked against the expected sequence with
# tshark before it is copied to OUTDIR (up to 3 attempts per capture).
# Exit status: 0 when every requested capture was written, non-zero otherwise.

set -euo pipefail

if [[ -z "${SIPADV_REAL_DEADLINE:-}" ]]; then
    export SIPADV_REAL_DEADLINE=1
    exec timeout --kill-after=10 300 bash "$0" "$@"
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=${1:-$REPO/captures}
shift || true
WANTED=("$@")
[[ ${#WANTED[@]} -gt 0 ]] || WANTED=(sipp-responses-udp sipp-tcp sipp-ipv6 kamailio sipp-transfer sipp-transfer-fail)

FILTER='port 5060'
WORK=$(mktemp -d /tmp/sipadv-real.XXXXXX)
BG_PIDS=()

log() { printf '[make-real-captures] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stop_all_bg() {  # end every background process this script started
    local pid
    for pid in "${BG_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    sleep 0.3
    for pid in "${BG_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    BG_PIDS=()
    CAP_PID=
}

cleanup() {
    local rc=$?
    stop_all_bg
    if [[ $rc -ne 0 ]]; then
        log "failed (exit $rc); logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for cmd in sipp kamailio dumpcap tshark ss timeout; do
    command -v "$cmd" >/dev/null || die "$cmd not found (apt-get install -y sip-tester kamailio tshark iproute2)"
done
mkdir -p "$OUT"

SIPP_VERSION=$(sipp -v 2>&1 | grep -o 'SIPp v[^ ]*' | head -1 | sed 's/[.]$//' || true)
KAM_VERSION=$(kamailio -v 2>/dev/null | sed -n 's/^version: kamailio *//p' | head -1 | sed 's/ *$//' || true)

# ---- helpers -----------------------------------------------------------

forget_pid() {  # drop a PID from BG_PIDS once it has been reaped
    local p keep=()
    for p in "${BG_PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
    BG_PIDS=("${keep[@]}")
}

listening() {  # listening PROTO ADDR:PORT: does a socket listen there?
    local opt=-lun
    [[ $1 == tcp ]] && opt=-ltn
    ss -H $opt 2>/dev/null | awk '{print $4}' | grep -qxF "$2"
}

# wait_listen PID PROTO ADDR:PORT: until PID (a server we started) listens
# there; fails if PID dies first or after 5 s
wait_listen() {
    local pid=$1 proto=$2 addr=$3 i
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || { log "server for $proto $addr exited early"; return 1; }
        listening "$proto" "$addr" && return 0
        sleep 0.1
    done
    log "nothing listens on $proto $addr"
    return 1
}

# port_free ADDR:PORT...: refuse to start when something already uses one
port_free() {
    local a
    for a in "$@"; do
        if listening udp "$a" || listening tcp "$a"; then
            die "$a is already in use; stop whatever listens there first"
        fi
    done
}

CAP_PID=
start_capture() {  # start_capture FILE COMMENT
    : >"$WORK/dumpcap.err"
    dumpcap -i lo -f "$FILTER" -w "$1" --capture-comment "$2" 2>"$WORK/dumpcap.err" &
    CAP_PID=$!
    BG_PIDS+=("$CAP_PID")
    local i
    for i in $(seq 50); do
        grep -q '^File:' "$WORK/dumpcap.err" && break
        kill -0 "$CAP_PID" 2>/dev/null || die "dumpcap failed: $(cat "$WORK/dumpcap.err")"
        sleep 0.1
    done
    grep -q '^File:' "$WORK/dumpcap.err" || die "dumpcap did not start"
    sleep 0.5
}

stop_capture() {
    sleep 0.5
    kill -INT "$CAP_PID" 2>/dev/null || true
    wait "$CAP_PID" 2>/dev/null || true
    forget_pid "$CAP_PID"
    CAP_PID=
}

# sipp_bg NAME ARGS...: a SIPp server in the background (its PID in LAST_PID)
sipp_bg() {
    local name=$1; shift
    (cd "$WORK" && exec sipp "$@" -nostdin -trace_err >"$WORK/$name.out" 2>&1) &
    LAST_PID=$!
    BG_PIDS+=("$LAST_PID")
}

# sipp_fg NAME ARGS...: a SIPp client in the foreground, bounded by timeout(1)
sipp_fg() {
    local name=$1; shift
    if ! (cd "$WORK" && timeout --kill-after=5 40 sipp "$@" -nostdin -trace_err >"$WORK/$name.out" 2>&1); then
        log "sipp $name failed:"; tail -n 5 "$WORK/$name.out" >&2 || true
        cat "$WORK"/*_errors.log >&2 2>/dev/null || true
        return 1
    fi
}

wait_bg() {  # wait_bg PID NAME: a background SIPp must end by itself, with 0
    local rc=0
    wait "$1" || rc=$?
    forget_pid "$1"
    if [[ $rc -ne 0 ]]; then
        log "sipp $2 exited $rc:"; tail -n 5 "$WORK/$2.out" >&2 || true
        cat "$WORK"/*_errors.log >&2 2>/dev/null || true
        return 1
    fi
}

first_lines() {  # the SIP first line of every SIP message, in frame order
    tshark -r "$1" -Y sip -T fields -E occurrence=a -E aggregator='|' \
        -e sip.Request-Line -e sip.Status-Line 2>/dev/null |
        awk -F'[\t|]' '{ for (i = 1; i <= NF; i++) if ($i != "") print $i }'
}

# check FILE EXPECTED: EXPECTED is the SIP first-line list, one a line
check_capture() {
    local got
    got=$(first_lines "$1")
    if [[ "$got" != "$2" ]]; then
        log "unexpected SIP sequence in $(basename "$1"):"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$got") >&2 || true
        return 1
    fi
    local size
    size=$(stat -c %s "$1")
    [[ $size -lt 204800 ]] || { log "$(basename "$1") is $size bytes (limit 200 KB)"; return 1; }
}

# ---- the scenarios ------------------------------------------------------

S=$HERE
COMMON=(-timeout 25s -timeout_error)

cat >"$WORK/calls-all.csv" <<'EOF'
SEQUENTIAL
bob;plain;
busy;reject;
error;reject;
nobody;reject;
decline;reject;
cancel;cancel;
bob;refer;
EOF
cat >"$WORK/calls-ipv6.csv" <<'EOF'
SEQUENTIAL
bob;plain;
unavailable;reject;
EOF
cat >"$WORK/calls-kamailio.csv" <<'EOF'
SEQUENTIAL
carol;reject;
EOF

EXPECT_CALLS_UDP='INVITE sip:bob@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
BYE sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
INVITE sip:busy@127.0.0.2:5060 SIP/2.0
SIP/2.0 486 Busy Here
ACK sip:busy@127.0.0.2:5060 SIP/2.0
INVITE sip:error@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 500 Server Internal Error
ACK sip:error@127.0.0.2:5060 SIP/2.0
INVITE sip:nobody@127.0.0.2:5060 SIP/2.0
SIP/2.0 404 Not Found
ACK sip:nobody@127.0.0.2:5060 SIP/2.0
INVITE sip:decline@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 603 Decline
ACK sip:decline@127.0.0.2:5060 SIP/2.0
INVITE sip:cancel@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
CANCEL sip:cancel@127.0.0.2:5060 SIP/2.0
SIP/2.0 200 OK
SIP/2.0 487 Request Terminated
ACK sip:cancel@127.0.0.2:5060 SIP/2.0
INVITE sip:bob@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
REFER sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 202 Accepted
NOTIFY sip:alice@127.0.0.1:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
BYE sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK'

# Same calls over TCP: only the transport parameter differs.
EXPECT_CALLS_TCP=${EXPECT_CALLS_UDP//transport=UDP/transport=TCP}

EXPECT_IPV6='INVITE sip:bob@[::1]:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:bob@[::1]:5060;transport=UDP SIP/2.0
BYE sip:bob@[::1]:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
INVITE sip:unavailable@[::1]:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 480 Temporarily Unavailable
ACK sip:unavailable@[::1]:5060 SIP/2.0'

EXPECT_KAMAILIO='REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 401 Unauthorized
REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 200 OK
REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 401 Unauthorized
REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 423 Interval Too Brief
REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 401 Unauthorized
REGISTER sip:127.0.0.1 SIP/2.0
SIP/2.0 200 OK
PUBLISH sip:alice@127.0.0.1:5060 SIP/2.0
SIP/2.0 405 Method Not Allowed
OPTIONS sip:alice@127.0.0.1:5060 SIP/2.0
SIP/2.0 420 Bad Extension
OPTIONS sip:alice@127.0.0.1:5060 SIP/2.0
SIP/2.0 420 Bad Proxy Require Extension
INVITE sip:carol@127.0.0.1:5060 SIP/2.0
SIP/2.0 503 Service Unavailable
ACK sip:carol@127.0.0.1:5060 SIP/2.0'

EXPECT_TRANSFER='INVITE sip:bob@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
REFER sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 202 Accepted
NOTIFY sip:alice@127.0.0.1:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
INVITE sip:carol@127.0.0.3:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:carol@127.0.0.3:5060;transport=UDP SIP/2.0
NOTIFY sip:alice@127.0.0.1:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
BYE sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
BYE sip:carol@127.0.0.3:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK'

EXPECT_TRANSFER_FAIL='INVITE sip:bob@127.0.0.2:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 180 Ringing
SIP/2.0 200 OK
ACK sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
REFER sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 202 Accepted
NOTIFY sip:alice@127.0.0.1:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
INVITE sip:carol@127.0.0.3:5060 SIP/2.0
SIP/2.0 100 Trying
SIP/2.0 486 Busy Here
ACK sip:carol@127.0.0.3:5060 SIP/2.0
NOTIFY sip:alice@127.0.0.1:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK
BYE sip:bob@127.0.0.2:5060;transport=UDP SIP/2.0
SIP/2.0 200 OK'

# UAC 127.0.0.1:5060 -> UAS 127.0.0.2:5060, over UDP (t=u1) or TCP (t=t1)
run_calls() {  # run_calls FILE TRANSPORT
    local t=$2 proto=udp
    [[ $t == t1 ]] && proto=tcp
    port_free 127.0.0.1:5060 127.0.0.2:5060
    start_capture "$1" "sipadv real capture: $SIPP_VERSION UAC (uac-calls.xml) 127.0.0.1:5060 -> SIPp UAS (uas-responses.xml) 127.0.0.2:5060, transport $t; made by tests/captures/real/make-real-captures.sh"
    sipp_bg uas -sf "$S/uas-responses.xml" -t "$t" -i 127.0.0.2 -p 5060 -mi 127.0.0.2 -mp 16100 -m 7 "${COMMON[@]}"
    local uas=$LAST_PID
    wait_listen "$uas" "$proto" 127.0.0.2:5060 || { stop_capture; return 1; }
    sipp_fg uac -sf "$S/uac-calls.xml" -inf "$WORK/calls-all.csv" -t "$t" -i 127.0.0.1 -p 5060 -mi 127.0.0.1 -mp 16000 \
        -m 7 -l 1 -r 5 "${COMMON[@]}" 127.0.0.2:5060 || { stop_capture; return 1; }
    wait_bg "$uas" uas || { stop_capture; return 1; }
    stop_capture
}

cap_sipp_responses_udp() { run_calls "$1" u1 && check_capture "$1" "$EXPECT_CALLS_UDP"; }
cap_sipp_tcp()           { run_calls "$1" t1 && check_capture "$1" "$EXPECT_CALLS_TCP"; }

cap_sipp_ipv6() {
    port_free '[::1]:5060' '[::1]:5061'
    start_capture "$1" "sipadv real capture: $SIPP_VERSION UAC (uac-calls.xml) [::1]:5061 -> SIPp UAS (uas-responses.xml) [::1]:5060 over UDP; made by tests/captures/real/make-real-captures.sh"
    sipp_bg uas6 -sf "$S/uas-responses.xml" -i ::1 -p 5060 -mi ::1 -mp 16100 -m 2 "${COMMON[@]}"
    local uas=$LAST_PID
    wait_listen "$uas" udp '[::1]:5060' || { stop_capture; return 1; }
    sipp_fg uac6 -sf "$S/uac-calls.xml" -inf "$WORK/calls-ipv6.csv" -i ::1 -p 5061 -mi ::1 -mp 16000 \
        -m 2 -l 1 -r 5 "${COMMON[@]}" '[::1]:5060' || { stop_capture; return 1; }
    wait_bg "$uas" uas6 || { stop_capture; return 1; }
    stop_capture
    check_capture "$1" "$EXPECT_IPV6"
}

cap_kamailio() {
    port_free 127.0.0.1:5060 127.0.0.2:5060
    mkdir -p "$WORK/kamailio-run"
    start_capture "$1" "sipadv real capture: Kamailio $KAM_VERSION (kamailio.cfg) on 127.0.0.1:5060, $SIPP_VERSION clients on 127.0.0.2:5060; made by tests/captures/real/make-real-captures.sh"
    kamailio -f "$S/kamailio.cfg" -Y "$WORK/kamailio-run" -DD -E -m 32 -M 4 >"$WORK/kamailio.out" 2>&1 &
    local kam=$!
    BG_PIDS+=("$kam")
    if ! wait_listen "$kam" udp 127.0.0.1:5060; then
        tail -n 20 "$WORK/kamailio.out" >&2
        stop_capture
        return 1
    fi
    sleep 0.3
    local c=(-i 127.0.0.2 -p 5060 -m 1 "${COMMON[@]}")
    local ok=1
    sipp_fg k-register -sf "$S/kamailio-register.xml" "${c[@]}" -s alice -au alice -ap secret 127.0.0.1:5060 &&
    sipp_fg k-publish -sf "$S/uac-publish.xml" "${c[@]}" -s alice 127.0.0.1:5060 &&
    sipp_fg k-require -sf "$S/uac-options.xml" "${c[@]}" -s alice -key hdr "Require: foo" 127.0.0.1:5060 &&
    sipp_fg k-proxy-require -sf "$S/uac-options.xml" "${c[@]}" -s alice -key hdr "Proxy-Require: foo" 127.0.0.1:5060 &&
    sipp_fg k-invite -sf "$S/uac-calls.xml" -inf "$WORK/calls-kamailio.csv" -mi 127.0.0.2 -mp 16000 "${c[@]}" 127.0.0.1:5060 ||
    ok=0
    sleep 0.3
    kill -TERM "$kam" 2>/dev/null || true
    wait "$kam" 2>/dev/null || true
    forget_pid "$kam"
    stop_capture
    [[ $ok == 1 ]] || { tail -n 20 "$WORK/kamailio.out" >&2; return 1; }
    check_capture "$1" "$EXPECT_KAMAILIO"
}

run_transfer() {  # run_transfer FILE TARGET_SCENARIO
    port_free 127.0.0.1:5060 127.0.0.2:5060 127.0.0.3:5060
    start_capture "$1" "sipadv real capture: $SIPP_VERSION x3 on UDP: transferor (xfer-transferor.xml) 127.0.0.1:5060, transferee (xfer-transferee.xml) 127.0.0.2:5060, target ($(basename "$2")) 127.0.0.3:5060; made by tests/captures/real/make-real-captures.sh"
    sipp_bg target -sf "$2" -i 127.0.0.3 -p 5060 -mi 127.0.0.3 -mp 16200 -m 1 "${COMMON[@]}"
    local tgt=$LAST_PID
    sipp_bg transferee -sf "$S/xfer-transferee.xml" -i 127.0.0.2 -p 5060 -mi 127.0.0.2 -mp 16100 -m 1 "${COMMON[@]}"
    local tee=$LAST_PID
    wait_listen "$tgt" udp 127.0.0.3:5060 || { stop_capture; return 1; }
    wait_listen "$tee" udp 127.0.0.2:5060 || { stop_capture; return 1; }
    sipp_fg transferor -sf "$S/xfer-transferor.xml" -key refer_to sip:carol@127.0.0.3:5060 -s bob \
        -i 127.0.0.1 -p 5060 -mi 127.0.0.1 -mp 16000 -m 1 "${COMMON[@]}" 127.0.0.2:5060 || { stop_capture; return 1; }
    wait_bg "$tee" transferee || { stop_capture; return 1; }
    wait_bg "$tgt" target || { stop_capture; return 1; }
    stop_capture
}

cap_sipp_transfer()      { run_transfer "$1" "$S/xfer-target.xml" && check_capture "$1" "$EXPECT_TRANSFER"; }
cap_sipp_transfer_fail() { run_transfer "$1" "$S/xfer-target-busy.xml" && check_capture "$1" "$EXPECT_TRANSFER_FAIL"; }

# ---- main ---------------------------------------------------------------

failed=()
for name in "${WANTED[@]}"; do
    fn=cap_${name//-/_}
    declare -F "$fn" >/dev/null || die "unknown capture '$name'"
    done_ok=0
    for attempt in 1 2 3; do
        tmp="$WORK/real-$name.pcapng"
        rm -f "$tmp" "$WORK"/*_errors.log
        log "real-$name.pcapng (attempt $attempt)"
        if "$fn" "$tmp"; then
            install -m 0644 "$tmp" "$OUT/real-$name.pcapng"
            log "wrote $OUT/real-$name.pcapng ($(stat -c %s "$tmp") bytes, $(first_lines "$tmp" | wc -l) SIP messages)"
            done_ok=1
            break
        fi
        stop_all_bg
        sleep 1
    done
    [[ $done_ok == 1 ]] || failed+=("$name")
done

if [[ ${#failed[@]} -gt 0 ]]; then
    die "could not make: ${failed[*]}"
fi
log "all done"
