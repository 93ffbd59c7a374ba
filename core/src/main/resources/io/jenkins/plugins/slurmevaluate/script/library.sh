# ---- library: the same in every run.sub; each function is executed by the unit tests (ScriptLibraryTest) ----

_SE_TIME_SLACK=60            # a link that ran this close to its time limit and got SIGTERM timed out
_SE_TERM=''                  # set when this link received SIGTERM
_SE_WORKLOAD=''              # set once this link decided to run the workload
_SE_STOP=''                  # why this link ends the chain without running the workload
_SE_SUCCESSOR=''             # the job id of the link this one queued
_SE_QUEUEING=''              # set while this link queues its successor: SIGTERM waits until it is recorded
_SE_PREV_STATE=''            # the predecessor's final state, and who told it (sacct, scontrol, marker, none)
_SE_PREV_SOURCE=none
SE_BACKGROUND_PIDS=()        # every srun started in the background, stopped by the EXIT trap

# Seconds in a Slurm duration: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. Every field is read in base 10
# (10#), so 08 and 09 are not octal errors; anything else fails, so a malformed limit never counts as 0 s.
_se_duration_seconds() {
    local d=0 h=0 m=0 s=0
    if [[ $1 =~ ^([0-9]+)-([0-9]+)(:([0-9]+)(:([0-9]+))?)?$ ]]; then
        d=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]} m=${BASH_REMATCH[4]:-0} s=${BASH_REMATCH[6]:-0}
    elif [[ $1 =~ ^([0-9]+):([0-9]+):([0-9]+)$ ]]; then
        h=${BASH_REMATCH[1]} m=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
    elif [[ $1 =~ ^([0-9]+):([0-9]+)$ ]]; then
        m=${BASH_REMATCH[1]} s=${BASH_REMATCH[2]}
    elif [[ $1 =~ ^([0-9]+)$ ]]; then
        m=${BASH_REMATCH[1]}
    else
        return 1
    fi
    echo $((10#$d * 86400 + 10#$h * 3600 + 10#$m * 60 + 10#$s))
}

# The first word of a Slurm state ("CANCELLED by 1001" and "CANCELLED+" are CANCELLED); nothing if malformed.
_se_state_word() {
    local s=${1%% *}
    s=${s%+}
    if [[ $s =~ ^[A-Z_]+$ ]]; then echo "$s"; fi
}

# True for the states in which a job has ended for good (COMPLETING is still running).
_se_is_final() {
    case $1 in
    COMPLETED | FAILED | CANCELLED | TIMEOUT | PREEMPTED | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) return 0 ;;
    *) return 1 ;;
    esac
}

# What a successor does after a predecessor that ended in state $1: "resume", or "stop <reason>".
_se_decide() {
    case $1 in
    TIMEOUT | PREEMPTED | NODE_FAIL) echo resume ;;
    COMPLETED) echo "stop completed" ;;
    '') echo "stop prev_unknown" ;;
    *) echo "stop prev_${1,,}" ;;
    esac
}

# "ok", or the budget that is used up: $1 links so far of at most $2 (empty: no cap); $3 seconds of run time so far
# of at most $4 (empty: no limit); $5 latest links in a row that each ended within $7 seconds of starting without
# progress, of at most $6 (the stall guard: links that end at once, again and again, and never reach max_walltime).
_se_budget() {
    if [[ -n $2 ]] && (($1 >= $2)); then
        echo "max_links links=$1 limit=$2"
    elif [[ -n $4 ]] && (($3 >= $4)); then
        echo "max_walltime used=$3 limit=$4"
    elif [[ -n ${6:-} ]] && ((${5:-0} >= $6)); then
        echo "no_progress links=$5 within=$7"
    else
        echo ok
    fi
}

# The budget verdict $1 in words, for the job log.
_se_budget_words() {
    local v=" $1" n
    case $1 in
    max_links*) n=${v#* links=} && echo "${n%% *} links ran; max_chain_links is ${v#* limit=}" ;;
    max_walltime*) n=${v#* used=} && echo "the links ran ${n%% *}s; max_walltime is ${v#* limit=}s" ;;
    no_progress*) n=${v#* links=} && echo "the last ${n%% *} links each ended within ${v#* within=}s of starting without progress (artifacts/progress unchanged)" ;;
    esac
}

# The first word of artifacts/progress, the sample count nemo-evaluator's progress tracking keeps; nothing if absent.
_se_progress() {
    _se_first_word "$_SE_PROGRESS_FILE"
}

