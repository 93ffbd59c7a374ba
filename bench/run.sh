#!/usr/bin/env bash
# Runs every benchmark (P1-P6) against the local Slurm test bed (testbed/up.sh) and writes
# bench/results/<YYYY-MM-DD>.md plus the P4 latency chart next to it. Needs root (sdiag, sacctmgr, ss -p).
#   bench/run.sh                 everything (about 7 minutes)
#   bench/run.sh --only P3,P6    some of them
#   bench/run.sh --runs 20       P1/P2 with 20 evaluations instead of 50
set -euo pipefail
cd "$(dirname "$0")/.."
if pgrep -f failsafe >/dev/null; then
  echo "note: an end-to-end test run (failsafe) is running; the figures may be disturbed (the report says so)" >&2
fi
./mvnw -q -B -Pbench -pl bench -am package -DskipTests
exec java -jar bench/target/slurm-evaluate-bench.jar --out bench/results "$@"
