package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.util.Objects;

/** What the lifecycle reads from a record's task chains: whether they changed, and the job names to cancel them by. */
final class Chains {

    private Chains() {}

    /**
     * Whether a job, a state, a stop or the phase differs: such a change is saved at once, while records that only
     * advanced log offsets are saved at an interval.
     */
    static boolean differ(RunRecord a, RunRecord b) {
        if (a.tasks().size() != b.tasks().size() || a.phase() != b.phase()) {
            return true;
        }
        for (int i = 0; i < a.tasks().size(); i++) {
            TaskRecord x = a.tasks().get(i);
            TaskRecord y = b.tasks().get(i);
            if (!x.jobIds().equals(y.jobIds()) || !Objects.equals(x.state(), y.state())
                    || !Objects.equals(x.stop(), y.stop())) {
                return true;
            }
        }
        return false;
    }

    /** Every chain's job name, for {@code scancel --name} when cancelling by job id failed. */
    static String jobNames(RunRecord r) {
        return String.join(", ", r.tasks().stream().map(TaskRecord::jobName).toList());
    }
}
