package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every score of an invocation as one flat row, keyed {@code <task-or-group>.<metric>.<score>}. A key that two task
 * directories share is prefixed with the directory ({@code hellaswag.2.hellaswag.acc_norm.acc_norm}), which is also a
 * path a gate can use; a clash left after that (the same name twice inside one directory) gets {@code #2}, {@code #3}.
 */
final class ScoreTable {

    /**
     * @param path the task's name, or the group's names from the top-level group down
     */
    record Row(String key, String dir, boolean group, List<String> path, String metric, Score score) {}

    private ScoreTable() {}

    static List<Row> of(Invocation invocation) {
        List<Row> rows = new ArrayList<>();
        for (TaskRun run : invocation.tasks().values()) {
            for (Target t : Target.of(run)) {
                List<String> path = t.group() ? t.groupPath() : List.of(t.node().name());
                for (Metric m : t.node().metrics().values()) {
                    for (Score s : m.scores().values()) {
                        rows.add(new Row(t.node().name() + "." + m.name() + "." + s.name(), run.dir(), t.group(), path,
                                m.name(), s));
                    }
                }
            }
        }
        Map<String, Integer> count = new HashMap<>();
        rows.forEach(r -> count.merge(r.key(), 1, Integer::sum));
        Set<String> used = new HashSet<>();
        List<Row> keyed = new ArrayList<>();
        for (Row r : rows) {
            String key = count.get(r.key()) > 1 ? r.dir() + "." + r.key() : r.key();
            String unique = key;
            for (int n = 2; !used.add(unique); n++) {
                unique = key + "#" + n;
            }
            keyed.add(new Row(unique, r.dir(), r.group(), r.path(), r.metric(), r.score()));
        }
        return keyed;
    }
}
