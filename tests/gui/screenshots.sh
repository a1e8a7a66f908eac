#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes the README's screenshots again with the real Wireshark Qt GUI under Xvfb:
#   tests/gui/screenshots.sh build/sipadv.so
# Writes tests/gui/screenshots/*.png (reduced to small palette PNGs). Look at each one
# before committing it.
set -euo pipefail
plugin=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$here/screenshots"
mkdir -p "$out"
shrink() { convert "$1" -strip -resize 1000x -colors 96 "PNG8:$2"; rm -f "$1"; }

# The advisor subtree of a 500 (frame 30), expanded: click its row, expand its subtrees.
SIPADV_GUI_CLICK="200,583" SIPADV_GUI_KEYS="shift+Right" \
  bash "$here/run-gui.sh" shot "$plugin" "$repo/captures/crafted-responses-udp.pcapng" \
  /tmp/sipadv-shot-500.png -g 30 -o gui.layout_content_3:NONE
shrink /tmp/sipadv-shot-500.png "$out/response-500.png"

# A failed transfer with the "SIP Advisor" profile's colours, columns and buttons.
bash "$here/run-gui.sh" shot "$plugin" "$repo/captures/real-sipp-transfer-fail.pcapng" \
  /tmp/sipadv-shot-transfer.png -C "SIP Advisor" -g 14
shrink /tmp/sipadv-shot-transfer.png "$out/transfer-failed-profile.png"
# Expert Information, opened by clicking the status bar's expert indicator.
SIPADV_GUI_CLICK="16,888" SIPADV_GUI_WINDOW="Expert Information" \
  bash "$here/run-gui.sh" shot "$plugin" "$repo/captures/crafted-hints-udp.pcapng" \
  /tmp/sipadv-shot-expert.png
shrink /tmp/sipadv-shot-expert.png "$out/expert-information.png"
# Statistics > SIP Response Advisor (the last entry of the Statistics menu on 4.0; the
# coordinates are those of a 1400x900 screen).
SIPADV_GUI_CLICK="324,10 389,713" SIPADV_GUI_WINDOW="SIP Response Advisor" \
  bash "$here/run-gui.sh" shot "$plugin" "$repo/captures/crafted-hints-udp.pcapng" \
  /tmp/sipadv-shot-stats.png
shrink /tmp/sipadv-shot-stats.png "$out/statistics.png"
ls -l "$out"
