#!/bin/bash
# The whole test suite, as the README's quick start and CI run it: installs what it needs
# with apt-get, then builds the plugin with -Werror and runs every ctest test (unit tests,
# tshark integration tests, the package check) against this machine's Wireshark (4.0 on
# bookworm) and, in cached debootstrap chroots, against 4.4 (trixie) and 4.6 (sid).
# Ends with one line "N passed, N failed" over all versions.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    cmake make gcc libc6-dev pkg-config libglib2.0-dev binutils \
    libwireshark-dev wireshark-dev tshark python3 util-linux \
    debootstrap debian-archive-keyring git tar >/dev/null

exec bash tests/matrix/run-matrix.sh host trixie sid
