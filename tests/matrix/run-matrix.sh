#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2016,SC2317  # single-quoted scripts for bash -c/sh -c; functions run via stage/trap
# Builds sipadv and runs its whole ctest suite (unit + integration tests with the real
# tshark) against several Wireshark releases, each in a Debian chroot:
#
#   trixie -> Wireshark 4.4     sid -> Wireshark 4.6 (sid moves on: checked and warned)
#   host   -> this machine's own Wireshark (bookworm: 4.0), no chroot
#
# Usage: tests/matrix/run-matrix.sh [SUITE|host ...]        (default: trixie sid)
#
# Chroots are made once with `debootstrap --variant=minbase` and cached outside the clone,
# in $SIPADV_MATRIX_CACHE/<suite> (default /var/cache/sipadv-matrix). A chroot is built in
# <suite>.tmp and renamed only when complete, so an interrupted run never leaves one that
# looks finished. The marker file <suite>/.sipadv-matrix lists the packages installed; if
# the list below changes, the next run installs the difference.
#
# Each run copies the work tree of the clone this script lives in (tracked and untracked,
# not ignored files: `git ls-files -co --exclude-standard`, so uncommitted edits come
# along) into <chroot>/build/src, configures with cmake, builds, and runs
# `ctest --output-on-failure` as root (the integration tests drop to `nobody` themselves).
# All suites of one run test the same snapshot of the tree.
#
# Environment:
#   SIPADV_MATRIX_CACHE   chroot cache folder (default /var/cache/sipadv-matrix)
#   SIPADV_MATRIX_LOGS    per-suite logs (default $SIPADV_MATRIX_CACHE/logs)
#   SIPADV_MATRIX_MIRROR  Debian mirror (default http://deb.debian.org/debian)
#   SIPADV_MATRIX_UPDATE  1: apt-get update + dist-upgrade a cached chroot before use
#   SIPADV_MATRIX_JOBS    parallel build and ctest jobs (default: nproc)
#
# Needs root (debootstrap, chroot, mount) except for `host` alone. Exit status: 0 if every
# suite built and passed, 1 otherwise, 2 on a usage error.
set -euo pipefail

SCRIPT="$(readlink -f "${BASH_SOURCE[0]}")"
SCRIPT_DIR="$(dirname "$SCRIPT")"
MIRROR="${SIPADV_MATRIX_MIRROR:-http://deb.debian.org/debian}"
CACHE="${SIPADV_MATRIX_CACHE:-/var/cache/sipadv-matrix}"
LOGDIR="${SIPADV_MATRIX_LOGS:-$CACHE/logs}"
UPDATE="${SIPADV_MATRIX_UPDATE:-0}"
JOBS="${SIPADV_MATRIX_JOBS:-$(nproc)}"

# Installed in every chroot. util-linux brings setpriv (tests drop to nobody); tshark brings
# wireshark-common (text2pcap, mergecap); wireshark-dev holds WiresharkConfig.cmake.
PACKAGES=(tshark cmake make gcc libc6-dev pkg-config libglib2.0-dev libwireshark-dev
          wireshark-dev python3 util-linux dpkg-dev lintian file)

# Wireshark major.minor each suite is expected to carry (a mismatch is only warned about).
declare -A EXPECTED=([bookworm]=4.0 [trixie]=4.4 [forky]=4.6 [sid]=4.6 [host]=4.0)

CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[matrix] %s\n' "$*"; }
warn() { printf '[matrix] WARNING: %s\n' "$*" >&2; }
die() { printf '[matrix] ERROR: %s\n' "$*" >&2; exit 2; }

usage() { sed -n '3,/^set -euo/p' "$SCRIPT" | sed '$d; s/^# \{0,1\}//'; }

# ---------------------------------------------------------------- running commands ---

