package io.jenkins.plugins.slurmevaluate.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be run, with every problem found in it (not just the first), sorted by position. The
 * message has one problem per line, so a user can fix them all in one edit.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = problems.stream().distinct().sorted().toList();
    }

    /** The problems, sorted by origin (user file first, then bundled groups, then overrides). */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The report for a user: "{@code config} is not valid (N problems):" and then one problem per line. */
    public String report(String config) {
        int n = problems.size();
        return config + " is not valid (" + n + (n == 1 ? " problem" : " problems") + "):\n" + getMessage();
    }

    private static String format(List<ConfigProblem> problems) {
        return problems.stream().distinct().sorted().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
