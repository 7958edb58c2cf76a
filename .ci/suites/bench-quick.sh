#!/usr/bin/env bash
# CI smoke run of the benchmark: builds, runs `pnpm bench --quick` (< 1 minute) and fails only if
# the bench crashes. No speed thresholds here: the targets live in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx -y pnpm@10 bench --quick
test -s bench/out/results-quick.json