# Mounts made in this namespace when unshare is unavailable; unmounted by the trap.
FALLBACK_MOUNTS=()
cleanup_mounts() {
    local i
    for ((i = ${#FALLBACK_MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -l "${FALLBACK_MOUNTS[$i]}" 2>/dev/null || true
    done
    FALLBACK_MOUNTS=()
}

have_unshare() { unshare --mount --propagation private true 2>/dev/null; }

# chroot_exec DIR CMD...: runs CMD in the chroot with a clean environment and /proc
# mounted. With unshare the mount lives in a private namespace and disappears with the
# command, whatever happens; otherwise it is mounted here and unmounted afterwards (and by
# the EXIT trap if we are interrupted).
chroot_exec() {
    local ch="$1"; shift
    local -a envv=(/usr/bin/env -i "PATH=$CHROOT_PATH" HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8
                   TZ=UTC DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true)
    if [[ "$USE_UNSHARE" == 1 ]]; then
        unshare --mount --propagation private -- /bin/bash -c '
            set -e; ch=$1; shift
            mount -t proc proc "$ch/proc"
            mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ch/dev/pts" 2>/dev/null || :
            mount -t tmpfs -o mode=1777 tmpfs "$ch/dev/shm" 2>/dev/null || :
            exec chroot "$ch" "$@"' chroot_exec "$ch" "${envv[@]}" "$@"
    else
        mount -t proc proc "$ch/proc"
        FALLBACK_MOUNTS+=("$ch/proc")
        local rc=0
        chroot "$ch" "${envv[@]}" "$@" || rc=$?
        umount -l "$ch/proc" || true
        FALLBACK_MOUNTS=()
        return "$rc"
    fi
}

# in_target CMD...: runs CMD in the current suite's chroot, or directly for `host`.
in_target() {
    if [[ "$SUITE" == host ]]; then
        (cd / && env -i "PATH=$CHROOT_PATH" "HOME=${HOME:-/root}" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
            TZ=UTC "$@")
    else
        chroot_exec "$CHROOT" "$@"
    fi
}

# stage NAME FUNC ARGS...: runs FUNC in a subshell with errexit in force; sets STAGE_RC.
# (Never call it from an if/&&/|| context: bash would then ignore errexit inside.)
stage() {
    local name="$1"; shift
    printf '\n[matrix] ---- %s: %s\n' "$SUITE" "$name"
    STAGE_RC=0
    set +e
    (set -e; "$@")
    STAGE_RC=$?
    set -e
    if [[ "$STAGE_RC" != 0 ]]; then
        printf '[matrix] ---- %s: %s FAILED (exit %s)\n' "$SUITE" "$name" "$STAGE_RC"
    fi
}

# ------------------------------------------------------------------------- chroots ---

marker_text() { printf 'packages=%s\n' "${PACKAGES[*]}"; }

# configure_chroot DIR: our files in the chroot; rewritten on every use so changes here
# reach chroots made by older versions of this script.
configure_chroot() {
    local ch="$1"
    # No daemons, no documentation, no recommends; retry flaky downloads. Don't reject a
    # Release file whose Valid-Until is past: sid's is a week, and a mirror that serves a
    # dated snapshot (as this machine's does) would otherwise break every update.
    printf '#!/bin/sh\nexit 101\n' >"$ch/usr/sbin/policy-rc.d"
    chmod 755 "$ch/usr/sbin/policy-rc.d"
    printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
        'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/info/*' \
        >"$ch/etc/dpkg/dpkg.cfg.d/90sipadv-matrix"
    printf '%s\n' 'APT::Install-Recommends "false";' 'APT::Install-Suggests "false";' \
        'Acquire::Retries "3";' 'Acquire::Check-Valid-Until "false";' \
        >"$ch/etc/apt/apt.conf.d/90sipadv-matrix"
    rm -f "$ch/etc/resolv.conf"
    cp -L /etc/resolv.conf "$ch/etc/resolv.conf"
}

install_packages() {
    local ch="$1"
    chroot_exec "$ch" /bin/sh -c \
        'echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections'
    chroot_exec "$ch" apt-get -q update
    chroot_exec "$ch" apt-get -q install -y --no-install-recommends "${PACKAGES[@]}"
    chroot_exec "$ch" apt-get clean
}

create_chroot() {
    local suite="$1" dir="$2" tmp="$2.tmp"
    if [[ -e "$tmp" ]]; then
        log "removing the unfinished $tmp of an earlier run"
        rm -rf --one-file-system "$tmp"
    fi
    log "debootstrap --variant=minbase $suite $tmp $MIRROR"
    debootstrap --variant=minbase "$suite" "$tmp" "$MIRROR"
    configure_chroot "$tmp"
    install_packages "$tmp"
    marker_text >"$tmp/.sipadv-matrix"
    mv -T "$tmp" "$dir"
    log "chroot $dir ready"
}

# ensure_chroot SUITE DIR: create, repair or update the cached chroot.
ensure_chroot() {
    local suite="$1" dir="$2"
    if [[ -d "$dir" && ! -f "$dir/.sipadv-matrix" ]]; then
        log "$dir has no marker (not made by this script, or damaged): recreating it"
        rm -rf --one-file-system "$dir"
    fi
    if [[ ! -d "$dir" ]]; then
        create_chroot "$suite" "$dir"
        return
    fi
    log "reusing cached chroot $dir"
    configure_chroot "$dir"
    if [[ "$(cat "$dir/.sipadv-matrix")" != "$(marker_text)" ]]; then
        log "package list changed since the chroot was made: installing the difference"
        install_packages "$dir"
        marker_text >"$dir/.sipadv-matrix"
    fi
    if [[ "$UPDATE" == 1 ]]; then
        log "SIPADV_MATRIX_UPDATE=1: apt-get update && dist-upgrade"
        chroot_exec "$dir" apt-get -q update
        chroot_exec "$dir" apt-get -q dist-upgrade -y
        chroot_exec "$dir" apt-get clean
    fi
}

# ------------------------------------------------------------------- source tree ---

# export_tree ROOT TARBALL: the work tree's tracked and untracked (not ignored) files.
# Tracked files deleted in the work tree are skipped, and so are CMake build trees that
# someone left in the clone without a .gitignore entry.
export_tree() {
    local root="$1" out="$2" f p
    local -a builddirs=()
    while IFS= read -r -d '' f; do
        [[ "$f" == CMakeCache.txt || "$f" == */CMakeCache.txt ]] && builddirs+=("${f%CMakeCache.txt}")
    done < <(git -C "$root" ls-files -z -o --exclude-standard)
    git -C "$root" ls-files -z -co --exclude-standard | sort -zu |
        while IFS= read -r -d '' f; do
            [[ -e "$root/$f" || -L "$root/$f" ]] || continue
            for p in "${builddirs[@]}"; do
                if [[ -z "$p" ]]; then   # an in-source build at the top
                    [[ "$f" == CMakeCache.txt || "$f" == CMakeFiles/* ]] && continue 2
                elif [[ "$f" == "$p"* ]]; then
                    continue 2
                fi
            done
            printf '%s\0' "$f"
        done | tar -C "$root" --null -T - -cf "$out"
}

# --------------------------------------------------------------- one suite, inner ---

RESULT_FILE=""
res() { printf '%s=%s\n' "$1" "$2" >>"$RESULT_FILE"; }

do_setup() {
    if [[ "$SUITE" != host ]]; then
        ensure_chroot "$SUITE" "$CHROOT"
    fi
    rm -rf --one-file-system "$BUILD_REAL"
    mkdir -p "$BUILD_REAL/src"
    tar -C "$BUILD_REAL/src" -xf "$TARBALL"
    cp -r "$SCRIPT_DIR/probe" "$BUILD_REAL/probe-src"
}

do_versions() {
    local line
    line="$(in_target tshark --version | sed -n 1p)"
    echo "$line"
    res tshark "$line"
    local v; v="$(sed -En 's/^TShark \(Wireshark\) ([0-9]+(\.[0-9]+)*).*/\1/p' <<<"$line")"
    res ws "${v:-?}"
    in_target cmake --version | sed -n 1p
    in_target gcc --version | sed -n 1p
    local want="${EXPECTED[$SUITE]:-}"
    if [[ -n "$want" && "${v%.*}" != "$want" ]]; then
        warn "$SUITE carries Wireshark ${v:-?}, not $want.x as expected"
        res warning "$SUITE has ${v:-?}, expected $want.x"
    fi
}

do_probe() {
    local out
    out="$(in_target cmake -S "$BUILD/probe-src" -B "$BUILD/probe" 2>&1)" || {
        echo "$out"; res findpkg FAILED; return 1; }
    grep 'SIPADV_PROBE' <<<"$out" | sed 's/^-- SIPADV_PROBE /  /'
    res findpkg ok
    res plugindir "$(sed -n 's/^-- SIPADV_PROBE Wireshark_PLUGIN_INSTALL_DIR=//p' <<<"$out")"
    res wsdir "$(sed -n 's/^-- SIPADV_PROBE Wireshark_DIR=//p' <<<"$out")"
}

do_configure() { in_target cmake -S "$BUILD/src" -B "$BUILD/out"; }

do_build() {
    in_target cmake --build "$BUILD/out" -j "$JOBS" 2>&1 | tee "$BUILD_REAL/build.log"
}

do_test() {
    in_target /bin/sh -c 'cd "$1" && exec ctest --output-on-failure -j "$2"' ctest \
        "$BUILD/out" "$JOBS" 2>&1 | tee "$BUILD_REAL/ctest.log"
}

suite_inner() {
    SUITE="$1"
    RESULT_FILE="$2"
    TARBALL="$3"
    USE_UNSHARE="$4"
    trap cleanup_mounts EXIT
    trap 'exit 130' INT TERM
    if [[ "$SUITE" == host ]]; then
        CHROOT=""
        BUILD="$CACHE/host-build"
        BUILD_REAL="$BUILD"
    else
        CHROOT="$CACHE/$SUITE"
        BUILD=/build
        BUILD_REAL="$CHROOT/build"
    fi
    local t0=$SECONDS result=PASS

    # One run at a time per suite: the chroot and its /build are shared.
    mkdir -p "$CACHE"
    exec 9>"$CACHE/.$SUITE.lock"
    if ! flock -n 9; then
        log "another run holds $CACHE/.$SUITE.lock: waiting"
        flock 9
    fi

    printf '\n==================================================================\n'
    printf '== suite %s%s\n' "$SUITE" "${CHROOT:+ (chroot $CHROOT)}"
    printf '==================================================================\n'

    stage setup do_setup
    res setup_s $((SECONDS - t0))
    if [[ "$STAGE_RC" != 0 ]]; then
        res result "FAIL(setup)"; res total_s $((SECONDS - t0)); return 1
    fi
    stage "versions (tshark --version | sed -n 1p)" do_versions
    stage "find_package(Wireshark CONFIG) probe" do_probe
    stage configure do_configure
    if [[ "$STAGE_RC" != 0 ]]; then result="FAIL(configure)"; fi
    if [[ "$result" == PASS ]]; then
        stage build do_build
        local nerr nwarn
        nerr="$(grep -E ': (fatal )?error:' "$BUILD_REAL/build.log" | sort -u | wc -l || true)"
        nwarn="$(grep -E ': warning:' "$BUILD_REAL/build.log" | sort -u | wc -l || true)"
        res diag "$nerr errors, $nwarn warnings"
        if [[ "$STAGE_RC" != 0 || "$nerr$nwarn" != 00 ]]; then
            printf '\n[matrix] %s: compiler diagnostics:\n' "$SUITE"
            grep -E ': ((fatal )?error|warning):' "$BUILD_REAL/build.log" | sort -u || true
        fi
        if [[ "$STAGE_RC" != 0 ]]; then result="FAIL(build)"; fi
    fi
    if [[ "$result" == PASS ]]; then
        stage "ctest --output-on-failure" do_test
        local summary
        summary="$(grep -Eo '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' \
                   "$BUILD_REAL/ctest.log" | tail -1 || true)"
        if [[ -n "$summary" ]]; then
            local failed total
            failed="$(sed -E 's/.*, ([0-9]+) tests? failed.*/\1/' <<<"$summary")"
            total="$(sed -E 's/.* out of ([0-9]+)$/\1/' <<<"$summary")"
            res tests "$((total - failed))/$total passed"
        else
            res tests "none run"
        fi
        if [[ "$STAGE_RC" != 0 || -z "$summary" ]]; then result="FAIL(tests)"; fi
        res failed "$(sed -n '/The following tests FAILED:/,$p' "$BUILD_REAL/ctest.log" |
                      sed -En 's/^[[:space:]]*[0-9]+ - ([^ ]+) .*/\1/p' | tr '\n' ' ')"
    fi
    res result "$result"
    res total_s $((SECONDS - t0))
    [[ "$result" == PASS ]]
}

# ---------------------------------------------------------------------------- main ---

if [[ "${1:-}" == __suite ]]; then
    shift
    suite_inner "$@"
    exit
fi

SUITES=()
for a in "$@"; do
    case "$a" in
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $a (see --help)" ;;
        *) [[ "$a" =~ ^[a-z][a-z0-9-]*$ ]] || die "bad suite name '$a'"; SUITES+=("$a") ;;
    esac
done
[[ ${#SUITES[@]} -gt 0 ]] || SUITES=(trixie sid)

need_chroot=0
for s in "${SUITES[@]}"; do [[ "$s" == host ]] || need_chroot=1; done
if [[ "$need_chroot" == 1 ]]; then
    [[ "$EUID" == 0 ]] || die "chroot suites need root (debootstrap, chroot, mount)"
    command -v debootstrap >/dev/null || die "debootstrap missing: apt-get install debootstrap"
fi

SRC_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel)"
mkdir -p "$CACHE" "$LOGDIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sipadv-matrix.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

USE_UNSHARE=0
have_unshare && USE_UNSHARE=1

export_tree "$SRC_ROOT" "$WORK/src.tar"
log "source: $SRC_ROOT, $(tar -tf "$WORK/src.tar" | grep -cv '/$') files," \
    "sha256 $(sha256sum <"$WORK/src.tar" | cut -c1-16) (tar of the work tree)"
log "suites: ${SUITES[*]}; cache: $CACHE; logs: $LOGDIR"

T_ALL=$SECONDS
overall=0
for s in "${SUITES[@]}"; do
    : >"$WORK/res.$s"
    set +e
    "$BASH" "$SCRIPT" __suite "$s" "$WORK/res.$s" "$WORK/src.tar" "$USE_UNSHARE" 2>&1 |
        tee "$LOGDIR/$s.log"
    rc=${PIPESTATUS[0]}
    set -e
    [[ "$rc" == 0 ]] || overall=1
    [[ "$rc" != 130 ]] || { warn "interrupted"; exit 130; }
done

get() { sed -n "s/^$2=//p" "$WORK/res.$1" | tail -1; }

printf '\n=========================== matrix summary ===========================\n'
printf '%-8s %-10s %-16s %-14s %-9s %-8s %s\n' suite wireshark result tests find_pkg setup_s total_s
for s in "${SUITES[@]}"; do
    r="$(get "$s" result)"; [[ -n "$r" ]] || { r="FAIL(?)"; overall=1; }
    printf '%-8s %-10s %-16s %-14s %-9s %-8s %s\n' "$s" "$(get "$s" ws)" "$r" \
        "$(get "$s" tests)" "$(get "$s" findpkg)" "$(get "$s" setup_s)" "$(get "$s" total_s)"
done
echo
for s in "${SUITES[@]}"; do
    printf '%-8s %s\n' "$s" "$(get "$s" tshark)"
    printf '%-8s Wireshark_DIR=%s\n' "" "$(get "$s" wsdir)"
    printf '%-8s Wireshark_PLUGIN_INSTALL_DIR=%s\n' "" "$(get "$s" plugindir)"
    d="$(get "$s" diag)"; [[ -z "$d" ]] || printf '%-8s compiler: %s\n' "" "$d"
    f="$(get "$s" failed)"; [[ -z "${f// /}" ]] || printf '%-8s failed tests: %s\n' "" "$f"
    w="$(get "$s" warning)"; [[ -z "$w" ]] || printf '%-8s WARNING: %s\n' "" "$w"
done
printf '\nlogs: %s/<suite>.log; wall time %ss\n' "$LOGDIR" "$((SECONDS - T_ALL))"

# A plugin built for another release must be refused by the host's Wireshark with its own
# clear message, and tshark must carry on without it (never crash). Checked with each
# chroot's build against the host tshark, as user nobody with a private HOME.
cross_passed=0 cross_failed=0
if [[ " ${SUITES[*]} " == *" host "* ]]; then
    host_mm="$(tshark --version 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p')"
    for s in "${SUITES[@]}"; do
        so="$CACHE/$s/build/out/sipadv.so"
        [[ "$s" != host && -f "$so" ]] || continue
        home="$(mktemp -d)"
        mkdir -p "$home/.local/lib/wireshark/plugins/$host_mm/epan" "$home/empty"
        cp "$so" "$home/.local/lib/wireshark/plugins/$host_mm/epan/"
        cp "$SRC_ROOT/captures/crafted-ipv6.pcapng" "$home/"
        chmod -R a+rX "$home"
        set +e
        out="$(cd "$home" && HOME="$home" WIRESHARK_PLUGIN_DIR="$home/empty" \
            setpriv --reuid=nobody --regid=nogroup --clear-groups \
            tshark -n -r "$home/crafted-ipv6.pcapng" 2>&1)"
        rc=$?
        set -e
        rm -rf "$home"
        if [[ "$rc" == 0 && "$out" =~ (Couldn.t load plugin .sipadv\.so.|was compiled for Wireshark version) \
              && "$out" == *"Status: 100 Trying"* ]]; then
            printf '[matrix] cross-load: %s build refused cleanly by host Wireshark %s: %s\n' \
                "$s" "$host_mm" "$(grep -m1 -i sipadv <<<"$out")"
            cross_passed=$((cross_passed + 1))
        else
            printf '[matrix] cross-load: %s build into host Wireshark %s FAILED (exit %s):\n%s\n' \
                "$s" "$host_mm" "$rc" "$(head -5 <<<"$out")"
            cross_failed=$((cross_failed + 1))
            overall=1
        fi
    done
fi

# One closing line over every version: a suite that never got to its tests counts as one
# failure, so a broken chroot cannot pass as "0 failed".
total_passed=$cross_passed total_failed=$cross_failed
for s in "${SUITES[@]}"; do
    t="$(get "$s" tests)"
    if [[ "$t" =~ ^([0-9]+)/([0-9]+)\ passed$ ]]; then
        total_passed=$((total_passed + BASH_REMATCH[1]))
        total_failed=$((total_failed + BASH_REMATCH[2] - BASH_REMATCH[1]))
    else
        total_failed=$((total_failed + 1))
    fi
done
if [[ "$overall" != 0 && "$total_failed" == 0 ]]; then total_failed=1; fi
printf '%s passed, %s failed\n' "$total_passed" "$total_failed"
exit "$overall"
