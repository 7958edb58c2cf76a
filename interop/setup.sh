#!/usr/bin/env bash
# Installs what the C interop tests need when it is missing: gcc, make, nm (binutils), valgrind and
# zlib's header and library (the unit checks compare the CRC-32 with zlib's).
# Idempotent: does nothing when all are present.
# Needs apt-get (Debian, Ubuntu) and root, or sudo, when something must be installed.
set -euo pipefail

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v nm >/dev/null 2>&1 || missing+=(binutils)
if ! command -v gcc >/dev/null 2>&1 || ! echo '#include <zlib.h>' | gcc -E - >/dev/null 2>&1; then missing+=(zlib1g-dev); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "interop/setup.sh: installing ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "interop/setup.sh: apt-get not found; install ${missing[*]} by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "interop/setup.sh: not root and no sudo; install ${missing[*]} by hand" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
