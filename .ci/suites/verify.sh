#!/usr/bin/env bash
# The verifier at its default budget (every property, the static compat check, the golden
# fixtures), as a developer runs it before pushing a format change: about 10 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx -y pnpm@10 verify
