#!/usr/bin/env bash
# Installs the Debian packages the tests need when missing: chromium (report), gcc, binutils, valgrind, zlib1g-dev (C interop).
set -euo pipefail
# Chromium for the report's browser test; never fails the run (the test skips, saying why).
[ -f scripts/setup-browser.sh ] && bash scripts/setup-browser.sh
[ -f interop/setup.sh ] && exec bash interop/setup.sh
exit 0
