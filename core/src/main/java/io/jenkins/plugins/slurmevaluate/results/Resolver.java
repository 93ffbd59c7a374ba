package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the score a gate's path names, by matching the path against the names the results actually have. Names may
 * contain dots, so every way to split the path is tried and exactly one must fit; two fits are reported as ambiguous,
 * none as missing, each with the names that do exist.
 *
 * <p>A task or group answers to its own name ({@code hellaswag}, {@code mmlu_stem}) and to
 * {@code <task dir>.<name>} ({@code hellaswag.0.hellaswag}). The main node of a task directory (the one named like its
 * task) also answers to the directory name ({@code hellaswag.0}), the task name of the config
 * ({@code lm-evaluation-harness.hellaswag}) and {@code config.type}. When the same task ran twice, its plain name is
 * ambiguous and the directory name tells the two apart.
 *
 * <p>After the task come the metric, optionally the score, optionally {@code value} or {@code stderr}. Without a score,
 * the score named like the metric is taken, else the only score. lm-eval's filtered metrics, which nemo-evaluator
 * writes as {@code exact_match__strict-match}, also answer to {@code exact_match.strict-match}.
 */
final class Resolver {

    /** Why a path leads nowhere; the message is the explanation the user sees. */
    static final class Unresolved extends Exception {
        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    private final Invocation invocation;
    private final Map<String, Set<Target>> names = new LinkedHashMap<>();
    private String bestMiss;
    private int bestMissLevel;

    Resolver(Invocation invocation) {
        this.invocation = invocation;
        for (TaskRun run : invocation.tasks().values()) {
            List<Target> targets = Target.of(run);
            for (Target t : targets) {
                add(t.node().name(), t);
                add(run.dir() + "." + t.node().name(), t);
            }
            mainNode(run, targets).ifPresent(main -> {
                add(run.dir(), main);
                add(run.configName(), main);
                run.taskType().ifPresent(type -> add(type, main));
            });
        }
    }

    private void add(String name, Target target) {
        names.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(target);
    }

    /** The node named like the directory's task: by config.type, the config task name or its last parts. */
    private static Optional<Target> mainNode(TaskRun run, List<Target> targets) {
        List<String> wanted = new ArrayList<>();
        run.taskType().ifPresent(wanted::add);
        String config = run.configName();
        wanted.add(config);
        for (int dot = config.indexOf('.'); dot >= 0; dot = config.indexOf('.', dot + 1)) {
            wanted.add(config.substring(dot + 1));
        }
        for (boolean ignoreCase : new boolean[] {false, true}) {
            for (String name : wanted) {
                List<Target> found = targets.stream().filter(t -> ignoreCase
                        ? t.node().name().equalsIgnoreCase(name) : t.node().name().equals(name)).toList();
                Optional<Target> task = found.stream().filter(t -> !t.group()).findFirst();
                if (task.isPresent() || found.size() == 1) {
                    return task.or(() -> Optional.of(found.get(0)));
                }
            }
        }
        Set<String> distinct = new TreeSet<>();
        targets.forEach(t -> distinct.add(t.node().name()));
        return distinct.size() == 1 ? targets.stream().findFirst() : Optional.empty();
    }

    /** @throws Unresolved when no score or several scores fit the path */
    Resolution resolve(String path) throws Unresolved {
        bestMiss = null;
        bestMissLevel = 0;
        String[] seg = path.split("\\.", -1);
        Set<Resolution> found = new LinkedHashSet<>();
        for (int k = seg.length - 1; k >= 1; k--) {
            Set<Target> targets = names.get(join(seg, 0, k));
            if (targets != null) {
                List<String> rest = Arrays.asList(seg).subList(k, seg.length);
                for (Target t : targets) {
                    found.addAll(inNode(t, join(seg, 0, k), rest));
                }
            }
        }
        if (found.size() == 1) {
            return found.iterator().next();
        }
        if (found.size() > 1) {
            List<String> options = found.stream().map(Resolution::qualified).toList();
            if (options.stream().distinct().count() == options.size()) {
                throw new Unresolved("ambiguous: " + path + " matches " + options.size() + " scores ("
                        + String.join(", ", options) + "); write the full form of one of them");
            }
            throw new Unresolved("ambiguous: " + path + " splits into names in " + options.size() + " ways ("
                    + String.join("; ", found.stream().map(Resolution::describe).toList())
                    + "); a gate path cannot tell these apart");
        }
        Optional<String> failedTask = failedTask(path, true);
        throw new Unresolved(failedTask.or(() -> Optional.ofNullable(bestMiss)).or(() -> failedTask(path, false))
                .orElseGet(() -> unknownSubject(path)));
    }

