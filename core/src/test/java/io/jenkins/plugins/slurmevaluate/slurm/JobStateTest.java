package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStateTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = ';', value = {
        // full names, as squeue %T and sacct State print them
        "PENDING;PENDING", "RUNNING;RUNNING", "COMPLETING;RUNNING", "CONFIGURING;RUNNING", "SUSPENDED;RUNNING",
        "STOPPED;RUNNING", "SIGNALING;RUNNING", "STAGE_OUT;RUNNING", "RESIZING;RUNNING",
        "COMPLETED;COMPLETED", "FAILED;FAILED", "DEADLINE;FAILED", "CANCELLED;CANCELLED", "TIMEOUT;TIMEOUT",
        "PREEMPTED;PREEMPTED", "NODE_FAIL;NODE_FAIL", "BOOT_FAIL;NODE_FAIL", "OUT_OF_MEMORY;OUT_OF_MEMORY",
        "REQUEUED;PENDING", "REQUEUE_HOLD;PENDING", "REQUEUE_FED;PENDING", "RESV_DEL_HOLD;PENDING",
        "SPECIAL_EXIT;PENDING",
        // who cancelled: the numeric uid (0 for root or slurmstepd)
        "CANCELLED by 1001;CANCELLED", "CANCELLED by 0;CANCELLED",
        // cut to a column width by sacct without -P (observed: OUT_OF_ME+, CANCELLED+)
        "OUT_OF_ME+;OUT_OF_MEMORY", "CANCELLED+;CANCELLED", "COMPLETI+;RUNNING", "NODE_FA+;NODE_FAIL",
        "REQUEUE+;PENDING", "TIMEO+;TIMEOUT",
        // compact codes, as squeue %t prints them
        "PD;PENDING", "R;RUNNING", "CG;RUNNING", "CD;COMPLETED", "F;FAILED", "CA;CANCELLED", "TO;TIMEOUT",
        "PR;PREEMPTED", "NF;NODE_FAIL", "OOM;OUT_OF_MEMORY", "BF;NODE_FAIL", "RQ;PENDING",
        // spacing and case do not matter
        "  completed ;COMPLETED", "Running;RUNNING"
    })
    void slurmStatesAreClassified(String raw, JobState expected) {
        assertThat(JobState.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "REVOKED", "SOMETHING_NEW", "C+", "S+", "+", "1001", "by"})
    void whatCannotBeClassifiedWithCertaintyIsUnknown(String raw) {
        assertThat(JobState.parse(raw)).isEqualTo(JobState.UNKNOWN);
    }

    @Test
    void terminalStatesAreTheEndedOnes() {
        assertThat(EnumSet.allOf(JobState.class)).filteredOn(JobState::isTerminal).containsExactlyInAnyOrder(
                JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT, JobState.PREEMPTED,
                JobState.NODE_FAIL, JobState.OUT_OF_MEMORY);
    }

    @Test
    void onlyTimeoutPreemptionAndNodeFailureAreResumable() {
        assertThat(EnumSet.allOf(JobState.class)).filteredOn(JobState::isResumable)
                .containsExactlyInAnyOrder(JobState.TIMEOUT, JobState.PREEMPTED, JobState.NODE_FAIL);
    }

    @Test
    void onlyCompletedIsASuccess() {
        assertThat(EnumSet.allOf(JobState.class)).filteredOn(JobState::isSuccess).containsExactly(JobState.COMPLETED);
    }

    @Test
    void unknownIsNeitherSuccessNorTerminalNorActive() {
        assertThat(JobState.UNKNOWN.isSuccess()).isFalse();
        assertThat(JobState.UNKNOWN.isTerminal()).isFalse();
        assertThat(JobState.UNKNOWN.isActive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"PENDING", "RUNNING"})
    void pendingAndRunningAreActiveAndNotTerminal(JobState state) {
        assertThat(state.isActive()).isTrue();
        assertThat(state.isTerminal()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyStateReadsBackFromItsOwnName(JobState state) {
        assertThat(JobState.parse(state.name())).isEqualTo(state);
    }
}
