#!/bin/bash
# testbed/down.sh - stop what testbed/up.sh started, by PID file only (never by process name), in reverse order.
# Jobs still in the queue are cancelled first so that no slurmstepd or job process of ours outlives slurmd
# (--keep-jobs skips that: up.sh uses it to restart the daemons, and slurmctld keeps its jobs across a restart).
# Packages, data and keys stay; testbed/up.sh brings everything back.
set -uo pipefail
RUN_DIR=${RUN_DIR:-/var/lib/slurm-testbed/run}
QUIET=0; KEEP_JOBS=0
for a in "$@"; do case $a in --quiet) QUIET=1;; --keep-jobs) KEEP_JOBS=1;; *) echo "usage: $0 [--quiet] [--keep-jobs]" >&2; exit 2;; esac; done
say() { [ "$QUIET" = 1 ] || echo "[down] $*"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
T0=$(ms)
# a reaped-late child of PID 1 stays visible as a zombie for a while: zombie = gone
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

if [ "$KEEP_JOBS" = 0 ] && [ -f "$RUN_DIR/slurmctld.pid" ] && alive "$(cat "$RUN_DIR/slurmctld.pid")"; then
    jobs=$(squeue -h -o %i 2>/dev/null | tr '\n' ' ')
    if [ -n "${jobs// /}" ]; then
        say "cancelling jobs: $jobs"
        # shellcheck disable=SC2086  # a list of ids
        scancel $jobs 2>/dev/null
        for _ in $(seq 1 100); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.1; done
    fi
fi
for d in sshd slurmd2 slurmd slurmctld slurmdbd mariadb munged; do
    f=$RUN_DIR/$d.pid; p=$(cat "$f" 2>/dev/null) || continue; rm -f "$f"
    alive "$p" || continue
    kill "$p" 2>/dev/null
    for _ in $(seq 1 200); do alive "$p" || break; sleep 0.05; done
    if alive "$p"; then kill -9 "$p" 2>/dev/null; say "killed $d ($p) with SIGKILL"; else say "stopped $d ($p)"; fi
done
say "done in $(awk "BEGIN{print ($(ms)-$T0)/1000}") s"
