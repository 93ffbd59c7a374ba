package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.CollectLimits;
import io.jenkins.plugins.slurmevaluate.run.Collected;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * P5: downloading a task's artifacts, 1 GiB in one file plus 10,000 small files. Ours is {@code Evaluator.collect}
 * (one tar stream over the SSH connection, unpacked while it arrives); the baseline is
 * {@code ssh host 'tar c ...' | tar x} with OpenSSH. Both run on a new connection, rounds alternate which goes first,
 * and the medians are compared.
 */
final class ArtifactBench {

    static final int ROUNDS = 3;
    static final int SMALL_FILES = 10_000;

    /** Makes {@code $1/artifacts/big.bin} (1 GiB, random), 10,000 files of 1 KiB and a log, with Python on the host. */
    private static final String GENERATE = String.join("\n",
            "import os, sys",
            "base, n = sys.argv[1], int(sys.argv[2])",
            "os.makedirs(base + '/artifacts/small', exist_ok=True)",
            "os.makedirs(base + '/logs', exist_ok=True)",
            "with open(base + '/artifacts/big.bin', 'wb') as f:",
            "    for _ in range(1024):",
            "        f.write(os.urandom(1 << 20))",
            "for i in range(n):",
            "    d = base + '/artifacts/small/d%03d' % (i // 100)",
            "    if i % 100 == 0:",
            "        os.makedirs(d, exist_ok=True)",
            "    with open(d + '/f%05d.json' % i, 'wb') as f:",
            "        f.write(os.urandom(512).hex().encode())",
            "with open(base + '/logs/slurm-1.log', 'w') as f:",
            "    f.write('log\\n')",
            "");

    private ArtifactBench() {}

    static Result run(BenchContext ctx, Path scratch) throws Exception {
        Result.Raw raw = new Result.Raw();
        ScheduledExecutorService scheduler = BenchContext.scheduler("p5");
        List<Double> ours = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        long expectedFiles;
        long expectedBytes;
        try (RemoteHost setup = ctx.testbed.ssh(); Evaluator ev = BenchContext.evaluator(scheduler, WatchSettings.defaults())) {
            Workloads w = ctx.workloads("p5", ev, setup);
            Submission s = w.prepare(1, 1, null, List.of()); // never submitted: its record names the directories
            RunRecord record = s.record();
            TaskRecord task = record.tasks().get(0);
            long t0 = System.nanoTime();
            BenchContext.check(setup.exec(List.of("python3", "-c", GENERATE, task.taskDir(), String.valueOf(SMALL_FILES)),
                    Duration.ofMinutes(10)), "generating the artifacts");
            String[] size = BenchContext.check(setup.exec(List.of("bash", "-c",
                    "cd \"$1\" && find artifacts logs -type f -printf '%s\\n' | awk '{n++; s+=$1} END {print n; print s}'",
                    "size", task.taskDir()), BenchContext.TIMEOUT), "counting").stdout().strip().split("\n");
            expectedFiles = Long.parseLong(size[0].strip());
            expectedBytes = Long.parseLong(size[1].strip());
            raw.add("artifacts: %d files, %d bytes, generated in %.0f s", expectedFiles, expectedBytes, (System.nanoTime() - t0) / 1e9);
            String taskName = task.taskDir().substring(task.taskDir().lastIndexOf('/') + 1);
            for (int round = 0; round < ROUNDS; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean oursTurn = (round + turn) % 2 == 0;
                    Path dest = scratch.resolve("p5-" + (oursTurn ? "ours-" : "base-") + round);
                    Files.createDirectories(dest);
                    long start = System.nanoTime();
                    if (oursTurn) {
                        try (RemoteHost host = ctx.testbed.ssh()) {
                            Collected c = ev.collect(record, host, dest, CollectLimits.defaults());
                            ours.add((System.nanoTime() - start) / 1e9);
                            if (c.files() != expectedFiles || c.bytes() != expectedBytes) {
                                throw new IllegalStateException("ours collected " + c.files() + " files, " + c.bytes() + " bytes");
                            }
                        }
                    } else {
                        String remote = Shell.join(List.of("tar", "-C", record.invocationDir(), "-cf", "-", taskName + "/artifacts",
                                taskName + "/logs"));
                        Proc.run(List.of("bash", "-c", "set -o pipefail; ssh " + ctx.testbed.sshAlias() + " " + Shell.quote(remote)
                                + " | tar -C " + Shell.quote(dest.toString()) + " -xf -"));
                        base.add((System.nanoTime() - start) / 1e9);
                    }
                    long[] got = count(dest);
                    if (got[0] != expectedFiles || got[1] != expectedBytes) {
                        throw new IllegalStateException((oursTurn ? "ours" : "baseline") + " unpacked " + got[0] + " files, " + got[1]
                                + " bytes; expected " + expectedFiles + ", " + expectedBytes);
                    }
                    Bench.deleteTree(dest);
                }
            }
        } finally {
            scheduler.shutdownNow();
        }
        double o = Stats.median(ours);
        double b = Stats.median(base);
        double mib = expectedBytes / (double) (1 << 20);
        raw.add("ours, s per round: %s (median %.1f s, %.0f MiB/s)", secs(ours), o, mib / o);
        raw.add("baseline, s per round: %s (median %.1f s, %.0f MiB/s)", secs(base), b, mib / b);
        raw.add("each copy checked: same number of files and bytes as on the cluster");
        return new Result("P5", "artifacts: 1 GiB file + " + SMALL_FILES + " small files", ">=1.0x (ours at least as fast)",
                String.format("%.1f s (%.0f MiB/s)", b, mib / b), String.format("%.1f s (%.0f MiB/s)", o, mib / o),
                String.format("%.2fx", b / o), b / o >= 1.0,
                "Median of " + ROUNDS + " rounds each, alternating which goes first, each on a new connection into an empty "
                        + "local directory (deleted after the round). Ours: `Evaluator.collect` (ArtifactCollector: one "
                        + "`tar c` on the cluster streamed over the JSch connection and unpacked by commons-compress as it "
                        + "arrives). Baseline: `ssh " + ctx.testbed.sshAlias() + " 'tar -C <invocation> -cf - <task>/artifacts "
                        + "<task>/logs' | tar -C <dest> -xf -` with OpenSSH's default cipher.",
                raw.lines());
    }

    /** Regular files and their total size under {@code dir}. */
    static long[] count(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            long[] r = new long[2];
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                r[0]++;
                r[1] += Files.size(p);
            }
            return r;
        }
    }

    private static String secs(List<Double> v) {
        return v.stream().map(d -> String.format("%.1f", d)).toList().toString();
    }
}
