package io.jenkins.plugins.slurmevaluate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark's outcome: a row of the report's table plus the raw figures and how they were measured.
 *
 * @param id P1 … P6
 * @param title what is measured
 * @param goal the goal, as stated
 * @param baseline the baseline's figure
 * @param ours our figure
 * @param ratio the ratio the goal is about, formatted
 * @param met whether the goal was met
 * @param method how it was measured (one paragraph)
 * @param raw raw figures, one per line
 */
record Result(String id, String title, String goal, String baseline, String ours, String ratio, boolean met, String method,
        List<String> raw) {

    Result {
        raw = List.copyOf(raw);
    }

    /** Collects raw lines while a benchmark runs. */
    static final class Raw {
        private final List<String> lines = new ArrayList<>();

        Raw add(String format, Object... args) {
            lines.add(String.format(java.util.Locale.ROOT, format, args));
            return this;
        }

        List<String> lines() {
            return lines;
        }
    }

    /** A benchmark that could not run; the report says why. */
    static Result failed(String id, String title, String goal, Exception e) {
        return new Result(id, title, goal, "-", "-", "-", false, "did not complete: " + e, List.of());
    }
}
