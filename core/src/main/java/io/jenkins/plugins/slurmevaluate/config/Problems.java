package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects problems while a config is loaded, so all of them can be reported at once. Not thread-safe. */
final class Problems {

    private final Set<ConfigProblem> problems = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    void add(Origin origin, String keyPath, String message) {
        problems.add(new ConfigProblem(origin, keyPath, message));
    }

    void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<ConfigProblem> list() {
        return problems.stream().sorted().toList();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
