package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.script.RenderedFile;
import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * P3: staging and submitting one invocation of N tasks. Ours is {@code Evaluator.submit} on a new connection (mount
 * check, mkdir, upload of run.sub and .secrets.env, one sbatch per task). The baseline does the same with real
 * OpenSSH commands: one {@code scp -r} of the same rendered files, then one {@code ssh host sbatch} per task. Rounds
 * alternate which goes first; the medians are compared. Every job is cancelled right after its round.
 */
final class SubmitBench {

    static final int ROUNDS = 3;

    private SubmitBench() {}

    static Result run(BenchContext ctx, int tasks, Path scratch) throws Exception {
        Result.Raw raw = new Result.Raw();
        ScheduledExecutorService scheduler = BenchContext.scheduler("p3");
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> connect = new ArrayList<>();
        Map<String, Long> commands = Map.of();
        try (RemoteHost setup = ctx.testbed.ssh(); Evaluator ev = BenchContext.evaluator(scheduler, WatchSettings.defaults())) {
            Workloads w = ctx.workloads("p3", ev, setup);
            for (int round = 0; round < ROUNDS; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean oursTurn = (round + turn) % 2 == 0;
                    Submission s = w.prepare(tasks, 2, null, List.of());
                    ctx.track(s.record());
                    List<String> ids;
                    if (oursTurn) {
                        try (CountingHost host = new CountingHost(ctx.testbed.ssh())) {
                            long t0 = System.nanoTime();
                            RunRecord r = ev.submit(s, host, x -> {}, BenchContext.quietSink());
                            ours.add((System.nanoTime() - t0) / 1e6);
                            commands = host.snapshot();
                            ids = r.tasks().stream().map(TaskRecord::currentJobId).toList();
                        }
                    } else {
                        Path local = writeLocally(s, scratch.resolve("p3-" + round));
                        long t0 = System.nanoTime();
                        ids = openSsh(ctx, s, local, w.outputDir());
                        base.add((System.nanoTime() - t0) / 1e6);
                    }
                    List<String> cancel = new ArrayList<>(List.of("scancel"));
                    cancel.addAll(ids);
                    setup.exec(cancel, BenchContext.TIMEOUT);
                }
                try (RemoteHost fresh = ctx.testbed.ssh()) {
                    long t0 = System.nanoTime();
                    fresh.exec(List.of("true"), BenchContext.TIMEOUT);
                    connect.add((System.nanoTime() - t0) / 1e6);
                }
            }
        } finally {
            scheduler.shutdownNow();
        }
        double o = Stats.median(ours);
        double b = Stats.median(base);
        raw.add("ours, ms per round: %s (median %.0f); of which connecting + one command: median %.0f ms", ms(ours), o,
                Stats.median(connect));
        raw.add("ours, commands per round: %s, over 1 connection", commands);
        raw.add("baseline, ms per round: %s (median %.0f); %d OpenSSH connections per round (1 scp + %d ssh)", ms(base), b,
                tasks + 1, tasks);
        return new Result("P3", "stage and submit " + tasks + " tasks", "<=0.3x the OpenSSH time",
                String.format("%.0f ms", b), String.format("%.0f ms", o), String.format("%.2fx", o / b), o / b <= 0.3,
                "Median of " + ROUNDS + " rounds each; the order alternates per round. Ours: `Evaluator.submit` of one invocation of "
                        + tasks + " tasks on a new RemoteHost, so the time includes opening the connection: mount check, mkdir "
                        + "of every task dir, upload of each run.sub and .secrets.env (mode 0600), one sbatch per task. Baseline: "
                        + "the same rendered files written locally (same modes, with empty logs/ and artifacts/), then "
                        + "`scp -r -p` of the invocation dir and `ssh " + ctx.testbed.sshAlias() + " sbatch --parsable "
                        + "<task>/run.sub` per task, as real OpenSSH processes. Jobs are cancelled after each round, untimed.",
                raw.lines());
    }

    /** The invocation's files under {@code dir/<invocation dir name>/<task>/...}, with their modes; returns that dir. */
    private static Path writeLocally(Submission s, Path dir) throws Exception {
        String inv = s.record().invocationDir();
        Path root = dir.resolve(inv.substring(inv.lastIndexOf('/') + 1));
        for (RenderedTask t : s.files()) {
            for (RenderedFile f : t.files()) {
                Path p = root.resolve(f.remotePath().substring(inv.length() + 1));
                Files.createDirectories(p.getParent());
                Files.write(p, f.content());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perm(f.mode())));
            }
        }
        for (TaskRecord t : s.record().tasks()) {
            Path task = root.resolve(t.taskDir().substring(inv.length() + 1));
            Files.createDirectories(task.resolve("logs"));
            Files.createDirectories(task.resolve("artifacts"));
            Files.setPosixFilePermissions(task, PosixFilePermissions.fromString("rwx------"));
        }
        return root;
    }

    private static List<String> openSsh(BenchContext ctx, Submission s, Path local, String outputDir) throws Exception {
        String alias = ctx.testbed.sshAlias();
        Proc.run(List.of("scp", "-q", "-r", "-p", local.toString(), alias + ":" + outputDir + "/"));
        List<String> ids = new ArrayList<>();
        for (TaskRecord t : s.record().tasks()) {
            ids.add(Proc.run(List.of("ssh", alias, "sbatch", "--parsable", t.taskDir() + "/run.sub")).strip().split(";")[0]);
        }
        return ids;
    }

    private static String perm(int mode) {
        StringBuilder b = new StringBuilder();
        String rwx = "rwx";
        for (int i = 8; i >= 0; i--) {
            b.append((mode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
        }
        return b.toString();
    }

    private static String ms(List<Double> v) {
        return v.stream().map(d -> String.format("%.0f", d)).toList().toString();
    }
}
