package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.slurm.AccountingEntry;
import io.jenkins.plugins.slurmevaluate.slurm.JobState;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String NAME = "acct-x.hellaswag.0-0123456789abcdef";

    private final TaskRecord submitted = TaskRecord.planned("hellaswag", 0, "/e/inv/hellaswag.0", NAME)
            .withJobIds(List.of("12")).withLastAlive(T0);

    static QueueEntry q(String id, JobState state, String reason) {
        return new QueueEntry(id, state, state.name(), reason, Duration.ZERO, Duration.ofMinutes(1), "", NAME, "");
    }

    static AccountingEntry acct(String id, JobState state, Integer exit) {
        return new AccountingEntry(id, null, NAME, state, state.name(), exit, 0, Duration.ofSeconds(60), null, null, null, "");
    }

    private static ChainTracker.Observation at(Duration after, Map<String, String> files, List<QueueEntry> queue,
            Map<String, AccountingEntry> accounting) {
        return new ChainTracker.Observation(files, queue, accounting, T0.plus(after));
    }

    @Test
    void aRunningFirstLinkIsRunningAndAnnounced() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(5), Map.of(".chain_status", "1 12 started link=1\n1 12 successor id=13\n"),
                List.of(q("12", JobState.RUNNING, "None"), q("13", JobState.PENDING, "Dependency")), Map.of()));
        assertThat(u.task().state()).isEqualTo("RUNNING");
        assertThat(u.task().chainStopped()).isFalse();
        assertThat(u.task().jobIds()).containsExactly("12");
        assertThat(u.cancel()).isEmpty();
        assertThat(u.messages()).containsExactly("hellaswag.0: job 12 RUNNING");
    }

    @Test
    void aResumedLinkJoinsTheChainAndIsReportedAsTheSecondLink() {
        String status = "1 12 started link=1\n2 12 successor id=13\n3 13 resumed link=2 prev=12 prev_state=TIMEOUT source=sacct\n";
        var u = ChainTracker.observe(submitted.withState("RUNNING"), at(Duration.ofSeconds(90),
                Map.of(".chain_status", status, ".slurm_job_id.list", "12\n13\n"),
                List.of(q("12", JobState.TIMEOUT, "TimeLimit"), q("13", JobState.RUNNING, "None"), q("14", JobState.PENDING, "Dependency")),
                Map.of()));
        assertThat(u.task().jobIds()).containsExactly("12", "13");
        assertThat(u.task().state()).isEqualTo("RUNNING");
        assertThat(u.messages()).containsExactly("hellaswag.0: job 12 ended TIMEOUT; job 13 resumes the chain (link 2)");
        var again = ChainTracker.observe(u.task(), at(Duration.ofSeconds(95),
                Map.of(".chain_status", status, ".slurm_job_id.list", "12\n13\n"),
                List.of(q("13", JobState.RUNNING, "None"), q("14", JobState.PENDING, "Dependency")), Map.of()));
        assertThat(again.messages()).as("said once").isEmpty();
    }

    @Test
    void aSuccessorThatRunsButHasNotDecidedYetIsNotALinkUntilItSaysSoAndThenItsResumeIsTold() {
        String before = "1 12 started link=1\n2 12 successor id=13\n3 12 exit code=143 signal=TERM\n";
        QueueEntry deciding = new QueueEntry("13", JobState.RUNNING, "RUNNING", "None", Duration.ofSeconds(4), Duration.ofMinutes(1),
                "", NAME, "");
        var u = ChainTracker.observe(submitted.withState("RUNNING"), at(Duration.ofSeconds(90), Map.of(".chain_status", before),
                List.of(q("12", JobState.PREEMPTED, "None"), deciding), Map.of()));
        assertThat(u.task().jobIds()).containsExactly("12");
        assertThat(u.messages()).as("still RUNNING, and 13 has not said what it is").isEmpty();
        var resumed = ChainTracker.observe(u.task(), at(Duration.ofSeconds(95),
                Map.of(".chain_status", before + "4 13 successor id=14\n4 13 resumed link=2 prev=12 prev_state=PREEMPTED source=sacct\n"),
                List.of(q("12", JobState.PREEMPTED, "None"), deciding, q("14", JobState.PENDING, "Dependency")), Map.of()));
        assertThat(resumed.task().jobIds()).containsExactly("12", "13");
        assertThat(resumed.messages()).containsExactly("hellaswag.0: job 12 ended PREEMPTED; job 13 resumes the chain (link 2)");
    }

    @Test
    void aSuccessorAlreadyInTheJobIdListButNotYetInTheChainStatusWaitsSoItsResumeIsStillTold() {
        // the link appends itself to .slurm_job_id.list just before it writes "resumed"; a poll can fall between
        String before = "1 12 started link=1\n2 12 successor id=13\n3 12 exit code=143 signal=TERM\n";
        QueueEntry deciding = new QueueEntry("13", JobState.RUNNING, "RUNNING", "None", Duration.ofSeconds(4), Duration.ofMinutes(1),
                "", NAME, "");
        var u = ChainTracker.observe(submitted.withState("RUNNING"), at(Duration.ofSeconds(90),
                Map.of(".chain_status", before, ".slurm_job_id.list", "12\n13\n"),
                List.of(q("12", JobState.PREEMPTED, "None"), deciding), Map.of()));
        assertThat(u.task().jobIds()).containsExactly("12");
        var resumed = ChainTracker.observe(u.task(), at(Duration.ofSeconds(95),
                Map.of(".chain_status", before + "4 13 resumed link=2 prev=12 prev_state=PREEMPTED source=sacct\n",
                        ".slurm_job_id.list", "12\n13\n"),
                List.of(q("12", JobState.PREEMPTED, "None"), deciding), Map.of()));
        assertThat(resumed.task().jobIds()).containsExactly("12", "13");
        assertThat(resumed.messages()).containsExactly("hellaswag.0: job 12 ended PREEMPTED; job 13 resumes the chain (link 2)");
    }

    @Test
    void aJobInTheJobIdListThatHasLeftTheQueueIsALinkEvenWithoutChainEvents() {
        // its chain status could not be written: the list is then all that says it ran
        var u = ChainTracker.observe(submitted.withState("RUNNING"), at(Duration.ofMinutes(5),
                Map.of(".slurm_job_id.list", "12\n13\n"), List.of(), Map.of()));
        assertThat(u.task().jobIds()).containsExactly("12", "13");
    }

    @Test
    void aRunningJobOfTheChainThatStaysSilentForAMinuteIsFollowedAnyway() {
        QueueEntry silent = new QueueEntry("13", JobState.RUNNING, "RUNNING", "None", Duration.ofSeconds(61), Duration.ofMinutes(5),
                "", NAME, "");
        var u = ChainTracker.observe(submitted, at(Duration.ofMinutes(3), Map.of(), List.of(q("12", JobState.TIMEOUT, "None"), silent),
                Map.of()));
        assertThat(u.task().jobIds()).containsExactly("12", "13");
    }

    @Test
    void aCompletedChainStopsAndItsLeftoverSuccessorIsCancelled() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(60),
                Map.of(".chain_status", "1 12 started link=1\n1 12 successor id=13\n9 12 stopped reason=completed\n"),
                List.of(q("12", JobState.COMPLETED, "None"), q("13", JobState.PENDING, "DependencyNeverSatisfied")), Map.of()));
        assertThat(u.task().stop()).isEqualTo("completed");
        assertThat(u.task().succeeded()).isTrue();
        assertThat(u.cancel()).containsExactly("13");
        assertThat(u.messages()).contains("hellaswag.0: chain stopped: completed");
    }

    @Test
    void aStopEventWaitsUntilTheLastLinkHasLeftTheNodes() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(60),
                Map.of(".chain_status", "1 12 started link=1\n9 12 stopped reason=completed\n"),
                List.of(q("12", JobState.RUNNING, "None")), Map.of()));
        assertThat(u.task().chainStopped()).isFalse();
    }

    @Test
    void budgetStopsCarryTheirFigures() {
        var u = ChainTracker.observe(submitted, at(Duration.ofMinutes(5),
                Map.of(".chain_status", "9 14 stopped reason=max_walltime used=7260 limit=7200\n"), List.of(), Map.of()));
        assertThat(u.task().stop()).isEqualTo("max_walltime");
        assertThat(u.task().stopDetail()).isEqualTo("used=7260 limit=7200");
        assertThat(u.task().succeeded()).isFalse();
    }

    @Test
    void aStallStopSaysInWordsWhyTheChainEnded() {
        var u = ChainTracker.observe(submitted, at(Duration.ofMinutes(5),
                Map.of(".chain_status", "9 14 stopped reason=no_progress links=5 within=600\n"), List.of(), Map.of()));
        assertThat(u.task().stop()).isEqualTo("no_progress");
        assertThat(u.task().stopDetail()).isEqualTo("links=5 within=600");
        assertThat(u.messages()).contains("hellaswag.0: chain stopped: no_progress (links=5 within=600): the last 5 "
                + "links each ended within 600s of starting without progress");
    }

    @Test
    void aSuccessorThatStopsTheChainBeforeAnyWorkIsAJobOfTheChainSoItsLogIsFollowed() {
        String status = "1 12 successor id=13\n1 12 started link=1\n75 12 exit code=143 signal=TERM\n"
                + "90 13 exit code=0\n90 13 stopped reason=max_walltime used=75 limit=60\n";
        var u = ChainTracker.observe(submitted.withState("RUNNING"), at(Duration.ofSeconds(95),
                Map.of(".chain_status", status, ".slurm_job_id.list", "12\n"),
                List.of(q("12", JobState.TIMEOUT, "TimeLimit"), q("13", JobState.COMPLETED, "None")), Map.of()));
        assertThat(u.task().stop()).isEqualTo("max_walltime");
        assertThat(u.task().jobIds()).containsExactly("12", "13");
        assertThat(u.task().state()).as("the state of the link that used the budget up").isEqualTo("TIMEOUT");
        assertThat(u.messages()).containsExactly("hellaswag.0: job 12 TIMEOUT", "hellaswag.0: chain stopped: max_walltime (used=75 limit=60): the links ran 75s of max_walltime 60s");
    }

    @Test
    void nothingVisibleRightAfterSubmissionMeansPendingNotLost() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(20), Map.of(), List.of(), Map.of()));
        assertThat(u.task().chainStopped()).isFalse();
    }

    @Test
    void aTimedOutLinkWithoutSuccessorIsALostChainNotASuccess() {
        var u = ChainTracker.observe(submitted, at(Duration.ofMinutes(3), Map.of(), List.of(),
                Map.of("12", acct("12", JobState.TIMEOUT, 0))));
        assertThat(u.task().stop()).isEqualTo("lost");
        assertThat(u.task().stopDetail()).contains("no successor");
    }

    @Test
    void aFailedLinkThatDiedBeforeWritingItsStopEventEndsTheChainAsFailed() {
        var u = ChainTracker.observe(submitted, at(Duration.ofMinutes(3), Map.of(), List.of(),
                Map.of("12", acct("12", JobState.OUT_OF_MEMORY, 0))));
        assertThat(u.task().stop()).isEqualTo("prev_out_of_memory");
    }

    @Test
    void withAccountingDownTheLinksOwnEndMarkerDecides() {
        var ok = ChainTracker.observe(submitted, at(Duration.ofMinutes(3), Map.of(".jobs/12.end", "1764100075 0\n"), List.of(), Map.of()));
        assertThat(ok.task().stop()).isEqualTo("completed");
        var failed = ChainTracker.observe(submitted, at(Duration.ofMinutes(3), Map.of(".jobs/12.end", "1764100075 3\n"), List.of(), Map.of()));
        assertThat(failed.task().stop()).isEqualTo("failed");
    }

    @Test
    void anUnknownEndIsWaitedForAndThenGivenUpAsUnknownNeverAsSuccess() {
        var early = ChainTracker.observe(submitted, at(Duration.ofMinutes(5), Map.of(), List.of(), Map.of()));
        assertThat(early.task().chainStopped()).isFalse();
        assertThat(early.task().state()).isEqualTo("UNKNOWN");
        var late = ChainTracker.observe(submitted, at(Duration.ofMinutes(11), Map.of(), List.of(), Map.of()));
        assertThat(late.task().stop()).isEqualTo("unknown");
        assertThat(late.task().succeeded()).isFalse();
    }

    @Test
    void theKilledMarkEndsTheChainOnceNothingRuns() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(30), Map.of(".killed", ""), List.of(q("12", JobState.CANCELLED, "None")), Map.of()));
        assertThat(u.task().stop()).isEqualTo("killed");
    }

    @Test
    void aNeverSatisfiableSuccessorIsCancelledEvenWhileTheChainRuns() {
        var u = ChainTracker.observe(submitted, at(Duration.ofSeconds(30), Map.of(),
                List.of(q("12", JobState.RUNNING, "None"), q("9", JobState.PENDING, "DependencyNeverSatisfied")), Map.of()));
        assertThat(u.cancel()).containsExactly("9");
        assertThat(u.task().chainStopped()).isFalse();
    }

    @Test
    void aStoppedChainOnlySweepsLeftovers() {
        TaskRecord done = submitted.withStop("completed", "");
        var u = ChainTracker.observe(done, at(Duration.ofMinutes(1), new HashMap<>(), List.of(q("13", JobState.PENDING, "Dependency")), Map.of()));
        assertThat(u.task()).isEqualTo(done);
        assertThat(u.cancel()).containsExactly("13");
    }
}
