package io.jenkins.plugins.slurmevaluate.run;

import static io.jenkins.plugins.slurmevaluate.run.ChainTrackerTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.slurm.JobState;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watcher follows a task's auto-export job after its chain completed, and says how it ended. */
class ExportTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String COMPLETED = "1 12 started link=1\n1 12 successor id=13\n5 12 export id=14\n6 12 exit code=0\n"
            + "6 12 successor_cancelled id=13\n6 12 stopped reason=completed\n";

    private final TaskRecord submitted = TaskRecord.planned("hellaswag", 0, "/e/inv/hellaswag.0", "n")
            .withJobIds(List.of("12")).withLastAlive(T0).withExport(ExportStatus.pending(List.of("mlflow", "local")));

    private static ChainTracker.Update poll(TaskRecord t, Duration after, String status, QueueEntry... queue) {
        return ChainTracker.observe(t, new ChainTracker.Observation(Map.of(".chain_status", status), List.of(queue), Map.of(),
                T0.plus(after)));
    }

    @Test
    void aCompletedChainStaysOpenWhileItsExportJobIsQueuedAndTheJobIsNotALink() {
        var u = poll(submitted, Duration.ofSeconds(30), COMPLETED, q("14", JobState.PENDING, "Dependency"));
        assertThat(u.task().chainStopped()).isFalse();
        assertThat(u.task().jobIds()).containsExactly("12");
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.QUEUED);
        assertThat(u.task().export().jobId()).isEqualTo("14");
        assertThat(u.cancel()).isEmpty();
        assertThat(u.messages()).contains("hellaswag.0: auto-export to mlflow, local: queued (job 14)");

        var running = poll(u.task(), Duration.ofSeconds(40), COMPLETED, q("14", JobState.RUNNING, "None"));
        assertThat(running.task().chainStopped()).isFalse();
        assertThat(running.task().jobIds()).containsExactly("12");
        assertThat(running.messages()).noneMatch(m -> m.contains("auto-export"));
    }

    @Test
    void theExportJobsReportEndsTheTaskWithTheOutcome() {
        var u = poll(submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null)), Duration.ofSeconds(90),
                COMPLETED + "80 14 export_end code=0\n");
        assertThat(u.task().stop()).isEqualTo("completed");
        assertThat(u.task().jobIds()).containsExactly("12");
        assertThat(u.task().export()).isEqualTo(new ExportStatus(List.of("mlflow", "local"), ExportStatus.SUCCEEDED, "14", null));
        assertThat(u.messages()).contains("hellaswag.0: auto-export to mlflow, local: succeeded (job 14)");

        var failed = poll(submitted, Duration.ofSeconds(90), COMPLETED + "80 14 export_end code=1\n");
        assertThat(failed.task().succeeded()).isTrue();
        assertThat(failed.task().export().outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.task().export().detail()).isEqualTo("exit code 1; see logs/export-14.log");
    }

    @Test
    void aFailedEvaluationSkipsTheExportWithALine() {
        var u = poll(submitted, Duration.ofSeconds(60), "1 12 started link=1\n6 12 exit code=3\n6 12 stopped reason=failed code=3\n");
        assertThat(u.task().stop()).isEqualTo("failed");
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.SKIPPED);
        assertThat(u.messages()).contains(
                "hellaswag.0: auto-export to mlflow, local: skipped (the evaluation did not complete: chain stopped failed (code=3))");
    }

    @Test
    void anExportQueuedByALinkThatThenFailedIsCancelledAndSkipped() {
        var u = poll(submitted, Duration.ofSeconds(60), "1 12 started link=1\n5 12 export id=14\n6 12 exit code=1\n"
                + "6 12 stopped reason=failed code=1\n", q("14", JobState.PENDING, "DependencyNeverSatisfied"));
        assertThat(u.task().chainStopped()).isTrue();
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.SKIPPED);
        assertThat(u.cancel()).containsExactly("14");
    }

    @Test
    void anExportJobThatVanishesWithoutReportingFailsAfterTheGrace() {
        TaskRecord queued = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        assertThat(poll(queued, Duration.ofSeconds(30), COMPLETED).task().chainStopped()).isFalse();
        var u = poll(queued, ExportTracker.REPORT_GRACE.plusSeconds(1), COMPLETED);
        assertThat(u.task().chainStopped()).isTrue();
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(u.task().export().detail()).startsWith("the export job ended without reporting");
    }

    @Test
    void aFailedSbatchOfTheExportIsAFailedExport() {
        var u = poll(submitted, Duration.ofSeconds(60), "1 12 started link=1\n5 12 export_failed rc=1\n6 12 exit code=0\n"
                + "6 12 stopped reason=completed\n");
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(u.task().export().detail()).isEqualTo("sbatch of export.sbatch failed (exit code 1)");
    }

    @Test
    void theExportJobsLogIsStreamedOnceItIsQueued() {
        TaskRecord queued = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        assertThat(LogStreamer.request(new io.jenkins.plugins.slurmevaluate.state.RunRecord(
                io.jenkins.plugins.slurmevaluate.state.RunRecord.SCHEMA, "0123456789abcdef", T0,
                new io.jenkins.plugins.slurmevaluate.state.ClusterRef("c", "h", 22, "u", false), "c.yaml", "/e/inv",
                List.of(), List.of(), null, io.jenkins.plugins.slurmevaluate.state.RunRecord.Phase.WATCHING, List.of(queued),
                null, null)).links()).contains(new LogTail.Link("/e/inv/hellaswag.0/logs", "14"));
    }

    @Test
    void theExportStatusSurvivesTheRunRecordsJsonAndOldRecordsHaveNone() throws java.io.IOException {
        TaskRecord queued = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        var record = new io.jenkins.plugins.slurmevaluate.state.RunRecord(io.jenkins.plugins.slurmevaluate.state.RunRecord.SCHEMA,
                "0123456789abcdef", T0, new io.jenkins.plugins.slurmevaluate.state.ClusterRef("c", "h", 22, "u", false), "c.yaml",
                "/e/inv", List.of(), List.of(), null, io.jenkins.plugins.slurmevaluate.state.RunRecord.Phase.WATCHING,
                List.of(queued, submitted.withExport(null)), null, null);
        var back = io.jenkins.plugins.slurmevaluate.state.RunRecordJson.read(
                io.jenkins.plugins.slurmevaluate.state.RunRecordJson.write(record));
        assertThat(back.tasks().get(0).export()).isEqualTo(queued.export());
        assertThat(back.tasks().get(1).export()).isNull();
    }

    @Test
    void aKillDuringTheExportKeepsTheCompletedEvaluationAndSkipsTheExport() {
        TaskRecord exporting = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        TaskRecord after = ExportTracker.killed(exporting, null);
        assertThat(after.succeeded()).isTrue();
        assertThat(after.export().outcome()).isEqualTo(ExportStatus.SKIPPED);
        assertThat(after.export().detail()).isEqualTo("cancelled by slurm-evaluate kill");

        TaskRecord running = ExportTracker.killed(submitted, io.jenkins.plugins.slurmevaluate.layout.ChainStatus.parse(
                "1 12 started link=1\n"));
        assertThat(running.stop()).isEqualTo("killed");
        assertThat(running.export().outcome()).isEqualTo(ExportStatus.SKIPPED);
        // the record had not seen the export yet, but the chain had completed: only the export was cancelled
        TaskRecord unseen = ExportTracker.killed(submitted, io.jenkins.plugins.slurmevaluate.layout.ChainStatus.parse(COMPLETED));
        assertThat(unseen.succeeded()).isTrue();
        assertThat(unseen.export().jobId()).isEqualTo("14");
    }

    @Test
    void anExportJobCancelledByAKillIsSkippedNotFailed() {
        TaskRecord queued = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        var u = ChainTracker.observe(queued, new ChainTracker.Observation(Map.of(".chain_status",
                COMPLETED + "80 14 export_end code=143\n", ".killed", ""), List.of(), Map.of(), T0.plusSeconds(90)));
        assertThat(u.task().succeeded()).isTrue();
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.SKIPPED);
        assertThat(u.task().export().detail()).isEqualTo("cancelled by slurm-evaluate kill");
    }

    @Test
    void withoutAutoExportAChainStopsAsBefore() {
        TaskRecord plain = submitted.withExport(null);
        var u = poll(plain, Duration.ofSeconds(60), "1 12 started link=1\n6 12 stopped reason=completed\n");
        assertThat(u.task().succeeded()).isTrue();
        assertThat(u.task().export()).isNull();
        assertThat(u.messages()).noneMatch(m -> m.contains("auto-export"));
    }

    @Test
    void aKillAfterTheExportReportedKeepsItsReport() {
        TaskRecord queued = submitted.withExport(submitted.export().with(ExportStatus.QUEUED, "14", null));
        TaskRecord done = ExportTracker.killed(queued, io.jenkins.plugins.slurmevaluate.layout.ChainStatus.parse(
                COMPLETED + "80 14 export_end code=0\n"));
        assertThat(done.succeeded()).isTrue();
        assertThat(done.export()).isEqualTo(new ExportStatus(List.of("mlflow", "local"), ExportStatus.SUCCEEDED, "14", null));
        TaskRecord failed = ExportTracker.killed(queued, io.jenkins.plugins.slurmevaluate.layout.ChainStatus.parse(
                COMPLETED + "80 14 export_end code=1\n"));
        assertThat(failed.export().outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.export().detail()).isEqualTo("exit code 1; see logs/export-14.log");
    }

    @Test
    void theLastLinksWordOnTheExportDecidesAndAnEarlierLinksExportJobIsCancelled() {
        // link 12 queued export 14, then hit its time limit; link 13 completed but could not queue its own export
        String status = "1 12 started link=1\n5 12 export id=14\n20 13 resumed link=2 prev=12 prev_state=TIMEOUT\n"
                + "30 13 export_failed rc=1\n31 13 exit code=0\n31 13 stopped reason=completed\n";
        var u = poll(submitted, Duration.ofSeconds(60), status, q("14", JobState.PENDING, "DependencyNeverSatisfied"));
        assertThat(u.task().succeeded()).isTrue();
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.FAILED);
        assertThat(u.task().export().detail()).isEqualTo("sbatch of export.sbatch failed (exit code 1)");
        assertThat(u.cancel()).containsExactly("14");
    }

    @Test
    void aStoppedTasksExportJobIsNeverCancelledAsALeftoverOfItsChain() {
        TaskRecord stopped = submitted.withStop("completed", "").withExport(submitted.export().with(ExportStatus.SKIPPED, null, "x"));
        var u = poll(stopped, Duration.ofSeconds(60), COMPLETED, q("14", JobState.PENDING, "Dependency"));
        assertThat(u.cancel()).isEmpty();
    }

    @Test
    void aChainThatLostItsStopEventStillFollowsTheExportItsLastLinkQueued() {
        String status = "1 12 started link=1\n5 12 export id=14\n6 12 exit code=0\n";
        var u = poll(submitted, ChainTracker.SUBMIT_GRACE.plusSeconds(60), status, q("14", JobState.PENDING, "Dependency"));
        assertThat(u.task().chainStopped()).isFalse();
        assertThat(u.task().export().outcome()).isEqualTo(ExportStatus.QUEUED);
        assertThat(u.task().export().jobId()).isEqualTo("14");
        assertThat(u.cancel()).isEmpty();
    }
}
