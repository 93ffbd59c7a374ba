package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Score;

/** Where a gate's path led: one score of one metric of one task or group, and which of its fields to compare. */
record Resolution(Target target, Metric metric, Score score, boolean stderrField) {

    /** The flattened name of the score: {@code <task-or-group>.<metric>.<score>}. */
    String key() {
        return target.node().name() + "." + metric.name() + "." + score.name();
    }

    /** The key plus the field when it is not the value, and the task directory: for "ambiguous" messages. */
    String qualified() {
        return target.run().dir() + "." + key() + (stderrField ? ".stderr" : "");
    }

    /** Each name on its own, for when the dotted forms look alike. */
    String describe() {
        return target.kind() + " '" + target.node().name() + "' in " + target.run().dir() + ", metric '" + metric.name()
                + "', score '" + score.name() + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resolution r && r.target.equals(target) && r.metric.name().equals(metric.name())
                && r.score.name().equals(score.name()) && r.stderrField == stderrField;
    }

    @Override
    public int hashCode() {
        return target.hashCode() * 31 + key().hashCode() + (stderrField ? 1 : 0);
    }
}
