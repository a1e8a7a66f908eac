#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Memory under floods: peak RSS of tshark with the plugin against tshark without it, on the
# captures flood.py writes (outside the repository; nothing is committed).
#
#   tests/fuzz/flood.sh [--scale S] [--dir DIR] [--plugin FILE] [--gap-us G] [--reuse]
#
#   --scale S      size of the captures (default 1: 1 000 000 REFERs; 0.1 for a tenth)
#   --dir DIR      where the captures go (default /tmp/sipadv-flood); deleted at the end
#                  unless --keep
#   --plugin FILE  the sipadv.so to measure (default: a RelWithDebInfo build in
#                  build-fuzz-rel under the repository)
#   --gap-us G     microseconds between packets (default 100, 10 000 packets/s)
#   --reuse        keep captures already in DIR if the manifest matches
#   --keep         do not delete the captures
#
# For every capture, two runs with the plugin and two without: `tshark -n -r F` (one pass,
# summary lines to /dev/null) and `tshark -2 -n -q -z expert -r F`. tshark runs as nobody,
# like the tests: "with" has the plugin in a private HOME, "without" a HOME with no plugin,
# and both an empty WIRESHARK_PLUGIN_DIR. /usr/bin/time -v gives the peak RSS.
#   bytes per REFER           (RSS_with - RSS_without) / REFERs
#   bytes per packet          (RSS_with - RSS_without) / packets, for the captures without REFERs
#   per ordinary packet       flatness: options-1m against options-100k,
#                             ((with_1m - with_100k) - (without_1m - without_100k)) / extra packets
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scale=1
dir=/tmp/sipadv-flood
plugin=""
gap_us=100
reuse=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --scale) scale=$2; shift ;;
    --dir) dir=$2; shift ;;
    --plugin) plugin=$2; shift ;;
    --gap-us) gap_us=$2; shift ;;
    --reuse) reuse=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    *) echo "flood.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
die() { echo "flood.sh: $*" >&2; exit 1; }