    /**
     * The score of {@code r} in these (baseline) results: same task or group name, metric and score. Ties are broken
     * by the same kind (task or group), then the same task directory. Empty when absent or still ambiguous.
     */
    Optional<Resolution> counterpart(Resolution r) {
        List<Resolution> found = new ArrayList<>();
        for (Target t : names.getOrDefault(r.target().node().name(), Set.of())) {
            Metric metric = t.node().metrics().get(r.metric().name());
            Score score = metric == null ? null : metric.scores().get(r.score().name());
            if (score != null && t.node().name().equals(r.target().node().name())) {
                found.add(new Resolution(t, metric, score, r.stderrField()));
            }
        }
        narrow(found, f -> f.target().group() == r.target().group());
        narrow(found, f -> f.target().run().dir().equals(r.target().run().dir()));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Keeps the matches that pass {@code prefer} if there are several and some pass. */
    private static void narrow(List<Resolution> found, java.util.function.Predicate<Resolution> prefer) {
        if (found.size() > 1 && found.stream().anyMatch(prefer)) {
            found.removeIf(prefer.negate());
        }
    }

    /** A task that produced nothing and that the path names: by directory name only, or also by task name. */
    private Optional<String> failedTask(String path, boolean byDirOnly) {
        for (TaskRun run : invocation.tasks().values()) {
            if (!run.hasScores()) {
                for (String alias : byDirOnly ? List.of(run.dir()) : aliases(run)) {
                    if (path.startsWith(alias + ".")) {
                        return Optional.of("missing: task " + run.dir() + " produced no results: "
                                + run.problem().orElse("results.yml has no scores"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private List<Resolution> inNode(Target t, String subject, List<String> rest) {
        List<Resolution> found = new ArrayList<>();
        for (int i = 1; i <= rest.size(); i++) {
            Metric metric = t.node().metrics().get(join(rest, 0, i));
            if (metric != null) {
                found.addAll(inMetric(t, subject, metric, rest.subList(i, rest.size())));
            }
        }
        // lm-eval's "<metric>,<filter>" arrives as metric "<metric>__<filter>"; let "<metric>.<filter>" find it.
        for (int i = 1; found.isEmpty() && i < rest.size(); i++) {
            for (int j = i + 1; j <= rest.size(); j++) {
                Metric metric = t.node().metrics().get(join(rest, 0, i) + "__" + join(rest, i, j));
                List<String> tail = rest.subList(j, rest.size());
                if (metric != null && (tail.isEmpty() || isField(tail))) {
                    found.addAll(inMetric(t, subject, metric, tail));
                }
            }
        }
        if (found.isEmpty()) {
            miss(1, subject + " (" + t.kind() + " in " + t.run().dir() + ") has no metric '" + join(rest, 0, rest.size())
                    + "'; its metrics: " + list(t.node().metrics().keySet()));
        }
        return found;
    }

    private List<Resolution> inMetric(Target t, String subject, Metric metric, List<String> after) {
        List<Resolution> found = new ArrayList<>();
        Optional<Score> byDefault = defaultScore(metric);
        if (after.isEmpty() || isField(after)) {
            boolean stderr = !after.isEmpty() && after.get(0).equals("stderr");
            byDefault.ifPresent(s -> found.add(new Resolution(t, metric, s, stderr)));
            if (byDefault.isEmpty() && after.isEmpty()) {
                miss(2, "metric " + metric.name() + " of " + subject + " has " + metric.scores().size() + " scores ("
                        + list(metric.scores().keySet()) + "); name one, e.g. " + subject + "." + metric.name() + "."
                        + metric.scores().keySet().stream().findFirst().orElse("<score>"));
            }
        }
        for (int j = 1; j <= after.size(); j++) {
            Score score = metric.scores().get(join(after, 0, j));
            List<String> tail = after.subList(j, after.size());
            if (score != null && (tail.isEmpty() || isField(tail))) {
                found.add(new Resolution(t, metric, score, !tail.isEmpty() && tail.get(0).equals("stderr")));
            }
        }
        if (found.isEmpty() && !after.isEmpty()) {
            miss(2, "metric " + metric.name() + " of " + subject + " has no score '" + join(after, 0, after.size())
                    + "'; its scores: " + list(metric.scores().keySet()));
        }
        return found;
    }

    private static Optional<Score> defaultScore(Metric metric) {
        Score same = metric.scores().get(metric.name());
        if (same != null) {
            return Optional.of(same);
        }
        return metric.scores().size() == 1 ? metric.scores().values().stream().findFirst() : Optional.empty();
    }

    private static boolean isField(List<String> tail) {
        return tail.size() == 1 && (tail.get(0).equals("value") || tail.get(0).equals("stderr"));
    }

    private void miss(int level, String message) {
        if (level > bestMissLevel) {
            bestMissLevel = level;
            bestMiss = "missing: " + message;
        }
    }

    /** No name matched: say which names exist, and the closest one. */
    private String unknownSubject(String path) {
        if (invocation.tasks().isEmpty()) {
            return "missing: there are no task results at all in " + invocation.source();
        }
        Set<String> known = new TreeSet<>();
        names.forEach((name, targets) -> {
            if (targets.stream().noneMatch(t -> name.startsWith(t.run().dir() + "."))) {
                known.add(name);
            }
        });
        String close = known.stream().filter(n -> Similar.close(prefix(path, n), n.toLowerCase(Locale.ROOT))).findFirst()
                .map(n -> " Did you mean " + n + "?").orElse("");
        return "missing: no task or group matches " + path + "; known: " + list(known) + "." + close;
    }

    /** As many dot-separated parts of {@code path} as {@code name} has, lower-cased for comparison. */
    private static String prefix(String path, String name) {
        int parts = name.split("\\.", -1).length;
        String[] seg = path.split("\\.", -1);
        return join(seg, 0, Math.min(parts, seg.length)).toLowerCase(Locale.ROOT);
    }

    private static List<String> aliases(TaskRun run) {
        List<String> aliases = new ArrayList<>(List.of(run.dir(), run.configName()));
        String config = run.configName();
        for (int dot = config.indexOf('.'); dot >= 0; dot = config.indexOf('.', dot + 1)) {
            aliases.add(config.substring(dot + 1));
        }
        return aliases;
    }

    private static String list(Set<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        List<String> all = new ArrayList<>(names);
        return all.size() <= 20 ? String.join(", ", all) : String.join(", ", all.subList(0, 20)) + ", … (" + all.size() + " in all)";
    }

    private static String join(String[] seg, int from, int to) {
        return String.join(".", Arrays.asList(seg).subList(from, to));
    }

    private static String join(List<String> seg, int from, int to) {
        return String.join(".", seg.subList(from, to));
    }
}
