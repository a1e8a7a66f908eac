#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Valgrind memcheck of tshark with the (normal, not sanitized) plugin over the test captures.
#
#   tests/fuzz/valgrind.sh [--plugin FILE] [--captures DIR] [--jobs N] [--modes LIST]
#                          [--strict] [--logs DIR]
#
#   --plugin FILE   sipadv.so to check (default: a RelWithDebInfo build in build-fuzz-rel)
#   --captures DIR  default: captures/ of the repository
#   --jobs N        parallel valgrind runs (default: nproc)
#   --modes LIST    comma-separated among two-pass (tshark -2 -nVx), single-pass (tshark
#                   -nVx) and expert (tshark -2 -nq -z expert); default all three
#   --strict        also fail on errors that are not ours (unsuppressed Wireshark/GLib ones)
#   --logs DIR      keep every valgrind log there (default: a temporary folder, kept only
#                   when something is reported)
#
# tshark runs as nobody with the plugin in a private HOME (as in tests/integration), with
# G_SLICE=always-malloc and WIRESHARK_DEBUG_WMEM_OVERRIDE=simple so that every GLib slice and
# wmem block is a malloc valgrind can see, under
#   valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
#            --error-exitcode=42 --keep-debuginfo=yes --suppressions=tests/fuzz/valgrind.supp
# (--keep-debuginfo: tshark unloads its plugins before exiting, and without it the frames of
# a leak allocated in sipadv.so print as ??? and cannot be attributed.)
# Every error record left (invalid read/write, uninitialised value, definitely lost block) is
# attributed to sipadv when a frame of its stack is in a sipadv source file (packet-sipadv.c,
# sipadv_*.c) or in sipadv.so; the script fails if any is. The last line is
# "N passed, N failed" (runs without / with an error of ours).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
plugin=""
captures="$root/captures"
jobs=$(nproc)
modes="two-pass,single-pass,expert"
strict=0
logs=""
while [ $# -gt 0 ]; do
    case "$1" in
    --plugin) plugin=$2; shift ;;
    --captures) captures=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --modes) modes=$2; shift ;;
    --strict) strict=1 ;;
    --logs) logs=$2; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    *) echo "valgrind.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
die() { echo "valgrind.sh: $*" >&2; exit 1; }
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"

if [ -z "$plugin" ]; then
    echo "== building the plugin in $root/build-fuzz-rel"
    cmake -S "$root" -B "$root/build-fuzz-rel" -DBUILD_TESTING=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$root/build-fuzz-rel" --target sipadv -j"$(nproc)" >/dev/null
    plugin="$root/build-fuzz-rel/sipadv.so"
fi
[ -f "$plugin" ] || die "no plugin at $plugin"