if [ ! -x /usr/bin/time ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null ||
        die "/usr/bin/time missing (apt-get install time)"
fi

if [ -z "$plugin" ]; then
    echo "== building the plugin in $root/build-fuzz-rel"
    cmake -S "$root" -B "$root/build-fuzz-rel" -DBUILD_TESTING=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$root/build-fuzz-rel" --target sipadv -j"$(nproc)" >/dev/null
    plugin="$root/build-fuzz-rel/sipadv.so"
fi
[ -f "$plugin" ] || die "no plugin at $plugin"

# ---- captures ---------------------------------------------------------------------------------
mkdir -p "$dir"
manifest="$dir/flood-manifest.txt"
want="scale=$scale gap_us=$gap_us"
have_all() {
    [ -f "$manifest" ] || return 1
    local n
    for n in $(awk '!/^#/ {print $1}' "$manifest"); do [ -f "$dir/$n.pcap" ] || return 1; done
}
if [ "$reuse" = 1 ] && [ -f "$dir/.params" ] && [ "$(cat "$dir/.params")" = "$want" ] && have_all; then
    echo "== reusing the captures in $dir"
else
    echo "== writing the flood captures to $dir (scale $scale)"
    rm -f "$dir"/*.pcap "$manifest"
    /usr/bin/time -f "   generated in %e s, peak RSS %M KB" \
        python3 "$here/flood.py" "$dir" --scale "$scale" --gap-us "$gap_us"
    echo "$want" >"$dir/.params"
fi
chmod 755 "$dir"
chmod 644 "$dir"/*.pcap
[ "$keep" = 1 ] || trap 'rm -rf "$home"; rm -f "$dir"/*.pcap "$dir/.params"' EXIT

# ---- private HOMEs ----------------------------------------------------------------------------
ws_version=$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p')
home=$(mktemp -d /tmp/sipadv-flood-home-XXXXXX)
[ "$keep" = 0 ] || trap 'rm -rf "$home"' EXIT
chmod 755 "$home"
mkdir -p "$home/with/.local/lib/wireshark/plugins/$ws_version/epan" "$home/without" "$home/empty"
cp "$plugin" "$home/with/.local/lib/wireshark/plugins/$ws_version/epan/sipadv.so"
chmod -R a+rX "$home"
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
    as_user=()
fi
ts() { # ts with|without ARGS...: runs ARGS as the test user ($wrap runs as root around it)
    local who=$1
    shift
    ${wrap:-} env -i PATH=/usr/bin:/bin HOME="$home/$who" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        WIRESHARK_PLUGIN_DIR="$home/empty" WIRESHARK_EXTCAP_DIR="$home/empty" \
        "${as_user[@]}" "$@"
}
loaded=$(ts with tshark -G plugins 2>/dev/null || true)
grep -q "^sipadv.so" <<<"$loaded" || die "the plugin does not load"
loaded=$(ts without tshark -G plugins 2>/dev/null || true)
! grep -q "^sipadv.so" <<<"$loaded" || die "'without' loads sipadv.so"

# ---- measurements -----------------------------------------------------------------------------
declare -A rss secs
measure() { # measure NAME MODE WHO
    local name=$1 mode=$2 who=$3 f="$dir/$1.pcap" log="$home/time.log" out="$home/out"
    local -a args
    case $mode in
    plain) args=(-n -r "$f") ;;
    expert) args=(-2 -n -q -z expert -r "$f") ;;
    esac
    wrap="/usr/bin/time -v -o $home/time.$who" ts "$who" tshark "${args[@]}" >"$out" 2>"$home/err" ||
        die "tshark ${args[*]} ($who) failed: $(tail -n 5 "$home/err")"
    rss[$name.$mode.$who]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$home/time.$who")
    secs[$name.$mode.$who]=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$home/time.$who")
    if [ "$mode" = expert ] && [ "$who" = with ] && ! grep -q SIPADV "$out"; then
        die "no SIPADV row in the expert table of $name: the plugin did nothing"
    fi
}

names=$(awk '!/^#/ {print $1}' "$manifest")
printf '\n%-14s %-7s %9s %8s %11s %11s %11s %9s %9s %12s\n' capture mode packets REFERs \
    "RSS w/o KB" "RSS with KB" "delta KB" "t w/o" "t with" "B/REFER|pkt"
for name in $names; do
    read -r _ packets refers _ _ < <(grep "^$name " "$manifest")
    for mode in plain expert; do
        measure "$name" "$mode" without
        measure "$name" "$mode" with
        a=${rss[$name.$mode.without]} b=${rss[$name.$mode.with]}
        delta=$(( b - a ))
        if [ "$refers" -gt 0 ]; then
            per=$(awk -v d="$delta" -v n="$refers" 'BEGIN {printf "%.0f /REFER", d * 1024 / n}')
        else
            per=$(awk -v d="$delta" -v n="$packets" 'BEGIN {printf "%.1f /pkt", d * 1024 / n}')
        fi
        printf '%-14s %-7s %9s %8s %11s %11s %11s %9s %9s %12s\n' "$name" "$mode" "$packets" \
            "$refers" "$a" "$b" "$delta" "${secs[$name.$mode.without]}" \
            "${secs[$name.$mode.with]}" "$per"
    done
done

# ---- flatness per ordinary packet ---------------------------------------------------------------
if grep -q '^options-1m ' "$manifest" && grep -q '^options-100k ' "$manifest"; then
    p1=$(awk '$1 == "options-1m" {print $2}' "$manifest")
    p0=$(awk '$1 == "options-100k" {print $2}' "$manifest")
    echo
    echo "flatness, options-1m ($p1 packets) against options-100k ($p0 packets):"
    for mode in plain expert; do
        gw=$(( ${rss[options-1m.$mode.with]} - ${rss[options-100k.$mode.with]} ))
        go=$(( ${rss[options-1m.$mode.without]} - ${rss[options-100k.$mode.without]} ))
        awk -v gw="$gw" -v go="$go" -v n=$(( p1 - p0 )) -v m="$mode" 'BEGIN {
            printf "  %-7s growth with %d KB, without %d KB: %.1f bytes per ordinary packet due to the plugin\n",
                   m, gw, go, (gw - go) * 1024 / n }'
    done
fi