# How many of the links in .slurm_job_id.list, counted back from the latest, each ran less than _SE_QUICK_SECONDS
# and left artifacts/progress as it found it: a link's progress is the change from what it found at its start
# (its .progress marker) to what the next link found (or what is there now, for the latest).
_se_stalled_links() {
    local ids i n=0 after before
    mapfile -t ids < <(_se_links)
    after=$(_se_progress)
    for ((i = ${#ids[@]} - 1; i >= 0; i--)); do
        before=$(_se_first_word "$(_se_progress_marker "${ids[i]}")")
        if [[ $before != "$after" ]] || (($(_se_link_seconds "${ids[i]}") >= _SE_QUICK_SECONDS)); then break; fi
        n=$((n + 1))
    done
    echo "$n"
}

# Appends one event to .chain_status: "<epoch> <job id> <event> [key=value]..." (docs/chain-protocol.md).
_se_event() {
    echo "slurm-evaluate: chain: $*"
    printf '%s %s %s\n' "$(date +%s)" "$SLURM_JOB_ID" "$*" >>"$_SE_CHAIN_STATUS" ||
        echo "slurm-evaluate: cannot append to $_SE_CHAIN_STATUS" >&2
}

# The first word of file $1, if it exists.
_se_first_word() {
    local word=''
    if [[ -f $1 ]]; then read -r word _ <"$1" || true; fi
    echo "$word"
}

# The job ids in .slurm_job_id.list, one per line: the links that ran so far.
_se_links() {
    local id
    if [[ -f $_SE_JOB_LIST ]]; then
        while read -r id; do
            if [[ $id =~ ^[0-9]+$ ]]; then echo "$id"; fi
        done <"$_SE_JOB_LIST"
    fi
}

# TIMEOUT, COMPLETED or FAILED as job $1's own markers tell it, for when accounting and the controller have
# forgotten the job; nothing when they cannot tell. A link that got SIGTERM (143) after running its whole time
# limit timed out; so did one that left no end marker after its time limit (killed outright after KillWait).
_se_marker_state() {
    local start end code
    start=$(_se_first_word "$(_se_start_marker "$1")")
    [[ $start =~ ^[0-9]+$ ]] || return 0
    if [[ -f $(_se_end_marker "$1") ]]; then
        read -r end code <"$(_se_end_marker "$1")" || true
        [[ $end =~ ^[0-9]+$ && $code =~ ^[0-9]+$ ]] || return 0
        if ((code == 0)); then
            echo COMPLETED
        elif ((code != 143)); then
            echo FAILED
        elif ((end - start >= _SE_TIME_LIMIT_SECONDS - _SE_TIME_SLACK)); then
            echo TIMEOUT
        fi
    elif (($(date +%s) - start >= _SE_TIME_LIMIT_SECONDS - _SE_TIME_SLACK)); then
        echo TIMEOUT
    fi
}

# Sets _SE_PREV_STATE and _SE_PREV_SOURCE for job $1, which has ended: sacct, asked again while it shows no final
# state (accounting lags behind the controller); then scontrol (it knows a job for MinJobAge); then the job's own
# markers. An empty state with source "none" when nobody can tell.
_se_prev_state() {
    local try state
    for ((try = 1; try <= _SE_SACCT_TRIES; try++)); do
        state=$(sacct -X -n -P -j "$1" -o State 2>/dev/null </dev/null | head -n 1)
        state=$(_se_state_word "$state")
        if _se_is_final "$state"; then
            _SE_PREV_STATE=$state _SE_PREV_SOURCE=sacct
            return 0
        fi
        if ((try < _SE_SACCT_TRIES)); then sleep "$_SE_SACCT_DELAY"; fi
    done
    state=$(scontrol show job "$1" 2>/dev/null </dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1)
    state=$(_se_state_word "${state#JobState=}")
    if _se_is_final "$state"; then
        _SE_PREV_STATE=$state _SE_PREV_SOURCE=scontrol
        return 0
    fi
    state=$(_se_marker_state "$1")
    if [[ -n $state ]]; then
        _SE_PREV_STATE=$state _SE_PREV_SOURCE=marker
    else
        _SE_PREV_STATE='' _SE_PREV_SOURCE=none
    fi
}

# Seconds that link $1 ran: sacct's ElapsedRaw; else its markers (end - start); else from its start to its time
# limit or to now, whichever is sooner; else its whole time limit, so that a link nobody knows about never makes
# the max_walltime budget look unused.
_se_link_seconds() {
    local raw start end code now
    raw=$(sacct -X -n -P -j "$1" -o ElapsedRaw 2>/dev/null </dev/null | head -n 1)
    if [[ $raw =~ ^[0-9]+$ ]]; then
        echo "$raw"
        return 0
    fi
    start=$(_se_first_word "$(_se_start_marker "$1")")
    if [[ ! $start =~ ^[0-9]+$ ]]; then
        echo "$_SE_TIME_LIMIT_SECONDS"
        return 0
    fi
    if [[ -f $(_se_end_marker "$1") ]]; then
        read -r end code <"$(_se_end_marker "$1")" || true
        if [[ $end =~ ^[0-9]+$ ]] && ((end >= start)); then
            echo $((end - start))
            return 0
        fi
    fi
    now=$(date +%s)
    if ((now - start < _SE_TIME_LIMIT_SECONDS)); then echo $((now - start)); else echo "$_SE_TIME_LIMIT_SECONDS"; fi
}

# The run time, in seconds, of every link in .slurm_job_id.list.
_se_used_seconds() {
    local id total=0 ids
    mapfile -t ids < <(_se_links)
    for id in ${ids[@]+"${ids[@]}"}; do
        total=$((total + $(_se_link_seconds "$id")))
    done
    echo "$total"
}

# Queues the next link: the same script from the shared filesystem (not the spool copy $0), with this job's id
# as $1, to start only if this job ends "not ok" (time limit, preemption, node failure, cancel, failure).
# A SIGTERM (a kill, say) that arrives while sbatch runs is handled once the new job id is recorded, so the EXIT
# trap knows the successor and can cancel it.
_se_queue_successor() {
    local out rc=0
    _SE_QUEUEING=1
    out=$(sbatch --parsable --dependency="afternotok:$SLURM_JOB_ID" "$_SE_SCRIPT" "$SLURM_JOB_ID" </dev/null) || rc=$?
    out=${out##*$'\n'}
    out=${out%%;*}
    if ((rc == 0)) && [[ $out =~ ^[0-9]+$ ]]; then
        _SE_SUCCESSOR=$out
        _se_event successor "id=$out"
    else
        echo "slurm-evaluate: could not queue the next link (sbatch exit code $rc): the chain cannot resume after this job" >&2
        _se_event successor_failed "rc=$rc"
    fi
    _SE_QUEUEING=''
    if [[ -n $_SE_TERM ]]; then exit 143; fi
}

# Cancels the link this one queued, when this link ends the chain itself.
# shellcheck disable=SC2317 # called from a trap
_se_cancel_successor() {
    if [[ -z $_SE_SUCCESSOR ]]; then return 0; fi
    if scancel "$_SE_SUCCESSOR" </dev/null; then
        _se_event successor_cancelled "id=$_SE_SUCCESSOR"
    else
        echo "slurm-evaluate: could not cancel job $_SE_SUCCESSOR; it stays pending until the watcher cancels it" >&2
    fi
}

# Stops every srun this link started in the background. A process that is already gone is fine: teardown must
# never turn a successful evaluation into a failed job.
_se_stop_background() {
    local pid
    for pid in ${SE_BACKGROUND_PIDS[@]+"${SE_BACKGROUND_PIDS[@]}"}; do
        kill "$pid" 2>/dev/null || true
    done
}

# The TERM trap: Slurm's time limit, a preemption or scancel. The link stops; its successor decides what next.
# shellcheck disable=SC2317 # called from a trap
_se_on_term() {
    _SE_TERM=1
    echo "slurm-evaluate: SIGTERM received (time limit, preemption or scancel): this link stops" >&2
    if [[ -n $_SE_QUEUEING ]]; then return 0; fi # _se_queue_successor exits once its successor is recorded
    exit 143
}

# The state Slurm already gives this job as its shell ends, when that is a final one other than COMPLETED: the job
# is being taken down (NODE_FAIL, TIMEOUT, PREEMPTED, CANCELLED...) and the exit code says nothing about the
# workload (srun exits 0 when its step dies with a failed node). Nothing while the job is still RUNNING, or when
# scontrol cannot tell.
_se_ended_by_slurm() {
    local state
    state=$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null </dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1)
    state=$(_se_state_word "${state#JobState=}")
    if _se_is_final "$state" && [[ $state != COMPLETED ]]; then echo "$state"; fi
}

# The EXIT trap: records how this link ended (end marker, exit event) and, unless SIGTERM stopped it or Slurm had
# already ended its job, ends the chain: it cancels the queued successor and says why the chain stopped.
# shellcheck disable=SC2317 # called from a trap
_se_on_exit() {
    local code=$? ended='' details=()
    { set +x; } 2>/dev/null
    set +e
    # Slurm's SIGTERM (a time limit or a kill that comes just as the workload ends) must not cut this trap short:
    # the chain would lose its stop event and keep its successor queued. SIGKILL after KillWait still ends it.
    trap '' TERM
    printf '%s %s\n' "$(date +%s)" "$code" >"$(_se_end_marker "$SLURM_JOB_ID")" ||
        echo "slurm-evaluate: cannot write the end marker" >&2
    if [[ -z $_SE_TERM && -z $_SE_STOP ]]; then ended=$(_se_ended_by_slurm); fi
    if [[ -n $_SE_TERM ]]; then details+=(signal=TERM); fi
    if [[ -n $ended ]]; then
        details+=("slurm_state=$ended")
        echo "slurm-evaluate: Slurm ended this job ($ended) as it exited with $code: the next link decides" >&2
    fi
    _se_event exit "code=$code" ${details[@]+"${details[@]}"}
    _se_stop_background
    if [[ -n $_SE_STOP ]]; then
        _se_event stopped "reason=$_SE_STOP"
    elif [[ -z $_SE_TERM && -z $ended ]] && ((code == 0)); then
        _se_cancel_successor
        _se_event stopped reason=completed
    elif [[ -e $_SE_KILLED ]]; then
        _se_cancel_successor
        _se_event stopped reason=killed
    elif [[ -z $_SE_TERM && -z $ended ]]; then
        _se_cancel_successor
        _se_event stopped reason=failed "code=$code"
    fi
    exit "$code"
}

# First thing in every link: the start marker, then the traps that record how the link ends.
_se_link_start() {
    if [[ -z ${SLURM_JOB_ID:-} ]]; then
        echo "slurm-evaluate: run.sub runs only as a Slurm batch job (SLURM_JOB_ID is not set)" >&2
        exit 2
    fi
    { mkdir -p "$_SE_MARKERS_DIR" && date +%s >"$(_se_start_marker "$SLURM_JOB_ID")"; } ||
        echo "slurm-evaluate: cannot write the start marker" >&2
    echo "slurm-evaluate: job $SLURM_JOB_ID, task directory $SE_TASK_DIR, invocation $SE_INVOCATION_ID"
    _SE_TIME_LIMIT_SECONDS=$(_se_duration_seconds "$_SE_TIME_LIMIT") || {
        echo "slurm-evaluate: $_SE_TIME_LIMIT is not a Slurm time limit" >&2
        exit 2
    }
    trap _se_on_term TERM
    trap _se_on_exit EXIT
}

# Fails, naming them, when variables that run.sub expects from .secrets.env are not set: the file was written
# for another rendering of this script.
_se_require_vars() {
    local name missing=()
    for name in "$@"; do
        [[ -v $name ]] || missing+=("$name")
    done
    if ((${#missing[@]} > 0)); then
        echo "slurm-evaluate: $_SE_SECRETS does not define ${missing[*]}: it belongs to another rendering of run.sub; stage the task again" >&2
        exit 1
    fi
}

# Decides whether this link runs (docs/chain-protocol.md, "The decision a successor takes"), $1 being the
# previous link's job id (empty for the first link). Returns when the link runs; exits 0 when the chain stops
# here, leaving the stopped event to the EXIT trap.
_se_chain_begin() {
    local prev=$1 verdict links
    if [[ -e $_SE_KILLED ]]; then _se_stop killed; fi
    links=$(_se_links | wc -l)
    if [[ -n $prev ]]; then
        if [[ $prev =~ ^[0-9]+$ ]]; then _se_prev_state "$prev"; fi
        verdict=$(_se_decide "$_SE_PREV_STATE")
        if [[ $verdict != resume ]]; then _se_stop "${verdict#stop }"; fi
        verdict=$(_se_budget "$links" "$_SE_MAX_LINKS" "$(_se_used_seconds)" "$_SE_MAX_WALLTIME_SECONDS" \
            "$(_se_stalled_links)" "$_SE_STALL_LINKS" "$_SE_QUICK_SECONDS")
        if [[ $verdict != ok ]]; then
            echo "slurm-evaluate: $(_se_budget_words "$verdict")"
            _se_stop "$verdict"
        fi
    fi
    _se_queue_successor
    echo "$SLURM_JOB_ID" >>"$_SE_JOB_LIST" || echo "slurm-evaluate: cannot append to $_SE_JOB_LIST" >&2
    _se_progress >"$(_se_progress_marker "$SLURM_JOB_ID")" || echo "slurm-evaluate: cannot write the progress marker" >&2
    links=$((links + 1))
    if [[ -n $prev ]]; then
        _se_event resumed "link=$links" "prev=$prev" "prev_state=$_SE_PREV_STATE" "source=$_SE_PREV_SOURCE"
    else
        _se_event started "link=$links"
    fi
    _SE_WORKLOAD=1
}

# Ends the chain here, before any work: the EXIT trap writes "stopped reason=$1".
_se_stop() {
    _SE_STOP=$1
    echo "slurm-evaluate: the chain stops here: $1"
    exit 0
}

# Joins $2... with the separator $1.
_se_join() {
    local IFS=$1
    shift
    echo "$*"
}

# Fills SE_NODES with the job's host names, in Slurm's order. Without scontrol only a one-node job can go on
# (on this host): a layout of several nodes fails here instead of running squeezed onto one node.
_se_resolve_nodes() {
    local expected=$1 list=${SLURM_JOB_NODELIST:-${SLURM_NODELIST:-}} out=''
    if [[ -n $list ]] && command -v scontrol >/dev/null 2>&1; then
        out=$(scontrol show hostnames "$list") || out=''
    fi
    if [[ -n $out ]]; then
        mapfile -t SE_NODES <<<"$out"
    elif ((expected <= 1)); then
        SE_NODES=("$(hostname)")
    else
        echo "slurm-evaluate: cannot list the $expected nodes of this job (scontrol is missing or failed, or SLURM_JOB_NODELIST is empty)" >&2
        return 1
    fi
    if ((${#SE_NODES[@]} < expected)); then
        echo "slurm-evaluate: this job has ${#SE_NODES[@]} node(s) (${SE_NODES[*]}) but the layout needs $expected" >&2
        return 1
    fi
}

# The first address of each node given, one per line: hostname --ip-address prints several on a multi-homed node.
_se_node_ips() (
    { set +x; } 2>/dev/null
    local node out
    for node in "$@"; do
        out=$(srun --overlap --nodelist="$node" --nodes=1 --ntasks=1 hostname --ip-address) || return 1
        read -r out _ <<<"$out"
        if [[ -z $out ]]; then
            echo "slurm-evaluate: no IP address for node $node" >&2
            return 1
        fi
        echo "$out"
    done
)

# Prints the last 50 lines of the logs of a server, given its srun --output pattern (%A: this job, %t: any rank).
_se_dump_logs() (
    { set +x; } 2>/dev/null
    local dir=${1%/*} name=${1##*/} f
    dir=${dir//"%%"/%}
    name=${name//"%A"/$SLURM_JOB_ID}
    name=${name//"%t"/*}
    for f in "$dir"/$name; do
        if [[ -f $f ]]; then
            echo "----- last 50 lines of $f -----"
            tail -n 50 "$f"
        fi
    done >&2
)

# Waits until $2 answers with a 2xx status. Fails after $3 seconds, or as soon as one of the server processes
# ($5...) has exited, showing the tail of the server's logs ($4, an srun --output pattern) so the reason is here.
_se_wait_ready() (
    { set +x; } 2>/dev/null
    local what=$1 url=$2 timeout=$3 logs=$4 start=$SECONDS code pid
    shift 4
    echo "slurm-evaluate: waiting up to ${timeout}s for $what at $url"
    while true; do
        code=$(curl -s -o /dev/null --connect-timeout 5 --max-time 10 -w '%{http_code}' "$url") || code=000
        if [[ $code == 2?? ]]; then
            echo "slurm-evaluate: $what is ready after $((SECONDS - start))s"
            return 0
        fi
        for pid in "$@"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "slurm-evaluate: $what: server process $pid exited before it was ready" >&2
                _se_dump_logs "$logs"
                return 1
            fi
        done
        if ((SECONDS - start >= timeout)); then
            echo "slurm-evaluate: $what is not ready after ${timeout}s (last HTTP status $code)" >&2
            _se_dump_logs "$logs"
            return 1
        fi
        sleep 5
    done
)

# Writes haproxy configuration $2 from template $1, the placeholder {IP_<i>} replaced by the i-th address of $3...
_se_write_proxy_config() (
    { set +x; } 2>/dev/null
    local cfg i=0 ip
    cfg=$(<"$1") || return 1
    shift
    local out=$1
    shift
    for ip in "$@"; do
        cfg=${cfg//"{IP_$i}"/"$ip"}
        i=$((i + 1))
    done
    printf '%s\n' "$cfg" >"$out"
)
