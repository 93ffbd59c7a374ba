package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The results of one invocation: one {@link TaskRun} per task directory, in a stable order.
 *
 * @param source where the results came from (a directory, a file), for explanations
 * @param tasks task directory name → what it left behind
 */
public record Invocation(String source, Map<String, TaskRun> tasks) {

    public Invocation {
        Objects.requireNonNull(source, "source");
        tasks = Names.copyKeyed(tasks, TaskRun::dir, "task directory");
    }

    public static Invocation of(String source, Collection<TaskRun> tasks) {
        return new Invocation(source, Names.index(tasks, TaskRun::dir));
    }

    public Optional<TaskRun> task(String dir) {
        return Optional.ofNullable(tasks.get(dir));
    }

    /**
     * This invocation plus a {@link TaskRun#missing missing} entry for each expected task directory it lacks, so a task
     * whose directory never reached us still fails the evaluation. The lifecycle knows which tasks it submitted.
     */
    public Invocation expecting(Collection<String> dirs) {
        List<TaskRun> all = new ArrayList<>(tasks.values());
        Set<String> added = new HashSet<>();
        for (String dir : dirs) {
            if (!tasks.containsKey(dir) && added.add(dir)) {
                all.add(TaskRun.missing(dir, "task directory not found in " + source));
            }
        }
        return of(source, all);
    }
}
