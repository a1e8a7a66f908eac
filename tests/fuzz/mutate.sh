#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutation campaign: the ASan+UBSan build of the plugin inside the system tshark, over
# randomly corrupted copies of every capture in captures/.
#
#   tests/fuzz/mutate.sh [options] [DISSECTIONS]
#
#   DISSECTIONS      tshark runs to do (default 2000). Each mutated file is read three times:
#                    tshark -2 -nVx (two passes, full tree), tshark -nVx (single pass: the
#                    first-pass rendering) and tshark -2 -q -z expert.
#   --long           100000 dissections, and error probabilities up to 0.10 (CI uses the
#                    default; leave --long running overnight)
#   --json           a fourth run per file, tshark -2 -n -T json, whose output must be valid
#                    UTF-8 JSON: a string field of ours that is not valid UTF-8 fails
#                    (sipadv-invalid-json); someone else's is counted as Wireshark's
#   --plugin FILE    use this sanitized sipadv.so instead of building one
#   --build-dir DIR  where to build it (default: build-fuzz-asan under the repository)
#   --jobs N         parallel tshark runs (default: nproc)
#   --seed S         first editcap seed (default 1); run i uses seed S+i
#   --keep DIR       where failing inputs go (default: /tmp/sipadv-mutate-failures)
#   --captures DIR   captures to mutate (default: captures/ of the repository)
#   --batch K        K captures per tshark run: the next K captures in turn are concatenated
#                    (mergecap -a) and mutated as one file (editcap -E applies per byte, so
#                    this is the same corruption as K separate files); each run then counts
#                    as K dissections. Saves tshark's start-up (~0.3 s of ~0.35 s per small
#                    file), which is what makes the long run of 1 000 000 dissections
#                    possible on two cores. A failing run keeps the whole batch.
#   --modes LIST     comma-separated subset of two-pass-V,single-pass-V,expert,json
#
# Each mutation is `editcap -E P -o 42 --seed N` (P from 0.01 to 0.05; -o 42 keeps the
# Ethernet, IPv4 and UDP headers so that the bytes of SIP are what changes). tshark runs as
# user nobody with a private HOME holding the plugin (as tests/integration does), with
# libasan preloaded, ASAN_OPTIONS=detect_leaks=0:abort_on_error=1,
# UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1, WIRESHARK_DEBUG_WMEM_OVERRIDE=strict
# and G_SLICE=debug-blocks.
#
# A dissection passes when tshark exits 0, stderr has no sanitizer report and the output no
# "Dissector bug" in SIPADV. Failing inputs are kept with their stderr and the commands that
# reproduce them. Dissector bugs of other protocols and GLib warnings are counted apart
# (they are Wireshark's, not ours) and their inputs kept too. The last line is
# "N passed, N failed"; the exit status is non-zero if anything failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
total=2000
long=0
json=0
plugin=""
build_dir="$root/build-fuzz-asan"
jobs=$(nproc)
seed0=1
keep=/tmp/sipadv-mutate-failures
captures="$root/captures"
batch=1
mode_list=""

while [ $# -gt 0 ]; do
    case "$1" in
    --long) long=1; total=100000 ;;
    --json) json=1 ;;
    --plugin) plugin=$2; shift ;;
    --build-dir) build_dir=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --seed) seed0=$2; shift ;;
    --keep) keep=$2; shift ;;
    --captures) captures=$2; shift ;;
    --batch) batch=$2; shift ;;
    --modes) mode_list=$2; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    [0-9]*) total=$1 ;;
    *) echo "mutate.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

die() { echo "mutate.sh: $*" >&2; exit 1; }

command -v editcap >/dev/null || die "editcap not found (apt-get install wireshark-common)"
command -v tshark >/dev/null || die "tshark not found"
command -v setpriv >/dev/null || die "setpriv not found (util-linux)"

