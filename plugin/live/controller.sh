#!/usr/bin/env bash
# A real Jenkins controller (java -jar jenkins.war) with this plugin, set up by Configuration as Code to evaluate
# examples/testbed.yaml on the local Slurm test bed (testbed/up.sh). See README.md beside this script.
#
#   plugin/live/controller.sh start|stop|kill|status|url|password [--home DIR] [--port N]
#
# Needs the plugin built first (it takes the .hpi and the dependency plugins that the build collected):
#   ./mvnw -B -ntp -s ../shared/jenkins-repo/settings.xml -Pjenkins -DskipTests package
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=$ROOT/plugin/target
TESTBED_ENV=${TESTBED_ENV:-/var/lib/slurm-testbed/run/testbed.env}
LIVE_HOME=${LIVE_HOME:-$TARGET/live-home}
LIVE_PORT=${LIVE_PORT:-8089}
READY_TIMEOUT=${LIVE_READY_TIMEOUT:-300}
STOP_TIMEOUT=${LIVE_STOP_TIMEOUT:-120}
JOB='eval'

say() { printf 'controller.sh: %s\n' "$*"; }
die() { printf 'controller.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<'EOF'
usage: plugin/live/controller.sh COMMAND [--home DIR] [--port N]

  start     prepare JENKINS_HOME (plugins, generated JCasC), start Jenkins in the background, wait until the job
            'eval' exists, print the seconds it took
  stop      stop cleanly (SIGTERM: Jenkins saves running Pipelines), wait for the process to end
  kill      kill -9 the controller (an unclean stop, to test resuming)
  status    say whether it runs (exit 0) or not (exit 3)
  url       print the controller's URL
  password  print the admin user's password

  --home DIR   JENKINS_HOME (default $LIVE_HOME or plugin/target/live-home)
  --port N     HTTP port on 127.0.0.1 (default $LIVE_PORT or 8089; start only, later commands read it from DIR)
Environment: TESTBED_ENV (default /var/lib/slurm-testbed/run/testbed.env), LIVE_WAR (jenkins.war to run),
LIVE_JAVA_OPTS (extra JVM options), LIVE_ADMIN_PASSWORD (else a random one kept in DIR/admin-password).
EOF
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
COMMAND=$1
shift
while [ $# -gt 0 ]; do
    case $1 in
        --home) [ $# -ge 2 ] || die "--home needs a directory"; LIVE_HOME=$2; shift 2 ;;
        --port) [ $# -ge 2 ] || die "--port needs a number"; LIVE_PORT=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
case $LIVE_PORT in '' | *[!0-9]*) die "--port must be a number, not '$LIVE_PORT'" ;; esac
mkdir -p "$LIVE_HOME"
LIVE_HOME=$(cd "$LIVE_HOME" && pwd)
PID_FILE=$LIVE_HOME/jenkins.pid
PORT_FILE=$LIVE_HOME/jenkins.port
LOG_FILE=$LIVE_HOME/jenkins.log
PASSWORD_FILE=$LIVE_HOME/admin-password
CASC_DIR=$LIVE_HOME/casc

# The port of the running (or last) controller; the requested one before the first start.
port() { if [ -s "$PORT_FILE" ]; then cat "$PORT_FILE"; else echo "$LIVE_PORT"; fi; }
url() { echo "http://127.0.0.1:$(port)/"; }
pid() { [ -s "$PID_FILE" ] && cat "$PID_FILE"; }
running() { local p; p=$(pid) && kill -0 "$p" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The admin user's password, kept in DIR/admin-password (mode 0600): $LIVE_ADMIN_PASSWORD at start, else random.
password() {
    [ -s "$PASSWORD_FILE" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$PASSWORD_FILE")
    cat "$PASSWORD_FILE"
}

# HTTP status of GET PATH as admin (000 when nothing answers); the password goes to curl on stdin, not in argv.
http_status() {
    printf 'user = "admin:%s"\n' "$(password)" \
        | curl -K - -s -o /dev/null -w '%{http_code}' --max-time 10 "$(url)${1#/}" || true
}

# KEY=VALUE lines of the test bed's env file.
testbed() {
    local key=$1 k v
    while IFS='=' read -r k v; do
        if [ "$k" = "$key" ]; then echo "$v"; return 0; fi
    done <"$TESTBED_ENV"
    die "$TESTBED_ENV has no $key"
}

# The war of the Jenkins version the plugin builds against: $LIVE_WAR, else the local Maven repository, else the
# repository built from source beside the project (../shared/jenkins-repo).
war() {
    if [ -n "${LIVE_WAR:-}" ]; then echo "$LIVE_WAR"; return 0; fi
    local pom=$ROOT/plugin/pom.xml baseline version candidate
    baseline=$(sed -n 's:.*<jenkins.baseline>\(.*\)</jenkins.baseline>.*:\1:p' "$pom")
    version=$(sed -n 's:.*<jenkins.version>\(.*\)</jenkins.version>.*:\1:p' "$pom")
    # shellcheck disable=SC2016  # the literal Maven property
    version=${version//'${jenkins.baseline}'/$baseline}
    for candidate in "$HOME/.m2/repository" "$ROOT/../shared/jenkins-repo"; do
        candidate=$candidate/org/jenkins-ci/main/jenkins-war/$version/jenkins-war-$version.war
        if [ -f "$candidate" ]; then echo "$candidate"; return 0; fi
    done
    die "no jenkins-war-$version.war in ~/.m2 or ../shared/jenkins-repo; build the plugin first or set LIVE_WAR"
}

# plugins/: our .hpi and every plugin it needs, test-scoped ones included (Pipeline, JCasC, Job DSL), as the build
# collected them for JenkinsRule. Jenkins loads *.jpi; cp -p keeps the times, so unchanged plugins are not unpacked
# again, and files of an earlier start that the build no longer has are removed.
install_plugins() {
    local deps=$TARGET/test-classes/test-dependencies name
    if [ ! -f "$TARGET/slurm-evaluate.hpi" ] || [ ! -f "$deps/index" ]; then
        die "no plugin build in $TARGET; run: ./mvnw -B -ntp -s ../shared/jenkins-repo/settings.xml -Pjenkins -DskipTests package"
    fi
    mkdir -p "$LIVE_HOME/plugins"
    find "$LIVE_HOME/plugins" -maxdepth 1 -name '*.jpi' -delete
    while read -r name; do
        [ -n "$name" ] || continue
        cp -p "$deps/$name.hpi" "$LIVE_HOME/plugins/$name.jpi"
    done <"$deps/index"
    cp -p "$TARGET/slurm-evaluate.hpi" "$LIVE_HOME/plugins/slurm-evaluate.jpi"
}

# The JCasC file, generated from the test bed's settings and this checkout's path (nothing machine-specific is
# committed). Secrets stay out of it: the admin password comes from the environment, the SSH key is read by JCasC.
write_casc() {
    local key known account
    key=$(testbed TESTBED_SSH_KEY)
    known=$(testbed TESTBED_KNOWN_HOSTS)
    account=$(testbed TESTBED_ACCOUNT)
    case $ROOT in *[\'\"\\\$]* | *$'\n'*) die "the checkout's path must not contain quotes, backslashes or \$: $ROOT" ;; esac
    mkdir -p "$CASC_DIR"
    cat >"$CASC_DIR/jenkins.yaml" <<EOF
# Generated by plugin/live/controller.sh at every start; edits are lost.
jenkins:
  systemMessage: "slurm-evaluate live controller (plugin/live/controller.sh) on the local Slurm test bed"
  numExecutors: 2
  mode: NORMAL
  quietPeriod: 0
  slaveAgentPort: -1
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          name: admin
          password: "\${LIVE_ADMIN_PASSWORD}"
  authorizationStrategy:
    loggedInUsersCanDoAnything:
      allowAnonymousRead: false
  crumbIssuer: standard

credentials:
  system:
    domainCredentials:
      - credentials:
          - basicSSHUserPrivateKey:
              scope: GLOBAL
              id: testbed-ssh
              username: $(testbed TESTBED_SSH_USER)
              description: the Slurm test bed's login (testbed/up.sh)
              privateKeySource:
                directEntry:
                  privateKey: "\${readFile:$key}"

unclassified:
  location:
    url: $(url)
  # An unclean stop (kill -9) must not lose the running evaluation (see the plugin README: MAX_SURVIVABILITY or
  # SURVIVABLE_NONATOMIC)
  globalDefaultFlowDurabilityLevel:
    durabilityHint: MAX_SURVIVABILITY
  # named as examples/testbed.yaml's execution.hostname, so a step without cluster: uses it
  slurmEvaluate:
    clusters:
      - name: slurm-testbed
        hostname: $(testbed TESTBED_SSH_HOST)
        port: $(testbed TESTBED_SSH_PORT)
        credentialsId: testbed-ssh
        hostKeyVerification:
          knownHostsFile:
            path: "$known"
        account: $account

jobs:
  - script: |
      pipelineJob('$JOB') {
        description('examples/testbed.yaml of $ROOT on the Slurm test bed, gated as in the README')
        parameters {
          textParam('OVERRIDES', '', 'extra overrides of the config, one per line (e.g. +env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1)')
        }
        definition {
          cps {
            sandbox(true)
            script('''node {
        ws('$ROOT') {
          slurmEvaluate config: 'examples/testbed.yaml',
              overrides: (params.OVERRIDES ?: '').tokenize('\\\\n'),
              gates: ['ifeval.acc >= 0.5', 'gsm8k.exact_match.flexible-extract >= 0.2']
        }
      }
      ''')
          }
        }
      }
EOF
}

start() {
    if running; then say "already running at $(url) (pid $(pid))"; return 0; fi
    [ -r "$TESTBED_ENV" ] || die "no Slurm test bed: $TESTBED_ENV is missing (run testbed/up.sh as root)"
    ! port_open "$LIVE_PORT" || die "port $LIVE_PORT on 127.0.0.1 is taken; choose another with --port"
    printf '%s\n' "$LIVE_PORT" >"$PORT_FILE"
    if [ -n "${LIVE_ADMIN_PASSWORD:-}" ]; then (umask 077 && printf '%s' "$LIVE_ADMIN_PASSWORD" >"$PASSWORD_FILE"); fi
    local war_file began pw java_opts
    read -r -a java_opts <<<"${LIVE_JAVA_OPTS:-}"
    war_file=$(war)
    install_plugins
    write_casc
    pw=$(password)
    began=$(date +%s%N)
    # setsid: the controller outlives this shell and gets no signal meant for the caller
    LIVE_ADMIN_PASSWORD=$pw JENKINS_HOME=$LIVE_HOME setsid nohup java -Xmx1g -Djava.awt.headless=true \
        -Djenkins.install.runSetupWizard=false -Dcasc.jenkins.config="$CASC_DIR" \
        -Dhudson.model.UsageStatistics.disabled=true -Dhudson.model.DownloadService.never=true \
        "${java_opts[@]}" -jar "$war_file" \
        --httpListenAddress=127.0.0.1 --httpPort="$LIVE_PORT" >>"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    say "started Jenkins (pid $!, JENKINS_HOME $LIVE_HOME, log $LOG_FILE)"
    local deadline=$(( $(date +%s) + READY_TIMEOUT ))
    until [ "$(http_status "/job/$JOB/api/json")" = 200 ]; do
        if ! running; then tail -n 40 "$LOG_FILE" >&2; die "Jenkins exited during start-up (log above: $LOG_FILE)"; fi
        [ "$(date +%s)" -lt "$deadline" ] || die "not ready after ${READY_TIMEOUT}s (log: $LOG_FILE)"
        sleep 0.5
    done
    local ms=$(( ($(date +%s%N) - began) / 1000000 ))
    say "ready at $(url) in $(( ms / 1000 )).$(( ms % 1000 / 100 )) s (user admin, password: controller.sh password)"
}

# Waits up to $1 seconds for the controller's process to end; false if it still runs.
wait_gone() {
    local p deadline=$(( $(date +%s) + $1 ))
    p=$(pid) || return 0
    while kill -0 "$p" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

stop() {
    if ! running; then say "not running"; rm -f "$PID_FILE"; return 0; fi
    kill -TERM "$(pid)"
    if wait_gone "$STOP_TIMEOUT"; then
        say "stopped"
    else
        say "still running ${STOP_TIMEOUT}s after SIGTERM; killing it"
        kill -KILL "$(pid)" 2>/dev/null || true
        wait_gone 30 || die "pid $(pid) survived kill -9"
    fi
    rm -f "$PID_FILE"
}

kill9() {
    if ! running; then say "not running"; rm -f "$PID_FILE"; return 0; fi
    kill -KILL "$(pid)"
    wait_gone 30 || die "pid $(pid) survived kill -9"
    rm -f "$PID_FILE"
    say "killed"
}

status() {
    if running; then
        say "running at $(url) (pid $(pid), JENKINS_HOME $LIVE_HOME)"
    else
        say "not running (JENKINS_HOME $LIVE_HOME)"
        return 3
    fi
}

case $COMMAND in
    start) start ;;
    stop) stop ;;
    kill) kill9 ;;
    status) status ;;
    url) url ;;
    password) password ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
