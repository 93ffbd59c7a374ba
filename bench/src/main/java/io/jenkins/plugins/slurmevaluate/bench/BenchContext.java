package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every test-bed benchmark shares: the test bed's settings, a remote directory of this benchmark run
 * ({@code ~/bench/<id>}), the fake model server, and the job names submitted, so that {@link #close()} cancels every
 * job and removes the directory whatever happened.
 */
final class BenchContext implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final TestbedEnv testbed;
    final String runDir;
    final FakeModelServer server;
    final PrintStream log;
    private final Set<String> jobNames = ConcurrentHashMap.newKeySet();

    BenchContext(TestbedEnv testbed, PrintStream log) throws IOException {
        this.testbed = testbed;
        this.log = log;
        this.runDir = testbed.home() + "/bench/" + UUID.randomUUID().toString().substring(0, 8);
        this.server = FakeModelServer.start("tiny-model");
        try (RemoteHost h = testbed.ssh()) {
            check(h.exec(List.of("mkdir", "-p", runDir), TIMEOUT), "mkdir");
        }
    }

    /** A new evaluator with its own scheduler (two threads) and the given watch settings. */
    static Evaluator evaluator(ScheduledExecutorService scheduler, WatchSettings settings) {
        return new Evaluator(Clock.systemUTC(), scheduler, settings);
    }

    static ScheduledExecutorService scheduler(String name) {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Workloads under {@code <runDir>/<name>}, whose mount source exists. */
    Workloads workloads(String name, Evaluator evaluator, RemoteHost host) throws IOException {
        Workloads w = new Workloads(testbed, runDir + "/" + name, server.completionsUrl(), evaluator);
        check(host.exec(List.of("mkdir", "-p", w.mountSource()), TIMEOUT), "mkdir");
        return w;
    }

    /** What {@code ssh -G} says about connection sharing for the test bed's alias (ControlMaster, ControlPath). */
    String openSshMultiplexing() throws IOException {
        return Proc.run(List.of("ssh", "-G", testbed.sshAlias()), 30).lines()
                .filter(l -> l.startsWith("controlmaster ") || l.startsWith("controlpath ") || l.startsWith("controlpersist "))
                .sorted().reduce((a, b) -> a + ", " + b).orElse("no Control* settings");
    }

    /** Remembers the job names of a record, for the final clean-up. */
    void track(RunRecord r) {
        r.tasks().forEach(t -> jobNames.add(t.jobName()));
    }

    /** Cancels every live job whose name is one of {@code names} (one squeue, one scancel). */
    static void cancelByName(RemoteHost host, Set<String> names) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        ExecResult q = check(host.exec(List.of("squeue", "--me", "-h", "-t", "PENDING,RUNNING,SUSPENDED,CONFIGURING,COMPLETING",
                "-o", "%i|%j"), TIMEOUT), "squeue");
        List<String> argv = new ArrayList<>(List.of("scancel"));
        q.stdout().lines().map(l -> l.split("\\|", 2)).filter(f -> f.length == 2 && names.contains(f[1]))
                .forEach(f -> argv.add(f[0]));
        if (argv.size() > 1) {
            host.exec(argv, TIMEOUT);
        }
    }

    /** The job names of these records. */
    static Set<String> jobNames(List<RunRecord> records) {
        Set<String> names = new java.util.HashSet<>();
        records.forEach(r -> r.tasks().forEach(t -> names.add(t.jobName())));
        return names;
    }

    static ExecResult check(ExecResult r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return r;
    }

    /** A sink that counts and forgets (the benchmarks look at what arrives, not at the text). */
    static LogSink quietSink() {
        return LogSink.discarding();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (RemoteHost h = testbed.ssh()) {
            cancelByName(h, jobNames);
            h.exec(List.of("rm", "-rf", runDir), Duration.ofMinutes(5));
            h.exec(List.of("rmdir", "--ignore-fail-on-non-empty", testbed.home() + "/bench"), TIMEOUT);
        }
    }
}
