#!/bin/bash
# testbed/up.sh - a real single-node Slurm test bed on Debian 12, without systemd, on loopback only:
#   munged + MariaDB + slurmdbd (accounting, so sacct works) + slurmctld + slurmd
#   + a second slurmd on the same host for a second node, only in partition 'pair' (jobs that need two nodes)
#   + an OpenSSH server on 127.0.0.1:$SSH_PORT (own config, pubkey only) for the non-root test user
#   + our Pyxis SPANK test double (testbed/spank/pyxis_double.c) + the evaluation fixtures (testbed/fixtures).
# Run as root. Idempotent: it first stops, by PID file, whatever a previous run started, then starts it again.
# Writes, under $RUN_DIR: *.pid, keys/ (client keys), known_hosts, ssh_config (Host slurm-testbed), testbed.env.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_DIR=${RUN_DIR:-/var/lib/slurm-testbed/run}
TB_USER=${TB_USER:-slurmtest}          # the non-root user the tests log in as
TB_ACCOUNT=${TB_ACCOUNT:-evalacct}
CLUSTER=${CLUSTER:-testbed}
SSH_PORT=${SSH_PORT:-2222}
DBPASS=${DBPASS:-slurmdbpass}          # MariaDB password of the slurm user; loopback only
CGROUP=${CGROUP:-auto}                 # auto|yes|no (yes = cgroup v1 task/proctrack plugins)
NODE_CPUS=${NODE_CPUS:-8}              # CPUs the node advertises: more slots than cores, so sleep-type test jobs run in parallel
SPANK_LOGDIR=${SPANK_LOGDIR:-/var/tmp/pyxis-double}
SKIP_APT=${SKIP_APT:-0}
PKGS="slurm-wlm slurmdbd munge mariadb-server openssh-server openssh-client libslurm-dev gcc libc6-dev
      curl python3 python3-yaml shellcheck iproute2 procps util-linux"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
T_START=$(ms); T_PHASE=$T_START
phase() { local now; now=$(ms); printf '[up] %-40s %6.1fs  (total %6.1fs)\n' "$1" \
    "$(awk "BEGIN{print ($now-$T_PHASE)/1000}")" "$(awk "BEGIN{print ($now-$T_START)/1000}")"; T_PHASE=$now; }
say() { echo "[up] $*"; }
die() { echo "[up] ERROR: $*" >&2; exit 1; }
# wait_for SECONDS DESCRIPTION CMD... : poll every 0.1 s
wait_for() { local t=$1 what=$2; shift 2; local end=$(( $(ms) + t*1000 ));
    until "$@" >/dev/null 2>&1; do [ "$(ms)" -lt "$end" ] || die "timeout after ${t}s waiting for $what"; sleep 0.1; done; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# start_bg NAME CMD... : start a foreground-mode daemon detached from this shell and remember its PID
start_bg() { local name=$1; shift; setsid nohup "$@" >"/var/log/testbed-$name.out" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/$name.pid"; say "started $name (pid $!)"; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts daemons)"
mkdir -p "$RUN_DIR"
# a previous run's daemons, by PID file (down.sh knows how)
RUN_DIR=$RUN_DIR bash "$HERE/down.sh" --quiet --keep-jobs

# ---------------------------------------------------------------- 1. packages
if [ "$SKIP_APT" != 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # package scripts must not start daemons: we run our own, in the foreground, under our PID files
    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    phase "apt-get update"
    # shellcheck disable=SC2086  # PKGS is a list
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $PKGS >/var/log/testbed-apt.log 2>&1 \
        || { tail -30 /var/log/testbed-apt.log; die "apt-get install failed (log: /var/log/testbed-apt.log)"; }
    phase "apt-get install"
fi

HOST=$(hostname -s)
NODE2=${NODE2:-$HOST-2}                # the second node: a second slurmd on this host (Slurm's multiple-slurmd mode)
NODELINE=$(slurmd -C | head -1)        # NodeName=<h> CPUs=.. Boards=.. ... RealMemory=..
case "$NODELINE" in NodeName=*RealMemory=*) ;; *) die "unexpected slurmd -C output: $NODELINE";; esac
SLURMD_PARAMS=""
if [ -n "$NODE_CPUS" ]; then
    NODELINE="NodeName=$HOST CPUs=$NODE_CPUS ${NODELINE##* }"; SLURMD_PARAMS="SlurmdParameters=config_overrides"
fi
if [ "$CGROUP" = auto ]; then
    if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] && [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] \
       && [ -d /sys/fs/cgroup/freezer ]; then CGROUP=yes; else CGROUP=no; fi
