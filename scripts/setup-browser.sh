#!/usr/bin/env bash
# Installs Debian's chromium when missing: the report test (packages/cli/test/report.test.ts)
# loads the generated HTML in it, headless. Idempotent; needs apt-get and root or sudo. When it
# cannot install, it says why and exits 0: the browser test then skips, printing the reason.
set -uo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "scripts/setup-browser.sh: apt-get not found; install chromium by hand for the report test" >&2
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "scripts/setup-browser.sh: not root and no sudo; install chromium by hand for the report test" >&2
    exit 0
  fi
fi
echo "scripts/setup-browser.sh: installing chromium" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt run (interop/setup.sh, a parallel job) may hold the lock: wait for it.
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq || true
if ! "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium fonts-dejavu-core; then
  echo "scripts/setup-browser.sh: apt-get install chromium failed; the report's browser test will skip" >&2
fi
exit 0
