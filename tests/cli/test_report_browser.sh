#!/usr/bin/env bash
# The report of the quickstart campaign in a real browser: headless
# Chromium (Debian `chromium`) renders quickstart.html offline and takes a
# screenshot; the screenshot must have the window's size, not be blank, and
# be laid out (ink down the page and across both halves, figures in
# colour). The window is 1280 x 4000 CSS pixels at half scale: the
# summary, provenance, phantom slices and SAF plots fit in it.
source "$(dirname "$0")/common.sh"
source "$here/report_quickstart.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: no chromium on PATH (Debian package 'chromium'; .ci/run installs it)"
  exit 77
fi

quickstart_campaign quickstart.h5
"$bin" report quickstart.h5 > /dev/null || fail "report"
[ -s quickstart.html ] || fail "no quickstart.html"
# --no-sandbox: CI runs as root, where Chromium refuses its sandbox; the
# page is our own. A private profile keeps the user's away; no network is
# needed, and none is allowed to matter.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
  --user-data-dir="$tmp/profile" --hide-scrollbars \
  --force-device-scale-factor=0.5 --window-size=1280,4000 \
  --screenshot="$tmp/shot.png" "file://$tmp/quickstart.html" \
  > chromium.log 2>&1 || { cat chromium.log; fail "chromium failed"; }
[ -s shot.png ] || { cat chromium.log; fail "no screenshot"; }
"$PY" "$here/report_check.py" screenshot shot.png 640 2000 || fail "screenshot"
ok
echo "report_browser: $passed checks passed"