fi

# ---------------------------------------------------------------- 2. munge
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
start_bg munged setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground
wait_for 10 munged bash -c 'munge -n | unmunge'
phase "munged up"

# ---------------------------------------------------------------- 3. MariaDB (accounting storage)
cat >/etc/mysql/mariadb.conf.d/99-slurmdbd.cnf <<'CNF'
[mysqld]
bind-address = 127.0.0.1
innodb_buffer_pool_size = 128M
innodb_log_file_size = 64M
innodb_lock_wait_timeout = 900
max_allowed_packet = 16M
skip-name-resolve
CNF
install -d -o mysql -g root -m 0755 /run/mysqld
[ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/var/log/testbed-mariadb-install.log 2>&1
start_bg mariadb /usr/sbin/mariadbd --user=mysql
wait_for 60 mariadb mariadb-admin ping
mariadb <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DBPASS';
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
phase "mariadb up + db user"

# ---------------------------------------------------------------- 4. Slurm configuration
install -d -o slurm -g slurm -m 0755 /run/slurm /var/log/slurm /var/lib/slurm/slurmctld \
    "/var/lib/slurm/slurmd-$HOST" "/var/lib/slurm/slurmd-$NODE2"
cat >/etc/slurm/slurmdbd.conf <<CONF
AuthType=auth/munge
DbdHost=$HOST
DbdAddr=127.0.0.1
DbdPort=6819
SlurmUser=slurm
DebugLevel=info
LogFile=/var/log/slurm/slurmdbd.log
PidFile=/run/slurm/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=3306
StorageUser=slurm
StoragePass=$DBPASS
StorageLoc=slurm_acct_db
CONF
chown slurm:slurm /etc/slurm/slurmdbd.conf; chmod 600 /etc/slurm/slurmdbd.conf   # slurmdbd refuses anything else

if [ "$CGROUP" = yes ]; then
    PROCTRACK=proctrack/cgroup; TASKPLUGIN=task/cgroup; MEMKILL="#JobAcctGatherParams=OverMemoryKill (cgroup enforces memory)"
    cat >/etc/slurm/cgroup.conf <<'CONF'
CgroupPlugin=cgroup/v1
CgroupAutomount=no
ConstrainCores=no
ConstrainRAMSpace=yes
ConstrainSwapSpace=no
CONF
else
    PROCTRACK=proctrack/linuxproc; TASKPLUGIN=task/none; MEMKILL="JobAcctGatherParams=OverMemoryKill"
    rm -f /etc/slurm/cgroup.conf
fi

cat >/etc/slurm/slurm.conf <<CONF
# single-node Slurm test bed (generated by slurm-evaluate testbed/up.sh)
ClusterName=$CLUSTER
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# job credential lifetime; also the delay before a requeued job may start again (default 120 s)
AuthInfo=cred_expire=10
MailProg=/bin/true
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/lib/slurm/slurmctld
# one of each per slurmd (%n: the node's name), since two run on this host
SlurmdSpoolDir=/var/lib/slurm/slurmd-%n
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# process tracking / tasks (cgroup v1 when available, else no cgroups at all)
ProctrackType=$PROCTRACK
TaskPlugin=$TASKPLUGIN
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=2
$MEMKILL
MpiDefault=none
SwitchType=switch/none
$SLURMD_PARAMS
# 1: a node set DOWN by an admin stays DOWN until 'scontrol update State=RESUME'
ReturnToService=1
# scheduling: short intervals so requeued and dependent jobs start within seconds
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=5,bf_interval=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
PriorityType=priority/basic
DefMemPerCPU=100
# accounting
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=6819
AccountingStorageEnforce=associations,limits,qos
JobCompType=jobcomp/none
# requeue / preemption (jobs in 'urgent' preempt jobs in 'debug' by requeueing them)
JobRequeue=1
PreemptType=preempt/partition_prio
PreemptMode=REQUEUE
# timers (time limits are checked every 30 s, compiled in: PERIODIC_TIMEOUT)
KillWait=5
OverTimeLimit=0
MinJobAge=300
InactiveLimit=0
Waittime=0
MessageTimeout=10
SlurmctldTimeout=120
SlurmdTimeout=300
# nodes + partitions: $NODE2 is a second slurmd on this host, in 'pair' only, so jobs of the other partitions
# still all run on $HOST
$NODELINE NodeAddr=127.0.0.1 Port=6818 State=UNKNOWN
NodeName=$NODE2 NodeHostname=$HOST ${NODELINE#NodeName=* } NodeAddr=127.0.0.1 Port=6828 State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES DefaultTime=10 MaxTime=60 State=UP PriorityTier=1
PartitionName=urgent Nodes=$HOST Default=NO DefaultTime=10 MaxTime=60 State=UP PriorityTier=10 PreemptMode=OFF
PartitionName=pair Nodes=$HOST,$NODE2 Default=NO DefaultTime=10 MaxTime=60 State=UP PriorityTier=1
CONF
chmod 644 /etc/slurm/slurm.conf

# the Pyxis SPANK test double; srun/sbatch/slurmstepd read plugstack.conf at start, no daemon restart needed
gcc -Wall -Wextra -O2 -shared -fPIC -o "$RUN_DIR/spank_pyxis_double.so" "$HERE/spank/pyxis_double.c"
install -D -m 0755 "$RUN_DIR/spank_pyxis_double.so" /usr/local/lib/slurm/spank_pyxis_double.so
install -d -m 1777 "$SPANK_LOGDIR"
mkdir -p /etc/slurm/plugstack.conf.d
grep -q 'plugstack.conf.d' /etc/slurm/plugstack.conf 2>/dev/null || echo 'include /etc/slurm/plugstack.conf.d/*.conf' >>/etc/slurm/plugstack.conf
echo "required /usr/local/lib/slurm/spank_pyxis_double.so logdir=$SPANK_LOGDIR" >/etc/slurm/plugstack.conf.d/pyxis-double.conf
phase "slurm config + SPANK double built"

# ---------------------------------------------------------------- 5. slurmdbd, cluster, slurmctld, accounts, slurmd
start_bg slurmdbd /usr/sbin/slurmdbd -D
wait_for 60 slurmdbd port_open 6819
wait_for 30 "sacctmgr" sacctmgr -n list cluster
# the cluster must exist before slurmctld starts, so the associations below always have one to attach to
sacctmgr -n list cluster format=cluster -P | grep -qx "$CLUSTER" || sacctmgr -i add cluster "$CLUSTER" >/dev/null
phase "slurmdbd up + cluster"

start_bg slurmctld /usr/sbin/slurmctld -D
wait_for 60 slurmctld scontrol ping
id "$TB_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$TB_USER"
usermod -p '*' "$TB_USER"     # no password, but not locked: sshd with UsePAM=no refuses '!' accounts
sacctmgr -n list account format=account -P | grep -qx "$TB_ACCOUNT" || \
    sacctmgr -i add account "$TB_ACCOUNT" Description="test account" Organization=testbed >/dev/null
sacctmgr -n list assoc format=account,user -P | grep -qx "$TB_ACCOUNT|$TB_USER" || \
    sacctmgr -i add user "$TB_USER" Account="$TB_ACCOUNT" DefaultAccount="$TB_ACCOUNT" >/dev/null
sacctmgr -n list assoc format=account,user -P | grep -qx "$TB_ACCOUNT|root" || \
    sacctmgr -i add user root Account="$TB_ACCOUNT" >/dev/null
phase "slurmctld up + accounts"

# the second node's name must resolve (jobs use node names as host names), to this host
getent hosts "$NODE2" >/dev/null || echo "127.0.0.1 $NODE2" >>/etc/hosts
start_bg slurmd /usr/sbin/slurmd -D -N "$HOST"
start_bg slurmd2 /usr/sbin/slurmd -D -N "$NODE2"
for n in "$HOST" "$NODE2"; do
    # a node left DOWN by an earlier test run comes back with RESUME
    wait_for 60 "node $n registered" bash -c "sinfo -h -N -n $n -o %T | grep -q ."
    sinfo -h -N -n "$n" -o %T | grep -qiE 'down|drain' && scontrol update NodeName="$n" State=RESUME
    # responding and usable; jobs kept across the restart (down.sh --keep-jobs) leave it mixed or allocated, not idle
    wait_for 60 "node $n up" bash -c "sinfo -h -N -n $n -o %T | grep -qxE 'idle|mixed|allocated|completing'"
done
phase "slurmd x2 up, nodes $(sinfo -h -N -n "$HOST,$NODE2" -o %T | sort -u | paste -sd/)"

# ---------------------------------------------------------------- 6. sshd on 127.0.0.1:$SSH_PORT, pubkey only
ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 || ssh-keygen -A >/dev/null
install -d -m 0755 /run/sshd
cat >/etc/ssh/sshd_config_testbed <<CONF
# slurm-evaluate test bed: a separate sshd instance, loopback only (the package's port-22 sshd is never started)
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_rsa_key
HostKey /etc/ssh/ssh_host_ecdsa_key
PidFile /run/sshd-testbed.pid
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $TB_USER
UsePAM no
X11Forwarding no
PrintMotd no
MaxStartups 100:30:200
MaxSessions 100
ClientAliveInterval 15
Subsystem sftp /usr/lib/openssh/sftp-server
LogLevel INFO
CONF
install -d -m 0700 "$RUN_DIR/keys"
[ -f "$RUN_DIR/keys/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "$TB_USER-ed25519" -f "$RUN_DIR/keys/id_ed25519"
[ -f "$RUN_DIR/keys/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -m PEM -N '' -C "$TB_USER-rsa" -f "$RUN_DIR/keys/id_rsa"
UHOME=$(getent passwd "$TB_USER" | cut -d: -f6)
install -d -m 0700 -o "$TB_USER" -g "$TB_USER" "$UHOME/.ssh"
cat "$RUN_DIR"/keys/*.pub >"$UHOME/.ssh/authorized_keys"
chown "$TB_USER:$TB_USER" "$UHOME/.ssh/authorized_keys"; chmod 600 "$UHOME/.ssh/authorized_keys"
{ echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 /etc/ssh/ssh_host_rsa_key.pub)"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 /etc/ssh/ssh_host_ecdsa_key.pub)"; } >"$RUN_DIR/known_hosts"
cat >"$RUN_DIR/ssh_config" <<CONF
# slurm-evaluate test bed (written by testbed/up.sh): ssh slurm-testbed
Host slurm-testbed
    HostName 127.0.0.1
    Port $SSH_PORT
    User $TB_USER
    IdentityFile $RUN_DIR/keys/id_ed25519
    IdentitiesOnly yes
    UserKnownHostsFile $RUN_DIR/known_hosts
    StrictHostKeyChecking yes
    BatchMode yes
CONF
# make the alias usable by the user running the tests (root in CI): one Include line, added once
SSH_HOME=$(getent passwd "${SUDO_USER:-root}" | cut -d: -f6)
install -d -m 0700 "$SSH_HOME/.ssh"
touch "$SSH_HOME/.ssh/config"; chmod 600 "$SSH_HOME/.ssh/config"
if ! grep -qxF "Include $RUN_DIR/ssh_config" "$SSH_HOME/.ssh/config"; then
    { printf 'Include %s\n' "$RUN_DIR/ssh_config"; cat "$SSH_HOME/.ssh/config"; } >"$SSH_HOME/.ssh/config.new"
    mv "$SSH_HOME/.ssh/config.new" "$SSH_HOME/.ssh/config"
fi
/usr/sbin/sshd -t -f /etc/ssh/sshd_config_testbed
start_bg sshd /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config_testbed
wait_for 10 sshd port_open "$SSH_PORT"
cat >"$RUN_DIR/testbed.env" <<ENV
TESTBED_SSH_HOST=127.0.0.1
TESTBED_SSH_PORT=$SSH_PORT
TESTBED_SSH_USER=$TB_USER
TESTBED_SSH_ALIAS=slurm-testbed
TESTBED_SSH_CONFIG=$RUN_DIR/ssh_config
TESTBED_SSH_KEY=$RUN_DIR/keys/id_ed25519
TESTBED_SSH_KEY_RSA=$RUN_DIR/keys/id_rsa
TESTBED_KNOWN_HOSTS=$RUN_DIR/known_hosts
TESTBED_USER_HOME=$UHOME
TESTBED_ACCOUNT=$TB_ACCOUNT
TESTBED_PARTITION=debug
TESTBED_PREEMPTOR_PARTITION=urgent
TESTBED_PAIR_PARTITION=pair
TESTBED_NODE=$HOST
TESTBED_NODE2=$NODE2
TESTBED_NODE_CPUS=$(sinfo -h -N -n "$HOST" -o %c | head -1)
TESTBED_CLUSTER=$CLUSTER
TESTBED_CGROUP=$CGROUP
TESTBED_SPANK_LOGDIR=$SPANK_LOGDIR
TESTBED_RUN_DIR=$RUN_DIR
ENV
chmod 644 "$RUN_DIR/testbed.env"
phase "sshd up"

# ---------------------------------------------------------------- 7. evaluation fixtures (fake model server, evaluator stand-in)
if [ -f "$HERE/fixtures/install.sh" ]; then
    bash "$HERE/fixtures/install.sh"
    phase "fixtures installed"
fi

# ---------------------------------------------------------------- 8. first job: ssh -> sbatch -> srun with Pyxis options -> sacct
SSH=(ssh -F "$RUN_DIR/ssh_config" -o LogLevel=ERROR slurm-testbed)
JOB=$("${SSH[@]}" "sbatch --parsable -A $TB_ACCOUNT -p debug -t 1 -N 1 -J up-first-job -o /tmp/up-first-job-%j.out \
      --wrap='srun --container-image=x --container-mounts=/tmp:/mnt/up-check --no-container-mount-home true && hostname'")
wait_for 60 "first job $JOB COMPLETED in sacct" bash -c "${SSH[*]} 'sacct -n -X -P -j $JOB --format=State' | grep -qx COMPLETED"
grep -q '"container-mounts":"/tmp:/mnt/up-check"' "$SPANK_LOGDIR/$JOB.0.json" || die "SPANK double did not record job $JOB"
phase "first job $JOB COMPLETED (sacct)"

say "cgroup=$CGROUP node: $NODELINE"
say "daemons (pid, RSS KiB):"
for d in munged mariadb slurmdbd slurmctld slurmd slurmd2 sshd; do
    p=$(cat "$RUN_DIR/$d.pid"); printf '[up]   %-10s pid %-7s rss %s\n' "$d" "$p" "$(ps -o rss= -p "$p" | tr -d ' ')"; done
say "connection settings: $RUN_DIR/testbed.env   (try: ssh slurm-testbed sinfo)"
