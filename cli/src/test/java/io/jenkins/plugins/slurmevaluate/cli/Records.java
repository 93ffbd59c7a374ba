package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Instant;
import java.util.List;

/** Run records for tests, as the engine would have saved them. */
final class Records {

    static final String ID = "0123456789abcdef";
    static final Instant CREATED = Instant.parse("2026-11-25T09:00:00Z");

    private Records() {}

    static TaskRecord task(String name, int index) {
        return TaskRecord.planned(name, index, "/evals/20261125_090000-" + ID + "/" + name + "." + index,
                "acct-x." + name + "." + index + "-" + ID);
    }

    static RunRecord run(RunRecord.Phase phase, TaskRecord... tasks) {
        return new RunRecord(RunRecord.SCHEMA, ID, CREATED, new ClusterRef(null, "login1", 22, "alice", false), "/cfg/eval.yaml",
                "/evals/20261125_090000-" + ID, List.of(), List.of("ifeval.acc >= 0.5"), null, phase, List.of(tasks), null, null);
    }
}