ws_version=$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p')
home=$(mktemp -d /tmp/sipadv-valgrind-XXXXXX)
trap 'rm -rf "$home"' EXIT
chmod 755 "$home"
plugdir="$home/.local/lib/wireshark/plugins/$ws_version/epan"
mkdir -p "$plugdir" "$home/empty" "$home/captures" "$home/logs"
cp "$plugin" "$plugdir/sipadv.so"
cp "$captures"/*.pcap* "$home/captures/"
cp "$here/valgrind.supp" "$home/valgrind.supp"
chmod -R a+rX "$home"
chmod 1777 "$home/logs"
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
    as_user=()
fi
run_env=(env -i PATH=/usr/bin:/bin HOME="$home" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
         WIRESHARK_PLUGIN_DIR="$home/empty" WIRESHARK_EXTCAP_DIR="$home/empty"
         G_SLICE=always-malloc WIRESHARK_DEBUG_WMEM_OVERRIDE=simple)

loaded=$("${run_env[@]}" "${as_user[@]}" tshark -G plugins 2>&1 || true)
[ "$(awk -F'\t' '$1 ~ /^sipadv\.so/ {gsub(/^[ \t]+|[ \t]+$/, "", $NF); print $NF}' <<<"$loaded")" = "$plugdir/sipadv.so" ] ||
    die "tshark does not load $plugdir/sipadv.so:
$loaded"

one() { # one CAPTURE MODE
    local cap=$1 mode=$2 name log rc=0 ours foreign
    local -a args
    name="$(basename "${cap%.*}").$mode"
    log="$home/logs/$name.log"
    case $mode in
    two-pass) args=(-2 -nVx -r "$cap") ;;
    single-pass) args=(-nVx -r "$cap") ;;
    expert) args=(-2 -nq -z expert -r "$cap") ;;
    *) echo "$name bad-mode"; return ;;
    esac
    "${run_env[@]}" "${as_user[@]}" valgrind --tool=memcheck --leak-check=full \
        --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=42 \
        --num-callers=50 --keep-debuginfo=yes --gen-suppressions=all --suppressions="$home/valgrind.supp" \
        --log-file="$log" tshark "${args[@]}" >"$home/logs/$name.out" 2>"$home/logs/$name.err" ||
        rc=$?
    # Split the log into error records (blocks between blank "==PID== " lines) and sort them.
    read -r ours foreign < <(awk '
        function flush() {
            if (rec ~ /(Invalid (read|write|free)|uninitialised|Conditional jump|definitely lost in loss record|Mismatched|overlap|Syscall param|Argument .* of function)/) {
                if (rec ~ /(packet-sipadv\.c|sipadv_[a-z_]+\.c|\/sipadv\.so)/) o++; else f++
            }
            rec = ""
        }
        /^==[0-9]+== *$/ { flush(); next }
        /^==[0-9]+== / { rec = rec "\n" $0 }
        END { flush(); printf "%d %d\n", o + 0, f + 0 }' "$log")
    if grep -q 'SIP Response Advisor\|SIPADV' "$home/logs/$name.out"; then
        touch "$home/logs/.plugin-seen"
    fi
    echo "$name done rc=$rc ours=$ours foreign=$foreign"
}
export -f one 2>/dev/null || true
{ declare -p run_env as_user home; declare -f one; } >"$home/vars.sh"

IFS=, read -r -a mode_list <<<"$modes"
mapfile -t caps < <(ls "$home/captures"/*.pcap*)
echo "== valgrind memcheck: ${#caps[@]} captures x ${#mode_list[@]} modes, $jobs jobs"
start=$(date +%s)
for cap in "${caps[@]}"; do
    for m in "${mode_list[@]}"; do echo "$cap $m"; done
done | xargs -P "$jobs" -n 2 bash -c 'source "$0"; one "$1" "$2"' "$home/vars.sh" >"$home/results"
elapsed=$(( $(date +%s) - start ))

# ---- summary ----------------------------------------------------------------------------
passed=0 failed=0 foreign_total=0 bad_runs=0
while read -r name state rc ours foreign; do
    rc=${rc#rc=} ours=${ours#ours=} foreign=${foreign#foreign=}
    if [ "$state" != done ] || { [ "$rc" != 0 ] && [ "$rc" != 42 ]; }; then
        bad_runs=$(( bad_runs + 1 ))
        echo "  $name: $state, tshark/valgrind exit $rc"
        failed=$(( failed + 1 ))
        continue
    fi
    foreign_total=$(( foreign_total + foreign ))
    if [ "$ours" -gt 0 ] || { [ "$strict" = 1 ] && [ "$rc" = 42 ]; }; then
        echo "  $name: $ours error record(s) in sipadv, $foreign elsewhere (valgrind exit $rc)"
        failed=$(( failed + 1 ))
    else
        passed=$(( passed + 1 ))
        [ "$foreign" = 0 ] || echo "  $name: $foreign unsuppressed record(s) outside sipadv (not ours)"
    fi
done <"$home/results"
echo "== $(wc -l <"$home/results") runs in $elapsed s; error records outside sipadv: $foreign_total"
if [ ! -e "$home/logs/.plugin-seen" ]; then
    echo "  no run printed anything of the plugin: it did not run under valgrind"
    failed=$(( failed + 1 ))
fi
if [ -n "$logs" ] || [ "$failed" -gt 0 ] || [ "$foreign_total" -gt 0 ]; then
    keep=${logs:-/tmp/sipadv-valgrind-logs}
    mkdir -p "$keep"
    cp "$home"/logs/*.log "$keep/"
    echo "valgrind logs in $keep (suppressions for new foreign records are in them)"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
