#!/usr/bin/env bash
# Debian's Chromium for the end-to-end browser tests: installed when missing
# and apt-get can (root); otherwise says so, and those tests skip with the reason.
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
log="${TMPDIR:-/tmp}/storyline-chromium.log"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$log" 2>&1; then
    echo "installed chromium for the browser tests"
  else
    echo "could not install chromium (see $log): the browser tests will skip"
  fi
else
  echo "chromium is missing and apt-get cannot run here: the browser tests will skip"
fi
exit 0
