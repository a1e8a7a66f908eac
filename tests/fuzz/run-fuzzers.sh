#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer harnesses standalone (clang, no Wireshark headers needed) and runs
# each one for a while over a scratch copy of its seed corpus, then prints a table of
# executions, speed, coverage and findings.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_PER_HARNESS=120] [HARNESS...]
#
# Environment: BUILD_DIR (default build-fuzz-standalone under the repository), WORK_DIR (default
# /tmp/sipadv-fuzz), JOBS (libFuzzer -jobs/-workers per harness, default 1), RUNS (stop each
# harness after this many executions instead: SECONDS is then only a safety limit; the long
# run of issue 6 is RUNS=10000000 bash tests/fuzz/run-fuzzers.sh 86400).
# Crashes are left in $WORK_DIR/<harness>/ as crash-*, leak-*, timeout-*, oom-*; the script
# exits non-zero if there is any.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-120}
shift || true
build=${BUILD_DIR:-$root/build-fuzz-standalone}
work=${WORK_DIR:-/tmp/sipadv-fuzz}
jobs=${JOBS:-1}

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    for d in "$here"/corpus/fuzz_*; do
        h=$(basename "$d")
        [ -x "$build/$h" ] && harnesses+=("$h")
    done
fi

export G_SLICE=always-malloc
printf '%-18s %8s %12s %10s %6s %6s %8s %s\n' harness seconds executions exec/s cov ft rss_mb findings
failed=0
for h in "${harnesses[@]}"; do
    dir="$work/$h"
    rm -rf "$dir"
    mkdir -p "$dir/corpus"
    cp "$here/corpus/$h"/* "$dir/corpus/" 2>/dev/null || true
    start=$(date +%s)
    rc=0
    (cd "$dir" && "$build/$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 ${RUNS:+-runs=$RUNS} -print_final_stats=1 -dict="$here/sip.dict" -jobs="$jobs" \
        -workers="$jobs" -artifact_prefix="$dir/" corpus >"$dir/log" 2>&1) || rc=$?
    [ "$jobs" -gt 1 ] && cat "$dir"/fuzz-*.log >>"$dir/log" 2>/dev/null
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -h '^stat::number_of_executed_units' "$dir/log" | awk '{s+=$2} END {print s+0}')
    rss=$(grep -h '^stat::peak_rss_mb' "$dir/log" | awk '{if ($2>m) m=$2} END {print m+0}')
    last=$(grep -hE '^#[0-9]+.*cov: ' "$dir/log" | tail -n 1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
    findings=$(ls "$dir" | grep -cE '^(crash|leak|timeout|oom|slow-unit)-' || true)
    [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ] && findings="exit $rc"
    [ "$findings" != 0 ] && failed=1
    printf '%-18s %8s %12s %10s %6s %6s %8s %s\n' "$h" "$elapsed" "$execs" \
        "$(( execs / (elapsed > 0 ? elapsed : 1) ))" "${cov:-?}" "${ft:-?}" "$rss" "$findings"
done
[ "$failed" -eq 0 ] || { echo "findings: see $work/<harness>/log" >&2; exit 1; }