# ---- the sanitized plugin -----------------------------------------------------------------
if [ -z "$plugin" ]; then
    echo "== building the ASan+UBSan plugin in $build_dir"
    cmake -S "$root" -B "$build_dir" -DSIPADV_SANITIZE=ON -DBUILD_TESTING=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build_dir" --target sipadv -j"$(nproc)" >/dev/null
    plugin="$build_dir/sipadv.so"
fi
[ -f "$plugin" ] || die "no plugin at $plugin"
plugin_abs=$(readlink -f "$plugin")
syms=$(nm -D "$plugin" 2>/dev/null || true)
grep -q '__asan_report' <<<"$syms" ||
    die "$plugin is not built with -fsanitize=address (configure with -DSIPADV_SANITIZE=ON)"

# The runtime the plugin was linked with: gcc's libasan.so.N, or clang's shared runtime.
asan_lib=$(ldd "$plugin" | awk '/libasan\.so|libclang_rt\.asan/ {print $3; exit}')
if [ -z "$asan_lib" ]; then
    asan_lib=$(gcc -print-file-name=libasan.so 2>/dev/null || true)
    [ -f "$asan_lib" ] || asan_lib=$(clang -print-file-name=libclang_rt.asan-x86_64.so)
fi
[ -f "$asan_lib" ] || die "cannot find the ASan runtime"
asan_lib=$(readlink -f "$asan_lib")

# ---- private HOME, as tests/integration/harness.py sets it up ------------------------------
ws_version=$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p')
home=$(mktemp -d /tmp/sipadv-mutate-XXXXXX)
trap 'rm -rf "$home"' EXIT
chmod 755 "$home"
plugdir="$home/.local/lib/wireshark/plugins/$ws_version/epan"
mkdir -p "$plugdir" "$home/empty" "$home/work"
cp "$plugin" "$plugdir/sipadv.so"
chmod -R a+rX "$home"
chmod 1777 "$home/work"
mkdir -p "$keep"

if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
    as_user=()
fi
# WIRESHARK_EXTCAP_DIR: an empty folder, or tshark -G runs the extcap helpers, and
# androiddump deadlocks in its exit handlers with libasan preloaded.
run_env=(env -i PATH=/usr/bin:/bin HOME="$home" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
         WIRESHARK_PLUGIN_DIR="$home/empty" WIRESHARK_EXTCAP_DIR="$home/empty"
         LD_PRELOAD="$asan_lib"
         ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:handle_abort=1:symbolize=1
         UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
         WIRESHARK_DEBUG_WMEM_OVERRIDE=strict G_SLICE=debug-blocks)

# ---- is the sanitized plugin really the one loaded, with the runtime active? --------------
echo "== checking that tshark loads $plugin with $asan_lib"
plugins=$("${run_env[@]}" "${as_user[@]}" tshark -G plugins 2>&1) || die "tshark -G plugins failed: $plugins"
rows=$(awk -F'\t' '$1 ~ /^sipadv\.so/' <<<"$plugins")
[ "$(grep -c . <<<"$rows")" = 1 ] || die "tshark did not load exactly one sipadv.so:
$plugins"
[ "$(awk -F'\t' '{gsub(/^[ \t]+|[ \t]+$/, "", $NF); print $NF}' <<<"$rows")" = "$plugdir/sipadv.so" ] ||
    die "wrong sipadv.so loaded: $rows"
asan_help=$("${run_env[@]}" ASAN_OPTIONS=help=1 "${as_user[@]}" tshark -v 2>&1 || true)
grep -q 'Available flags for AddressSanitizer' <<<"$asan_help" ||
    die "the ASan runtime is not active in tshark (LD_PRELOAD=$asan_lib)"
