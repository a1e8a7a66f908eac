#!/bin/bash
# The whole test suite, as the README's quick start and CI run it: installs what it needs
# with apt-get, builds the plugin with -Werror, and runs every ctest test (unit tests and
# tshark integration tests) against this machine's Wireshark.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    cmake make gcc libc6-dev pkg-config libglib2.0-dev \
    libwireshark-dev wireshark-dev tshark python3 util-linux >/dev/null

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
ctest --test-dir build -j"$(nproc)" --output-on-failure
