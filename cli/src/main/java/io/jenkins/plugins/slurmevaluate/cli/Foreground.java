package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.Verdicts;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.run.CollectLimits;
import io.jenkins.plugins.slurmevaluate.run.Collected;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Watch;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a submitted run in the foreground, as {@code run}, {@code logs -f} and {@code resume} do: streams its logs
 * with a live progress line until every chain has stopped, then downloads the artifacts, gates the scores, writes
 * {@code gate-report.json} and {@code gate-report.xml} and prints the text report. Returns the verdict's exit code.
 *
 * <p>Ctrl-C (or SIGTERM) stops following and leaves the jobs running, unless {@code --cancel-on-interrupt} was given;
 * either way the last words say what to type next. The saved record then matches what was printed, so {@code logs -f}
 * goes on from exactly there.
 */
final class Foreground {

    /**
     * @param resultsDir where artifacts and reports go
     * @param verdictOptions how strictly to gate
     * @param cancelOnInterrupt whether Ctrl-C cancels the jobs too
     */
    record Options(Path resultsDir, VerdictOptions verdictOptions, boolean cancelOnInterrupt) {}

    /** How often the budgets are read and, off a terminal, a plain progress line is printed. */
    static final long PROBE_MILLIS = 30_000;

    private final Session s;

    Foreground(Session session) {
        this.s = session;
    }

    /** A run that was collected and gated already: says so and returns its verdict's code. */
    static int alreadyDone(RunRecord record, Terminal terminal, Path resultsDir) {
        terminal.info("invocation " + record.invocationId() + " is finished: " + record.verdict() + ": " + record.message()
                + "; results in " + resultsDir);
        return ExitCode.ofVerdict(record.verdict());
    }

    int follow(RunRecord record, RecordKeeper keeper, Options o) throws CliFailure {
        if (record.phase() == RunRecord.Phase.DONE) {
            return alreadyDone(record, s.terminal, o.resultsDir());
        }
        Watch watch = s.evaluator.watch(record, s.host, s.sink, keeper);
        RunRecord stopped;
        try (InterruptGuard guard = InterruptGuard.install(() -> interrupted(watch, keeper, o))) {
            stopped = await(watch, guard);
            if (stopped == null) {
                return ExitCode.INTERRUPTED;
            }
            s.terminal.endProgress();
            return finish(stopped, keeper, o);
        }
    }

    /** Waits for every chain to stop, drawing the progress; null when interrupted. */
    private RunRecord await(Watch watch, InterruptGuard guard) throws CliFailure {
        BudgetProbe.Snapshot budgets = new BudgetProbe.Snapshot(Map.of(), -1);
        long probedAt = 0;
        long nextProbe = System.currentTimeMillis() + 2_000;
        long nextPlain = System.currentTimeMillis() + PROBE_MILLIS;
        while (true) {
            try {
                return watch.done().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // still running: draw the progress below
            } catch (CancellationException e) {
                guard.awaitAction();
                return null;
            } catch (ExecutionException e) {
                String id = watch.current().invocationId();
                throw CliFailure.infrastructure(e.getCause().getMessage() + "; the jobs keep running: follow them again with '"
                        + s.hints.follow(id) + "' once the cluster answers", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            long now = System.currentTimeMillis();
            if (now >= nextProbe) {
                nextProbe = now + PROBE_MILLIS;
                try {
                    budgets = BudgetProbe.probe(s.host, watch.current());
                    probedAt = now;
                } catch (IOException e) {
                    // the figures stay as they were; the watcher narrates outages
                }
            }
            long clusterNow = budgets.remoteEpoch() < 0 ? -1 : budgets.remoteEpoch() + (now - probedAt) / 1000;
            if (s.context.terminal() || now >= nextPlain) {
                nextPlain = now + PROBE_MILLIS;
                s.terminal.progress(ProgressLine.format(watch.current(), budgets.budgets(), clusterNow, Instant.now()));
            }
        }
    }

    /** Downloads, gates, writes the reports; the record ends in phase DONE with the verdict. */
    int finish(RunRecord record, RecordKeeper keeper, Options o) throws CliFailure {
        String id = record.invocationId();
        Path dir = o.resultsDir();
        s.terminal.info("every chain has stopped; downloading artifacts and logs to " + dir);
        Collected got;
        try {
            got = s.evaluator.collect(record, s.host, dir, CollectLimits.defaults());
        } catch (IOException e) {
            throw CliFailure.infrastructure("downloading the results of " + id + " failed: " + e.getMessage()
                    + "; try again with '" + s.hints.follow(id) + "'", e);
        }
        s.terminal.info("downloaded " + got.files() + " file(s), " + got.bytes() + " bytes");
        Evaluator.Outcome outcome;
        try {
            Invocation baseline = record.baseline() == null ? null : Verdicts.readBaseline(Path.of(record.baseline()));
            outcome = s.evaluator.verdict(record, dir, Gates.parse(record.gates()), baseline, o.verdictOptions());
            Files.writeString(dir.resolve("gate-report.json"), outcome.report().toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("gate-report.xml"), outcome.report().toJUnitXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.invalid("cannot gate the results in " + dir + ": " + e.getMessage());
        }
        keeper.accept(outcome.record());
        s.context.out().print(outcome.report().toText());
        s.context.out().flush();
        s.terminal.notice("slurm-evaluate: " + outcome.verdict() + ": " + outcome.message() + " (invocation " + id
                + "; artifacts, gate-report.json and gate-report.xml in " + dir + ")");
        return ExitCode.ofVerdict(outcome.verdict());
    }

    /** The shutdown hook's work: stop following, keep the record as printed, cancel if asked, say what next. */
    private void interrupted(Watch watch, RecordKeeper keeper, Options o) {
        watch.stop();
        RunRecord last = keeper.close();
        s.terminal.mute();
        String id = last.invocationId();
        if (!o.cancelOnInterrupt() || last.allChainsStopped()) {
            s.terminal.notice(s.hints.interrupted(last));
            return;
        }
        s.terminal.notice("slurm-evaluate: interrupted: cancelling every job of invocation " + id + " (--cancel-on-interrupt)");
        try {
            s.store.save(s.evaluator.kill(last, s.host, s.sink));
            s.terminal.notice("slurm-evaluate: cancelled; nothing of invocation " + id + " is left in the queue");
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.terminal.notice("slurm-evaluate: cancelling failed (" + e.getMessage() + "); cancel with '" + s.hints.kill(id) + "'");
        }
    }
}
