#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Starts the real Wireshark Qt GUI under Xvfb with the built plugin (and the "SIP Advisor"
# profile) in a private HOME, as an unprivileged user, on one capture.
#
#   run-gui.sh smoke PLUGIN CAPTURE            # GUI smoke test: main window up, capture
#                                              # loaded, no other (warning) window
#   run-gui.sh shot PLUGIN CAPTURE OUT.png [wireshark options...]
#                                              # a screenshot of the main window
# Needs: wireshark-qt xvfb xdotool imagemagick x11-utils (Debian packages).
set -euo pipefail
mode=$1 plugin=$2 capture=$3
shift 3
out=""
if [ "$mode" = shot ]; then out=$(realpath -m "$1"); shift; fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ws_version=$(tshark -v 2>/dev/null | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')

home=$(mktemp -d)
display=":$(( 90 + RANDOM % 100 ))"
cleanup() {
  [ -n "${ws_pid:-}" ] && kill "$ws_pid" 2>/dev/null || true
  [ -n "${x_pid:-}" ] && kill "$x_pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
mkdir -p "$home/.local/lib/wireshark/plugins/$ws_version/epan" \
         "$home/.config/wireshark/profiles/SIP Advisor" "$home/empty"
cp "$plugin" "$home/.local/lib/wireshark/plugins/$ws_version/epan/sipadv.so"
cp "$repo"/plugin/profile/{colorfilters,preferences,dfilter_buttons} \
   "$home/.config/wireshark/profiles/SIP Advisor/"
# No first-run dialogs: a recent file that says the welcome and update checks are done.
printf 'gui.update.enabled: FALSE\n' > "$home/.config/wireshark/preferences"
cp "$capture" "$home/capture.pcapng"
chmod -R a+rwX "$home"

as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
x_pid=$!
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done

# SIPADV_GUI_PRELOAD: the sanitizer runtime an ASan+UBSan plugin needs (the asan suite).
# No extcap helpers: none is needed to read a file, and with libasan preloaded some hang.
sanitizer=()
if [ -n "${SIPADV_GUI_PRELOAD:-}" ]; then
  sanitizer=(LD_PRELOAD="$SIPADV_GUI_PRELOAD" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)
fi
# Started from its own HOME: the user it runs as may not be allowed into the caller's folder
# (a clone made with mktemp -d is 0700), and then Wireshark never shows its window.
cd "$home"
env -i PATH=/usr/bin:/bin HOME="$home" DISPLAY="$display" XDG_RUNTIME_DIR="$home" \
    WIRESHARK_PLUGIN_DIR="$home/empty" WIRESHARK_EXTCAP_DIR="$home/empty" \
    QT_QPA_PLATFORM=xcb "${sanitizer[@]}" \
    "${as_user[@]}" wireshark -r "$home/capture.pcapng" "$@" >"$home/ws.log" 2>&1 &
ws_pid=$!

# The main window's title carries the capture's file name once it is loaded.
win=""
for _ in $(seq 150); do
  win=$(DISPLAY=$display xdotool search --onlyvisible --name 'capture\.pcapng' 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  kill -0 "$ws_pid" 2>/dev/null || { echo "FAIL: wireshark exited"; cat "$home/ws.log"; exit 1; }
  sleep 0.2
done
[ -n "$win" ] || { echo "FAIL: no main window with the capture loaded"; cat "$home/ws.log"; exit 1; }
sleep 2  # let it finish dissecting and drawing
DISPLAY=$display xdotool windowsize "$win" 1400 900 windowmove "$win" 0 0 || true
sleep 1

# Any other visible top-level window is a dialog (e.g. "found in multiple directories").
others=$(DISPLAY=$display xdotool search --onlyvisible --name '.' 2>/dev/null | while read -r w; do
           [ "$w" = "$win" ] && continue
           name=$(DISPLAY=$display xdotool getwindowname "$w" 2>/dev/null || true)
           [ -n "$name" ] && echo "$name"
         done)

case "$mode" in
  smoke)
    [ -z "$others" ] || { echo "FAIL: other windows are open: $others"; exit 1; }
    grep -qE 'AddressSanitizer|runtime error:' "$home/ws.log" && { echo "FAIL: sanitizer report:"; cat "$home/ws.log"; exit 1; }
    grep -qi 'sipadv' "$home/ws.log" && { echo "FAIL: sipadv in wireshark's log:"; cat "$home/ws.log"; exit 1; }
    echo "PASS: main window '$(DISPLAY=$display xdotool getwindowname "$win")', no dialog"
    echo "1 passed, 0 failed"
    ;;
  shot)
    # SIPADV_GUI_CLICK="x,y x,y ...": click there in turn (a tree row, a menu and one of
    # its items), then SIPADV_GUI_KEYS (xdotool key names, e.g. "shift+Right" to expand the
    # clicked row's subtrees).
    for xy in ${SIPADV_GUI_CLICK:-}; do
      DISPLAY=$display xdotool mousemove --window "$win" "${xy%,*}" "${xy#*,}" click 1
      sleep 0.7
    done
    for k in ${SIPADV_GUI_KEYS:-}; do DISPLAY=$display xdotool key "$k"; sleep 0.3; done
    [ -n "${SIPADV_GUI_CLICK:-}${SIPADV_GUI_KEYS:-}" ] && sleep 1
    shot_win=$win
    # SIPADV_GUI_WINDOW: screenshot the window with this title instead (a dialog the click
    # opened), resized to the screen's width.
    if [ "${SIPADV_GUI_WINDOW:-}" = root ]; then  # the whole screen, open menus included
      shot_win=root
    elif [ -n "${SIPADV_GUI_WINDOW:-}" ]; then
      for _ in $(seq 50); do
        shot_win=$(DISPLAY=$display xdotool search --onlyvisible --name "$SIPADV_GUI_WINDOW" 2>/dev/null | head -1 || true)
        [ -n "$shot_win" ] && break
        sleep 0.2
      done
      [ -n "$shot_win" ] || { echo "FAIL: no window named $SIPADV_GUI_WINDOW"; exit 1; }
      DISPLAY=$display xdotool windowsize "$shot_win" 1300 560 windowmove "$shot_win" 0 0 || true
      sleep 1.5
    fi
    DISPLAY=$display import -window "$shot_win" "$out"
    echo "wrote $out (other windows: ${others:-none})"
    ;;
esac
