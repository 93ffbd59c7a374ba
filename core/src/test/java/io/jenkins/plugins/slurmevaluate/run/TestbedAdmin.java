package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cluster administrator does to the test bed, run locally as root (the test bed is this machine): set the
 * node DOWN and back, stop and start slurmdbd by its PID file ({@code testbed/ctl.sh}), and drop an SSH connection
 * by killing the sshd processes that serve it. Each method says what it did, so a failed scenario can be read.
 */
final class TestbedAdmin {

    static final Path CTL = Path.of("..", "testbed", "ctl.sh").toAbsolutePath().normalize();
    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

    private TestbedAdmin() {}

    /** Runs a local command; its result, whatever the exit code. */
    static ExecResult tryRun(List<String> argv, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeout + ": " + argv);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + argv, e);
        }
        return new ExecResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs a local command that must succeed; its standard output. */
    static String run(String... argv) throws IOException {
        ExecResult r = tryRun(List.of(argv), Duration.ofSeconds(90));
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    static void say(String what) {
        System.out.println("[admin " + Instant.now() + "] " + what);
    }

    // ---- the node ----

    static void setNodeDown(String node, String reason) throws IOException {
        run("scontrol", "update", "NodeName=" + node, "State=DOWN", "Reason=" + reason);
        say("node " + node + " set DOWN (" + reason + ")");
    }

    /**
     * The node's state as the controller has it, with its flags: {@code IDLE}, {@code MIXED}, {@code DOWN+COMPLETING},
     * {@code IDLE+NOT_RESPONDING}, … ({@code sinfo %T} shows a DOWN node that still has a job completing as just
     * "completing", which once made this class believe the node was up).
     */
    static String nodeState(String node) throws IOException {
        Matcher m = Pattern.compile("\\bState=(\\S+)").matcher(run("scontrol", "show", "node", node));
        if (!m.find()) {
            throw new IOException("no State= in scontrol show node " + node);
        }
        return m.group(1);
    }

    /** Resumes the node unless it is up, and waits until it is up and answering; fails after {@code patience}. */
    static void ensureNodeUp(String node, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        String state;
        while (!isUp(state = nodeState(node))) {
            if (state.contains("DOWN") || state.contains("DRAIN")) {
                ExecResult r = tryRun(List.of("scontrol", "update", "NodeName=" + node, "State=RESUME"), Duration.ofSeconds(30));
                say("node " + node + " was " + state + ": RESUME " + (r.ok() ? "done" : "failed: " + r.stderr().strip()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("node " + node + " is still " + state + " after " + patience);
            }
            Thread.sleep(500);
        }
        say("node " + node + " is up (" + state + ")");
    }

    private static boolean isUp(String state) {
        return !(state.contains("DOWN") || state.contains("DRAIN") || state.contains("NOT_RESPONDING") || state.contains("FAIL"));
    }

    /**
     * Waits until no job but ours is queued or running on the test bed (all users), so a scenario that disturbs every
     * job (node DOWN, preemption of all CPUs, accounting stopped) does not hit other people's tests. Gives up after
     * {@code patience}, says so, and lets the scenario go on: the test bed is shared, and our own tests are kept
     * apart by {@code @Isolated} anyway.
     *
     * @param ours job names of our own chain (and of our own helper jobs)
     */
    static void awaitNoOtherJobs(java.util.Collection<String> ours, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        List<String> others;
        while (!(others = otherJobs(ours)).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                say("other jobs are still on the test bed after " + patience + ", going on anyway: " + others);
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static List<String> otherJobs(java.util.Collection<String> ours) throws IOException {
        List<String> others = new ArrayList<>();
        for (String line : run("squeue", "-h", "-o", "%i %u %T %j").lines().toList()) {
            String[] f = line.strip().split(" ", 4);
            if (f.length == 4 && !ours.contains(f[3])) {
                others.add(f[0] + " " + f[1] + " " + f[2] + " " + f[3]);
            }
        }
        return others;
    }

    // ---- daemons, through testbed/ctl.sh ----

    static void stopDaemon(String name) throws IOException {
        say(run("bash", CTL.toString(), "stop", name).strip());
    }

    static void startDaemon(String name) throws IOException {
        say(run("bash", CTL.toString(), "start", name).strip());
    }

    static boolean daemonRunning(String name) throws IOException {
        return tryRun(List.of("bash", CTL.toString(), "status", name), Duration.ofSeconds(10)).ok();
    }

    // ---- SSH connections ----

    /** The sshd processes (the privileged monitor and the user's child) that hold the server side of a connection. */
    static List<Long> sshdPidsServing(int sshPort, int clientPort) throws IOException {
        String out = run("ss", "-Htnp", "state", "established", "( sport = :" + sshPort + " and dport = :" + clientPort + " )");
        List<Long> pids = new ArrayList<>();
        Matcher m = SS_PID.matcher(out);
        while (m.find()) {
            long pid = Long.parseLong(m.group(1));
            if (!pids.contains(pid) && isSshd(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /**
     * Kills (SIGKILL, with the kill(2) call itself, no fork: fast enough to land while a command's output is still
     * on its way) the given sshd processes.
     */
    static void killNow(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Kills (SIGKILL) the sshd processes serving the connection from {@code clientPort}; returns their pids. */
    static List<Long> dropConnection(int sshPort, int clientPort) throws IOException {
        List<Long> pids = sshdPidsServing(sshPort, clientPort);
        if (pids.isEmpty()) {
            throw new IOException("no sshd serves a connection from port " + clientPort);
        }
        List<String> argv = new ArrayList<>(List.of("kill", "-9"));
        pids.forEach(p -> argv.add(String.valueOf(p)));
        // one of them may exit on its own as the other dies: only the connection's end matters
        ExecResult killed = tryRun(argv, Duration.ofSeconds(10));
        List<Long> left = sshdPidsServing(sshPort, clientPort);
        if (!left.isEmpty()) {
            throw new IOException("sshd " + left + " still serves port " + clientPort + " after kill -9: " + killed);
        }
        say("dropped the SSH connection from port " + clientPort + ": killed sshd " + pids);
        return pids;
    }

    private static boolean isSshd(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
                    .startsWith("sshd");
        } catch (IOException e) {
            return false;
        }
    }
}
