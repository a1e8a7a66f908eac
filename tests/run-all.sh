#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite, as the README's quick start and CI run it. Installs what it needs
# with apt-get, then runs, each stage reporting its own counts:
#   1. matrix: build with -Werror and run every ctest test (unit, tshark integration,
#      package checks) on this machine's Wireshark (4.0, bookworm) and, in cached
#      debootstrap chroots, on 4.4 (trixie) and 4.6 (sid); plus the cross-version load check;
#   2. fuzz: the libFuzzer harnesses of the plain-C modules, a bounded smoke run each (clang);
#   3. asan: the unit tests and the whole integration suite again, with the plugin built with
#      ASan+UBSan (-DSIPADV_SANITIZE=ON) inside the system tshark (runtime preloaded);
#   4. mutate: a short mutation campaign, the ASan+UBSan plugin in the real tshark over
#      corrupted copies of every capture (SIPADV_MUTATIONS dissections, default 12000, in
#      batches of 40 captures per tshark run).
# Ends with one line "N passed, N failed" over all stages; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends \
    cmake make gcc libc6-dev pkg-config libglib2.0-dev binutils \
    libwireshark-dev wireshark-dev tshark wireshark-common python3 util-linux \
    debootstrap debian-archive-keyring git tar \
    clang libclang-rt-14-dev time dpkg-dev lintian file \
    wireshark-qt xvfb xdotool imagemagick x11-utils >/dev/null || { echo "apt-get failed"; echo "0 passed, 1 failed"; exit 1; }

total_passed=0 total_failed=0 summary=()

# Runs one stage, shows its output, and adds its closing counts: a "N passed, N failed"
# line or ctest's summary. A stage that ends without either counts as one failure.
stage() {
    local name=$1; shift
    local log passed failed rc
    log=$(mktemp)
    printf '\n######## stage %s: %s\n' "$name" "$*"
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    if line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1) && [ -n "$line" ]; then
        passed=${line%% passed*}
        failed=${line#*passed, }; failed=${failed%% failed*}
    elif line=$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1) && [ -n "$line" ]; then
        failed=${line%% test*}
        passed=$(( ${line##* } - failed ))
    else
        passed=0 failed=1
    fi
    if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
    rm -f "$log"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    summary+=("$(printf '%-8s %6s passed %4s failed (exit %s)' "$name" "$passed" "$failed" "$rc")")
}

fuzz_smoke() {
    CC=clang cmake -S . -B build-fuzz -DSIPADV_FUZZ=ON -DBUILD_TESTING=ON >/dev/null &&
        cmake --build build-fuzz -j"$(nproc)" >/dev/null &&
        ctest --test-dir build-fuzz -L fuzz --output-on-failure
}

# The packaging tests are left out: they check the .deb, not the plugin's behaviour.
asan_suite() {
    cmake -S . -B build-asan -DSIPADV_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
        cmake --build build-asan -j"$(nproc)" >/dev/null &&
        ctest --test-dir build-asan -j"$(nproc)" -E '^(package_deb|install_personal)$' \
            --output-on-failure
}

stage matrix bash tests/matrix/run-matrix.sh host trixie sid
stage fuzz fuzz_smoke
stage asan asan_suite
stage mutate bash tests/fuzz/mutate.sh --batch 40 "${SIPADV_MUTATIONS:-12000}"

printf '\n######## all stages\n'
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
