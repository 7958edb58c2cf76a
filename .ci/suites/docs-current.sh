#!/usr/bin/env bash
# docs/FORMAT.md's tables and the committed C headers are derived from the schema: fail when
# either is stale (regenerate with `pnpm gen:docs` and `node scripts/gen-c-headers.mjs`).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx -y pnpm@10 run build
node scripts/gen-docs.mjs --check
before=$(cat interop/c/include/*.h | sha256sum)
node scripts/gen-c-headers.mjs
after=$(cat interop/c/include/*.h | sha256sum)
if [ "$before" != "$after" ]; then echo "interop/c/include is stale: regenerate with node scripts/gen-c-headers.mjs and commit"; exit 1; fi
