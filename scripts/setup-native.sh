#!/usr/bin/env bash
# Installs the Debian packages the C interop tests need (gcc, msgpuck, valgrind) when missing.
set -euo pipefail
[ -f interop/setup.sh ] && exec bash interop/setup.sh
exit 0
