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

    /**
     * The record with each log offset moved forward to where {@code printed} says the lines were printed (a record of
     * the same invocation kept after the saved one); jobs, states and stops stay as saved, the watcher reads them anew.
     */
    static RunRecord withPrintedOffsets(RunRecord saved, RunRecord printed) {
        if (printed == null || !saved.invocationId().equals(printed.invocationId())) {
            return saved;
        }
        RunRecord r = saved;
        for (TaskRecord p : printed.tasks()) {
            for (int i = 0; i < r.tasks().size(); i++) {
                if (r.tasks().get(i).id().equals(p.id())) {
                    r = r.withTask(i, t -> {
                        TaskRecord moved = t;
                        for (var e : p.logOffsets().entrySet()) {
                            moved = moved.withLogOffset(e.getKey(), e.getValue());
                        }
                        return moved;
                    });
                }
            }
        }
        return r;
    }

    /** Every chain's job name, for {@code scancel --name} when cancelling by job id failed. */
    static String jobNames(RunRecord r) {
        return String.join(", ", r.tasks().stream().map(TaskRecord::jobName).toList());
    }
}
