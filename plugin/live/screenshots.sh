#!/usr/bin/env bash
# Screenshots of the live controller for docs/img (a manual step, not part of CI): the build page and the
# evaluation page of build 2 of the job 'eval' (its trend covers builds 1 and 2), and the Snippet Generator with
# the slurmEvaluate step. Starts the controller if it is not running (and stops it again), runs the builds the job
# lacks, and uses Debian's chromium (installed if missing) through playwright-core (npm, package.json here).
#
#   plugin/live/screenshots.sh [--home DIR] [--build N] [--out DIR]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/docs/img
BUILD=2
HOME_ARGS=()
while [ $# -gt 0 ]; do
    case $1 in
        --home) [ $# -ge 2 ] || { echo "screenshots.sh: --home needs a directory" >&2; exit 2; }; HOME_ARGS=(--home "$2"); shift 2 ;;
        --build) [ $# -ge 2 ] || { echo "screenshots.sh: --build needs a number" >&2; exit 2; }; BUILD=$2; shift 2 ;;
        --out) [ $# -ge 2 ] || { echo "screenshots.sh: --out needs a directory" >&2; exit 2; }; OUT=$2; shift 2 ;;
        *) echo "usage: plugin/live/screenshots.sh [--home DIR] [--build N] [--out DIR]" >&2; exit 2 ;;
    esac
done

controller() { bash "$HERE/controller.sh" "$1" "${HOME_ARGS[@]}"; }

if ! command -v chromium >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
# playwright-core, pinned exactly in package.json, has no dependencies: no lock file
(cd "$HERE" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)

if ! controller status >/dev/null; then
    controller start
    trap 'controller stop' EXIT
fi
mkdir -p "$OUT"
LIVE_URL=$(controller url) LIVE_PASSWORD=$(controller password) LIVE_BUILD=$BUILD LIVE_OUT=$OUT \
    node "$HERE/screenshots.mjs"