probe="$home/work/probe.pcapng"
first_capture=$(ls "$captures"/*.pcap* | head -n 1)
cp "$first_capture" "$probe" && chmod 644 "$probe"
rc=0
"${run_env[@]}" "${as_user[@]}" tshark -2 -nr "$probe" -Y sipadv >"$home/probe.out" 2>"$home/probe.err" || rc=$?
if [ "$rc" -ne 0 ] || grep -qE 'ERROR: AddressSanitizer|runtime error:' "$home/probe.err"; then
    mkdir -p "$keep/unmutated-$(basename "${first_capture%.*}")"
    cp "$home/probe.err" "$keep/unmutated-$(basename "${first_capture%.*}")/stderr"
    die "the unmutated $(basename "$first_capture") already fails (exit $rc):
$(grep -A12 -E 'ERROR: AddressSanitizer|runtime error:' "$home/probe.err" | head -n 20)"
fi
n=$(grep -c . "$home/probe.out" || true)
[ "$n" -gt 0 ] || die "the plugin produced nothing on $(basename "$first_capture")"
echo "   sipadv.so loaded from $plugdir, $n sipadv frames in $(basename "$first_capture")"

# ---- the campaign ---------------------------------------------------------------------------
mapfile -t caps < <(ls "$captures"/*.pcap*)
[ ${#caps[@]} -gt 0 ] || die "no captures in $captures"
if [ -n "$mode_list" ]; then IFS=, read -r -a modes <<<"$mode_list"
elif [ "$json" = 1 ]; then modes=(two-pass-V single-pass-V expert json); else modes=(two-pass-V single-pass-V expert); fi
[ "$batch" -ge 1 ] 2>/dev/null || die "--batch needs a number >= 1"
per_file=$(( ${#modes[@]} * batch ))
files=$(( (total + per_file - 1) / per_file ))
# Batches: the concatenation of K captures starting at capture (i*K mod n), made once each.
if [ "$batch" -gt 1 ]; then
    mkdir -p "$home/base"
    for start in $(seq 0 $(( files - 1 )) | awk -v k="$batch" -v n=${#caps[@]} '{print ($1*k)%n}' | sort -un); do
        members=()
        for j in $(seq 0 $(( batch - 1 ))); do members+=("${caps[$(( (start + j) % ${#caps[@]} ))]}"); done
        mergecap -a -F pcapng -w "$home/base/$start.pcapng" "${members[@]}" || die "mergecap failed"
    done
fi
# Validates tshark -T json output: valid UTF-8 and JSON. On bad UTF-8, names the JSON key
# of the line holding it, so the verdict can tell our fields from Wireshark's.
cat >"$home/check_json.py" <<'EOF'
import json, sys
data = open(sys.argv[1], "rb").read()
try:
    json.loads(data.decode("utf-8"))
except UnicodeDecodeError as e:
    # The key of the bad line and of the objects around it: a text item of ours (a wrapped
    # line under "sipadv.*_tree") has its own label as key.
    lines = data[:data.find(b"\n", e.start)].split(b"\n")
    bad = lines[-1]
    indent = len(bad) - len(bad.lstrip())
    keys = []
    for line in reversed(lines):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        if line is bad or (lead < indent and stripped.endswith(b"{")):
            keys.append(stripped.split(b'"')[1].decode("utf-8", "replace") if stripped.startswith(b'"') else "?")
            indent = lead if line is not bad else indent
    ours = any(k.startswith("sipadv") for k in keys)
    print("bad-utf8 %s in %s" % ("ours" if ours else "theirs", " < ".join(keys[:4])))
    sys.exit(1)
except ValueError as e:
    print("bad-json theirs " + str(e)[:80])
    sys.exit(1)
EOF
results="$home/results"
mkdir -p "$results"
if [ "$long" = 1 ]; then probs=(0.01 0.02 0.03 0.04 0.05 0.07 0.10); else probs=(0.01 0.02 0.03 0.04 0.05); fi

one() {
    local i=$1
    local seed=$(( seed0 + i ))
    local cap=${caps[$(( i % ${#caps[@]} ))]}
    local p=${probs[$(( (i / ${#caps[@]}) % ${#probs[@]} ))]}
    local name start=0 j
    name="$(basename "${cap%.*}")-E${p}-s${seed}"
    if [ "$batch" -gt 1 ]; then
        start=$(( (i * batch) % ${#caps[@]} ))
        cap="$home/base/$start.pcapng"
        p=${probs[$(( i % ${#probs[@]} ))]}
        name="batch${batch}-from${start}-E${p}-s${seed}"
    fi
    local fz="$home/work/$name.pcapng"
    local status="$results/$i" mode rc verdict out err k=0
    local -a args

    editcap -E "$p" -o 42 --seed "$seed" "$cap" "$fz" >/dev/null 2>&1 || { echo "skip editcap" >"$status"; return 0; }
    chmod 644 "$fz"
    : >"$status"
    for mode in "${modes[@]}"; do
        k=$(( k + 1 ))
        [ "$batch" -gt 1 ] || [ $(( i * ${#modes[@]} + k )) -le "$total" ] || break
        case $mode in
        two-pass-V) args=(-2 -nVx -r "$fz") ;;
        single-pass-V) args=(-nVx -r "$fz") ;;
        expert) args=(-2 -nq -z expert -r "$fz") ;;
        json) args=(-2 -n -T json -r "$fz") ;;
        esac
        out="$home/work/$name.$mode.out"
        err="$home/work/$name.$mode.err"
        rc=0
        # (the braces keep bash's own "Aborted" line out of the log)
        { timeout -s KILL 300 "${run_env[@]}" "${as_user[@]}" tshark "${args[@]}" >"$out" 2>"$err"; } 2>/dev/null || rc=$?
        verdict=pass
        if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|SUMMARY: UndefinedBehaviorSanitizer' "$err"; then
            verdict=sanitizer
        elif [ "$rc" -ge 128 ]; then
            verdict="signal-$(( rc - 128 ))"
        elif [ "$rc" -ne 0 ]; then
            verdict="exit-$rc"
        elif grep -q 'Dissector bug, protocol SIPADV' "$out"; then
            verdict=sipadv-dissector-bug
        elif [ "$mode" = json ] && ! why=$(python3 "$home/check_json.py" "$out"); then
            case $why in
            "bad-utf8 ours"*) verdict=sipadv-invalid-json ;;
            *) verdict=foreign-warning ;;
            esac
            echo "$why" >>"$err"
        elif grep -qE 'Dissector bug|CRITICAL \*\*|WARNING \*\*' "$out" "$err"; then
            verdict=foreign-warning
        fi
        for (( j = 0; j < batch; j++ )); do echo "$mode $verdict"; done >>"$status"
        if [ "$verdict" != pass ]; then
            local dir="$keep/$name"
            mkdir -p "$dir"
            cp "$fz" "$dir/"
            cp "$err" "$dir/$mode.stderr"
            grep -E 'Dissector bug|CRITICAL|WARNING' "$out" | head -n 50 >"$dir/$mode.warnings" || true
            if [ ! -f "$dir/reproduce.sh" ]; then
                cat >"$dir/reproduce.sh" <<EOF
#!/bin/bash
# $(if [ "$batch" -gt 1 ]; then
    echo "A batch (--batch $batch): mergecap -a of the $batch captures from number $start on, cycling,"
    echo "#   in the order of 'ls captures/*.pcap*' (that is base.pcapng), mutated with:"
    echo "#   editcap -E $p -o 42 --seed $seed base.pcapng $name.pcapng"
else
    echo "Mutated from captures/$(basename "$cap") with:"
    echo "#   editcap -E $p -o 42 --seed $seed captures/$(basename "$cap") $name.pcapng"
fi)
# Replays the failing runs as tests/fuzz/mutate.sh did: the sanitized plugin (\$1, default
# the one of the campaign) in a private HOME, tshark as nobody, libasan preloaded.
#   bash reproduce.sh [sanitized sipadv.so]
set -u
plugin=\${1:-$plugin_abs}
here=\$(cd "\$(dirname "\$0")" && pwd)
h=\$(mktemp -d /tmp/sipadv-repro-XXXXXX); chmod 755 "\$h"; trap 'rm -rf "\$h"' EXIT
mkdir -p "\$h/.local/lib/wireshark/plugins/$ws_version/epan" "\$h/empty"
cp "\$plugin" "\$h/.local/lib/wireshark/plugins/$ws_version/epan/sipadv.so"
cp "\$here/$name.pcapng" "\$h/"; chmod -R a+rX "\$h"; cd "\$h"
as_user=(); [ "\$(id -u)" = 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
run() { env -i PATH=/usr/bin:/bin HOME="\$h" LD_PRELOAD=$asan_lib \\
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \\
    WIRESHARK_DEBUG_WMEM_OVERRIDE=strict G_SLICE=debug-blocks WIRESHARK_PLUGIN_DIR="\$h/empty" \\
    WIRESHARK_EXTCAP_DIR="\$h/empty" "\${as_user[@]}" tshark "\$@" >"\$h/out"; echo "exit \$?"; }
# For the -T json run: is the output valid UTF-8 JSON?
check_json() { python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8")); print("valid JSON")' "\$h/out" 2>&1 | tail -n 1; }
EOF
            fi
            if [ "$mode" = json ]; then
                echo "run ${args[*]/#$fz/$name.pcapng}; check_json   # $mode: $verdict" >>"$dir/reproduce.sh"
            else
                echo "run ${args[*]/#$fz/$name.pcapng}   # $mode: $verdict" >>"$dir/reproduce.sh"
            fi
        fi
        rm -f "$out" "$err"
    done
    rm -f "$fz"
}
echo "== $total dissections of $files mutated files ($(( ${#caps[@]} )) captures, $batch per file, p in ${probs[*]}), $jobs jobs"
start=$(date +%s)
# Bash cannot export arrays: the workers source them, and the function, from a file.
{ declare -p caps probs modes run_env as_user seed0 total home results keep asan_lib plugin_abs ws_version batch; declare -f one; } >"$home/vars.sh"
seq 0 $(( files - 1 )) | xargs -P "$jobs" -n 1 bash -c 'source "$0"; one "$1"' "$home/vars.sh"
elapsed=$(( $(date +%s) - start ))

# ---- summary --------------------------------------------------------------------------------
cat "$results"/* >"$home/all"
dissections=$(grep -cE '^(two-pass-V|single-pass-V|expert|json) ' "$home/all" || true)
passed=$(grep -cE ' pass$' "$home/all" || true)
foreign=$(grep -cE ' foreign-warning$' "$home/all" || true)
sanitizer=$(grep -cE ' sanitizer$' "$home/all" || true)
crashes=$(grep -cE ' (signal-[0-9]+|exit-[0-9]+)$' "$home/all" || true)
ourbug=$(grep -cE ' sipadv-(dissector-bug|invalid-json)$' "$home/all" || true)
skipped=$(grep -c '^skip' "$home/all" || true)
failed=$(( sanitizer + crashes + ourbug ))
echo
echo "== summary ($elapsed s, $(( dissections * 60 / (elapsed > 0 ? elapsed : 1) )) dissections/min)"
echo "dissections:            $dissections"
echo "clean:                  $passed"
echo "sanitizer reports:      $sanitizer"
echo "crashes / bad exits:    $crashes"
echo "SIPADV dissector bugs / invalid UTF-8 in our fields: $ourbug"
echo "Wireshark's own warnings (not counted as failures): $foreign"
[ "$skipped" = 0 ] || echo "editcap failures (skipped files): $skipped"
if [ $(( failed + foreign )) -gt 0 ]; then
    grep -vE ' pass$' "$home/all" | awk '{print $2}' | sort | uniq -c | sed 's/^/   /'
    echo "inputs kept in $keep"
fi
echo "$(( passed + foreign )) passed, $failed failed"
[ "$failed" = 0 ]
