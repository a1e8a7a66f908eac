#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One bounded libFuzzer run over a seed corpus, for ctest.
#   smoke.sh HARNESS SEED_DIR WORK_DIR RUNS SECONDS [DICT]
# Replays every seed (and every saved crash in SEED_DIR/../../regressions/<harness>/, if
# any), then mutates for at most RUNS executions or SECONDS seconds. New corpus entries and
# crash artifacts go to WORK_DIR; the seed corpus is never written.
set -eu
harness=$1 seeds=$2 work=$3 runs=$4 secs=$5 dict=${6:-}
name=$(basename "$harness")
regress="$(dirname "$0")/regressions/$name"

rm -rf "$work"
mkdir -p "$work/new"
set -- -runs="$runs" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -max_len=8192 -print_final_stats=1 -artifact_prefix="$work/"
if [ -n "$dict" ] && [ -f "$dict" ]; then
    set -- "$@" -dict="$dict"
fi

# Saved reproducers (regressions/<harness>/) run once each: a fixed bug must stay fixed,
# and an open one keeps this test red until it is fixed.
if [ -d "$regress" ] && [ -n "$(ls -A "$regress" 2>/dev/null)" ]; then
    if ! "$harness" -runs=1 "$regress"/* >"$work/regressions.log" 2>&1; then
        grep -aE 'invariant failed|ERROR: |SUMMARY|runtime error|Running:' "$work/regressions.log" | head -n 20
        echo "smoke: $name fails on a saved reproducer in $regress" >&2
        exit 1
    fi
fi

"$harness" "$@" "$work/new" "$seeds" 2>"$work/log" || {
    status=$?
    tail -n 60 "$work/log"
    echo "smoke: $name failed (exit $status); artifacts in $work" >&2
    exit 1
}
grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$work/log" || true
grep -E 'cov: ' "$work/log" | tail -n 1 || true
echo "smoke: $name ok"
