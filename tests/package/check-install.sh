#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmake --install` as a normal user puts the plugin in that user's personal folder, where
# the same user's tshark then loads it, the "SIP Advisor" profile in the user's profiles
# folder, and sipadv-explain and its man page under ~/.local. (As root the plugin and the
# profile go to the global folders, which the Debian package check covers, and
# sipadv-explain under CMAKE_INSTALL_PREFIX, checked here with a scratch prefix.)
set -euo pipefail
build=$1 ws_version=$2 version=$3

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
chmod 755 "$home"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$home"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  # cmake --install records what it installed in the build folder, which is root's here.
  touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"
fi
run() { (cd "$home" && env HOME="$home" WIRESHARK_PLUGIN_DIR="$home/none" "${as_user[@]}" "$@"); }

run cmake --install "$build" >/dev/null
want="$home/.local/lib/wireshark/plugins/$ws_version/epan/sipadv.so"
[ -f "$want" ] || { echo "FAIL: not installed at $want"; exit 1; }
row=$(run tshark -G plugins 2>/dev/null | grep '^sipadv\.so' | tr -s ' \t' ' ')
[ "$row" = "sipadv.so $version dissector $want" ] || { echo "FAIL: tshark -G plugins: '$row'"; exit 1; }
# The "SIP Advisor" profile lands in the same user's profiles folder, where tshark -C finds it.
profile="$home/.config/wireshark/profiles/SIP Advisor"
for f in colorfilters preferences dfilter_buttons; do
  [ -f "$profile/$f" ] || { echo "FAIL: profile file $f not installed in $profile"; exit 1; }
done
cp "$(dirname "$0")/../../captures/real-sipp-transfer-fail.pcapng" "$home/c.pcapng"
chmod 644 "$home/c.pcapng"
rule=$(run tshark -C "SIP Advisor" --color -2 -n -r "$home/c.pcapng" -Y frame.number==6 \
       -T fields -e frame.coloring_rule.name 2>&1) || { echo "FAIL: tshark -C 'SIP Advisor': $rule"; exit 1; }
[ "$rule" = "SIP transfer failed or rejected" ] || { echo "FAIL: profile colours frame 6 as '$rule'"; exit 1; }
# sipadv-explain goes to ~/.local/bin and its man page to ~/.local/share/man/man1, where man
# finds it once ~/.local/bin is on PATH.
cli="$home/.local/bin/sipadv-explain"
manpage="$home/.local/share/man/man1/sipadv-explain.1"
[ -x "$cli" ] || { echo "FAIL: sipadv-explain not installed at $cli"; exit 1; }
[ -f "$manpage" ] || { echo "FAIL: man page not installed at $manpage"; exit 1; }
out=$(run "$cli" 481 --method BYE) || { echo "FAIL: $cli 481 --method BYE: exit $?"; exit 1; }
case "$out" in
  "SIP 481 Call/Transaction Does Not Exist (4xx Client Failure) answering BYE"*) ;;
  *) echo "FAIL: $cli 481 --method BYE printed: ${out:0:200}"; exit 1 ;;
esac
if command -v man >/dev/null; then
  found=$(run env PATH="$home/.local/bin:$PATH" MANPATH= man -w sipadv-explain 2>&1) || true
  [ "$found" = "$manpage" ] || { echo "FAIL: man -w sipadv-explain: '$found'"; exit 1; }
fi
if [ "$(id -u)" = 0 ]; then
  prefix="$home/prefix"
  cmake --install "$build" --component cli --prefix "$prefix" >/dev/null
  [ -x "$prefix/bin/sipadv-explain" ] && [ -f "$prefix/share/man/man1/sipadv-explain.1" ] ||
    { echo "FAIL: as root, sipadv-explain is not under the prefix $prefix"; exit 1; }
fi
echo "PASS installed and loaded from $want; profile in $profile; $cli and $manpage"
