#!/usr/bin/env bash
# docs/FORMAT.md's tables and the committed C files derived from the schema (headers, state types,
# serializers, versions X-macro) must be current: fail when any is stale (regenerate with
# `pnpm gen:docs`, `node scripts/gen-c-headers.mjs` and `node scripts/gen-c-golden.mjs`).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx -y pnpm@10 run build
node scripts/gen-docs.mjs --check
node scripts/gen-c-headers.mjs --check
before=$(cat interop/c/golden_v*.c | sha256sum)
node scripts/gen-c-golden.mjs >/dev/null
after=$(cat interop/c/golden_v*.c | sha256sum)
if [ "$before" != "$after" ]; then echo "interop/c/golden_v*.c are stale: regenerate with node scripts/gen-c-golden.mjs and commit"; exit 1; fi
