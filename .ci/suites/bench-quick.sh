#!/usr/bin/env bash
# CI run of the benchmark: builds, runs `pnpm bench --quick` (about 2 minutes on 2 cores). The
# bench is the gate: it exits non-zero when a gated ratio (bench/lib/targets.mjs GATES) falls on
# the wrong side of its target by more than the noise margin it measured in the same run, and
# prints which ratio, its value, the target and the margin.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx -y pnpm@10 bench --quick
test -s bench/out/results-quick.json
