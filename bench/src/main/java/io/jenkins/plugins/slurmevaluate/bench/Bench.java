package io.jenkins.plugins.slurmevaluate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Entry point of {@code bench/run.sh}: runs the benchmarks P1 … P6 and writes {@code <out>/<date>.md} and the P4
 * chart next to it.
 *
 * <pre>
 * java -jar slurm-evaluate-bench.jar [--out DIR] [--only P1,P4] [--runs N]
 * </pre>
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench/results");
        Set<String> only = new LinkedHashSet<>(List.of("P1", "P2", "P3", "P4", "P5", "P6"));
        int runs = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].toUpperCase().split(",")));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--footprint-child" -> {
                    FootprintBench.child(Integer.parseInt(args[++i]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        LocalDate date = LocalDate.now();
        List<Result> results = new ArrayList<>();
        Path scratch = Files.createTempDirectory("slurm-evaluate-bench");
        String chart = null;
        try {
            if (only.contains("P6")) {
                results.add(run(() -> FootprintBench.run(System.out), "P6"));
            }
            boolean needsTestbed = only.stream().anyMatch(p -> !p.equals("P6"));
            if (needsTestbed) {
                try (BenchContext ctx = new BenchContext(TestbedEnv.load(), System.out)) {
                    if (only.contains("P4")) {
                        chart = date + "-p4-latency.png";
                        Path chartFile = out.resolve(chart);
                        results.add(run(() -> LogLatencyBench.run(ctx, chartFile), "P4"));
                    }
                    if (only.contains("P3")) {
                        results.add(run(() -> SubmitBench.run(ctx, 20, scratch), "P3"));
                    }
                    if (only.contains("P5")) {
                        results.add(run(() -> ArtifactBench.run(ctx, scratch), "P5"));
                    }
                    if (only.contains("P1") || only.contains("P2")) {
                        int n = runs;
                        for (Result r : StatusLoadBench.run(ctx, n, scratch)) {
                            results.add(r);
                        }
                    }
                }
            }
        } finally {
            deleteTree(scratch);
        }
        results.sort(Comparator.comparing(Result::id));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String md = Report.markdown(date, results, Environment.describe(), "bench/run.sh", seconds, chart);
        Path file = out.resolve(date + ".md");
        Report.write(file, md);
        System.out.println();
        System.out.println(Report.table(results));
        System.out.printf("wrote %s in %.0f s%n", file, seconds);
    }

    private interface Benchmark {
        Result run() throws Exception;
    }

    private static Result run(Benchmark b, String id) {
        System.out.println("== " + id);
        try {
            boolean busyBefore = endToEndTestsRunning();
            Result r = b.run();
            if (busyBefore || endToEndTestsRunning()) {
                List<String> raw = new ArrayList<>(r.raw());
                raw.add("note: an end-to-end test run (failsafe) was running on the test bed during this benchmark");
                r = new Result(r.id(), r.title(), r.goal(), r.baseline(), r.ours(), r.ratio(), r.met(), r.method(), raw);
            }
            System.out.println(r.id() + ": " + r.ours() + " vs " + r.baseline() + " -> " + r.ratio() + (r.met() ? " (met)" : " (NOT met)"));
            r.raw().forEach(l -> System.out.println("   " + l));
            return r;
        } catch (Exception e) {
            e.printStackTrace();
            return Result.failed(id, "see the log", "-", e);
        }
    }

    /** Whether other engineers' end-to-end tests (Maven failsafe) are running now. */
    static boolean endToEndTestsRunning() {
        try {
            return new ProcessBuilder("pgrep", "-f", "failsafe").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
