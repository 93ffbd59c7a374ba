#!/bin/bash
# testbed/ctl.sh - stop, start or check ONE daemon of the running test bed, by its PID file (never by name), for
# fault-injection tests such as "accounting down": `ctl.sh stop slurmdbd` ... `ctl.sh start slurmdbd`.
#   stop   NAME   SIGTERM by PID file, SIGKILL after 10 s; the PID file goes (as down.sh does)
#   start  NAME   starts it with the same command line as up.sh, detached, and waits until it answers
#   status NAME   prints "NAME running (pid N)" or "NAME stopped"; exit 0 when running, 3 when stopped
# Only slurmdbd can be started here so far; everything else comes back with testbed/up.sh. Run as root.
set -uo pipefail
RUN_DIR=${RUN_DIR:-/var/lib/slurm-testbed/run}
usage() { echo "usage: $0 stop|start|status slurmdbd" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1 name=$2
case $name in slurmdbd) ;; *) usage;; esac
ms() { echo $(( $(date +%s%N) / 1000000 )); }
say() { echo "[ctl] $*"; }
die() { echo "[ctl] ERROR: $*" >&2; exit 1; }
# a reaped-late child of PID 1 stays visible as a zombie for a while: zombie = gone
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pidfile=$RUN_DIR/$name.pid
pid=$(cat "$pidfile" 2>/dev/null || true)
T0=$(ms)

case $action in
status)
    if [ -n "$pid" ] && alive "$pid"; then echo "$name running (pid $pid)"; exit 0; fi
    echo "$name stopped"; exit 3 ;;
stop)
    if [ -z "$pid" ] || ! alive "$pid"; then rm -f "$pidfile"; say "$name was not running"; exit 0; fi
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
    if alive "$pid"; then kill -9 "$pid" 2>/dev/null; say "killed $name ($pid) with SIGKILL"; else say "stopped $name ($pid)"; fi
    rm -f "$pidfile" ;;
start)
    [ "$(id -u)" = 0 ] || die "must run as root"
    if [ -n "$pid" ] && alive "$pid"; then say "$name already running (pid $pid)"; exit 0; fi
    # the command line of up.sh's start_bg; the log is appended to, so the first start's output stays
    setsid nohup /usr/sbin/slurmdbd -D >>"/var/log/testbed-$name.out" 2>&1 </dev/null &
    echo $! >"$pidfile"
    say "started $name (pid $!)"
    end=$(( $(ms) + 60000 ))
    until port_open 6819 && sacctmgr -n list cluster >/dev/null 2>&1; do
        alive "$(cat "$pidfile")" || die "$name exited at start; see /var/log/testbed-$name.out"
        [ "$(ms)" -lt "$end" ] || die "$name not answering after 60 s"
        sleep 0.1
    done ;;
*) usage ;;
esac
say "$action $name done in $(awk "BEGIN{print ($(ms)-$T0)/1000}") s"
