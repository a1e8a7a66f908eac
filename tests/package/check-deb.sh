#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the .deb with cpack and checks what a Debian user would get: the plugin in the
# global folder of the Wireshark major.minor it was built for, and a dependency on that
# release's libwireshark ABI package (named after the library's SONAME).
set -euo pipefail
build=$1 ws_version=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)

cd "$build"
rm -f wireshark-plugin-sipadv_*.deb
cpack >/dev/null
deb=$(ls wireshark-plugin-sipadv_"$version"-ws"$ws_version"_*.deb)

fail() { echo "FAIL: $*"; exit 1; }

path=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep 'sipadv\.so$') || fail "no sipadv.so in $deb"
case "$path" in
  ./usr/lib/*/wireshark/plugins/"$ws_version"/epan/sipadv.so) ;;
  *) fail "plugin installed at $path, not under plugins/$ws_version/epan" ;;
esac

# The ABI the plugin was linked against, as the dynamic loader will look for it.
soname=$(objdump -p sipadv.so | awk '/NEEDED/ && /libwireshark\.so/ {print $2}')
[ -n "$soname" ] || fail "sipadv.so does not link libwireshark"
abi_pkg="libwireshark${soname##*.so.}"
depends=$(dpkg-deb -f "$deb" Depends)
next_minor=$(( ${ws_version#*.} + 1 ))
want="$abi_pkg (>= $ws_version), $abi_pkg (<< ${ws_version%%.*}.$next_minor)"
case "$depends" in
  "$want, "*libc6*) ;;
  *) fail "Depends is '$depends', want '$want' followed by the computed libc6 and others" ;;
esac
files=$(dpkg-deb -c "$deb" | awk '{$1=$2=$3=$4=$5=""; sub(/^ +/, ""); print}')
for f in "./usr/share/wireshark/profiles/SIP Advisor/colorfilters" \
         "./usr/share/wireshark/profiles/SIP Advisor/preferences" \
         "./usr/share/wireshark/profiles/SIP Advisor/dfilter_buttons" \
         ./usr/share/doc/wireshark-plugin-sipadv/copyright \
         ./usr/share/doc/wireshark-plugin-sipadv/changelog.Debian.gz \
         ./usr/share/doc/wireshark-plugin-sipadv/sipadv-profile.zip \
         ./usr/bin/sipadv-explain \
         ./usr/share/man/man1/sipadv-explain.1.gz; do
  grep -qxF "$f" <<<"$files" || fail "$f is not in $deb"
done
# sipadv-explain runs from the package without Wireshark, and its man page is the source's,
# compressed with no file name or time stamp in the gzip header (gzip -9n).
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
[ -x "$unpacked/usr/bin/sipadv-explain" ] || fail "usr/bin/sipadv-explain is not executable"
"$unpacked/usr/bin/sipadv-explain" 202 500 | grep -q '^Key difference$' ||
  fail "the packaged sipadv-explain does not compare 202 and 500"
man_gz="$unpacked/usr/share/man/man1/sipadv-explain.1.gz"
cmp -s <(gzip -dc "$man_gz") "$here/../../plugin/cli/sipadv-explain.1" ||
  fail "the packaged man page differs from plugin/cli/sipadv-explain.1"
[ "$(od -An -tx1 -j3 -N5 "$man_gz" | tr -d ' ')" = 0000000000 ] ||
  fail "the man page's gzip header holds a name or time stamp"
# Debian's own package checker, when installed: no error and no warning.
if command -v lintian >/dev/null; then
  tags=$(lintian --tag-display-limit 0 "$deb" 2>/dev/null | grep -E '^[EW]: ' || true)
  [ -z "$tags" ] || fail "lintian: $tags"
  lint="lintian clean"
else
  lint="lintian not installed: not run"
fi
[ "$(dpkg-deb -f "$deb" Version)" = "$version-ws$ws_version" ] || fail "bad Version"
echo "PASS $deb: $path, Depends: $depends; sipadv-explain and its man page; $lint"
