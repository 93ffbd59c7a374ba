package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** slurm-evaluate status shows a task's auto-export next to its chain. */
class StatusViewExportTest {

    @Test
    void theChainColumnEndsWithTheExportsOutcome() {
        TaskRecord t = TaskRecord.planned("gsm8k", 1, "/o/inv/gsm8k.1", "n").withJobIds(List.of("12"))
                .withStop("completed", "").withExport(new ExportStatus(List.of("mlflow"), ExportStatus.QUEUED, "14", null));
        assertThat(StatusView.chain(t)).isEqualTo("stopped: completed; auto-export to mlflow: queued (job 14)");
        assertThat(StatusView.chain(t.withExport(null))).isEqualTo("stopped: completed");
    }
}
