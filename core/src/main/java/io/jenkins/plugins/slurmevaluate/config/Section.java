package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean;
import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of one typed mapping ({@code execution}, {@code deployment}, a task, ...) and remembers which
 * keys were asked for. {@link #finish} then reports every other key as unknown, with the closest known key as a
 * suggestion; so the list of valid keys is exactly the code that reads them. A value that fails its check is
 * reported and read as null (or the default), so reading goes on and all problems are found in one pass. Values
 * that are {@code ???} read as null without a second report: {@link MissingMarkers} reported them.
 */
final class Section {

    private final MapNode map;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    Section(MapNode map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /** The mapping at {@code node}; absent or null reads as empty, anything else is a problem. */
    static Section of(Node node, String path, Origin fallback, Problems problems) {
        if (node == null || (node instanceof ScalarNode s && (s.isNull() || s.isMissing()))) {
            return new Section(MapNode.empty(node == null ? fallback : node.origin()), path, problems);
        }
        if (node instanceof MapNode m) {
            return new Section(m, path, problems);
        }
        problems.add(node.origin(), path, "must be a mapping (key: value lines), not " + describe(node));
        return new Section(MapNode.empty(node.origin()), path, problems);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MapNode map() {
        return map;
    }

    Origin origin() {
        return map.origin();
    }

    /** Where the value of {@code key} is, or the section if the key is absent. */
    Origin at(String key) {
        Node n = map.get(key);
        return n == null ? map.origin() : n.origin();
    }

    boolean has(String key) {
        known.add(key);
        Node n = map.get(key);
        return n != null && !(n instanceof ScalarNode s && s.isNull());
    }

    Node node(String key) {
        known.add(key);
        return map.get(key);
    }

    void problem(String key, String message) {
        problems.add(at(key), path(key), message);
    }

    Section section(String key) {
        return of(node(key), path(key), map.origin(), problems);
    }

    /** A string; numbers are taken as written. Null if absent, null, ??? or invalid. */
    String string(String key) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && (s.isNull() || s.isMissing())) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problem(key, "must be a single value, not " + describe(n));
            return null;
        }
        if (s.type() == ScalarNode.Type.BOOL) {
            problem(key, "'" + s.text() + "' is read as a boolean (YAML 1.1 reads yes/no/on/off/true/false so); "
                    + "quote it if you mean the text: " + key + ": \"" + s.text() + "\"");
            return null;
        }
        if (s.text().indexOf('\0') >= 0) {
            problem(key, "contains a NUL character, which no shell or file name can hold");
            return null;
        }
        return s.text();
    }

    String string(String key, String fallback) {
        String v = string(key);
        return v == null && !isMissing(key) && !has(key) ? fallback : v;
    }

    /** A string that must be set and not empty. */
    String required(String key, String hint) {
        String v = string(key);
        if (v == null || v.isBlank()) {
            if (!isMissing(key) && !invalidScalar(key)) {
                problem(key, (v == null ? "is required" : "must not be empty") + (hint.isEmpty() ? "" : "; " + hint));
            }
            return null;
        }
        return v;
    }

    /** An absolute path, or null when absent/null. */
    String absolutePath(String key, String why) {
        String v = string(key);
        if (v != null && !v.startsWith("/")) {
            problem(key, "'" + v + "' must be an absolute path (starting with /)" + why);
            return null;
        }
        return v;
    }

    boolean isMissing(String key) {
        return map.get(key) instanceof ScalarNode s && s.isMissing();
    }

    private boolean invalidScalar(String key) {
        Node n = map.get(key);
        return n != null && (!(n instanceof ScalarNode s) || s.type() == ScalarNode.Type.BOOL);
    }

    /** A whole number of at least {@code min}; {@code fallback} when absent; null when null and nullable. */
    Integer integer(String key, Integer fallback, int min, boolean nullable) {
        Node n = node(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.isMissing()) {
            return null;
        }
        if (n instanceof ScalarNode s && s.isNull()) {
            if (!nullable) {
                problem(key, "must be a whole number, not null");
            }
            return null;
        }
        BigInteger value = null;
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.INT && !s.isSexagesimalInt()) {
            value = s.integerValue();
        } else if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING && s.text().strip().matches("[+-]?\\d{1,10}")) {
            value = new BigInteger(s.text().strip());
        }
        if (value == null) {
            problem(key, "must be a whole number, not " + describe(n));
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            problem(key, "must be at least " + min + ", not " + value);
            return null;
        }
        return value.intValue();
    }

    /** A boolean; {@code fallback} when absent. */
    boolean bool(String key, boolean fallback) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && s.isMissing()) {
            return fallback;
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.BOOL) {
            return s.booleanValue();
        }
        problem(key, "must be true or false, not " + describe(n));
        return fallback;
    }

    /**
     * A Slurm time. An unquoted {@code H:MM:SS} with a non-zero first digit arrives as a YAML 1.1 base-60 integer
     * and is refused, with the quoted spelling to use (P-1). A bare integer is Slurm minutes, kept as text.
     */
    SlurmTime time(String key, boolean nullable) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && s.isMissing()) {
            return null;
        }
        if (n instanceof ScalarNode s && s.isNull()) {
            if (!nullable) {
                problem(key, "must be a time such as \"04:00:00\"; null would give #SBATCH --time None");
            }
            return null;
        }
        if (n instanceof ScalarNode s && s.isSexagesimalInt()) {
            problem(key, "unquoted " + s.text() + " is read by YAML 1.1 as the base-60 integer "
                    + s.integerValue() + "; write it quoted: " + key + ": \"" + s.text() + "\"");
            return null;
        }
        if (!(n instanceof ScalarNode s) || (s.type() != ScalarNode.Type.STRING && s.type() != ScalarNode.Type.INT)) {
            problem(key, "must be a Slurm time (" + SlurmTime.FORMS + "), not " + describe(n));
            return null;
        }
        try {
            return SlurmTime.parse(s.text());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return null;
        }
    }

    /** A mapping of free-form content (plain Java values), or empty. */
    Map<String, Object> freeForm(String key) {
        Node n = node(key);
        if (n == null || n instanceof ScalarNode s && (s.isNull() || s.isMissing())) {
            return Map.of();
        }
        if (n instanceof MapNode m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) m.toJava();
            return value;
        }
        problem(key, "must be a mapping, not " + describe(n));
        return Map.of();
    }

    /** A mapping of string to string (mount lists, endpoints), in order. */
    Map<String, String> stringMap(String key) {
        Section s = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : s.map.entries().keySet()) {
            String v = s.string(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** A list of strings; a single string is not accepted. */
    List<String> stringList(String key) {
        Node n = node(key);
        List<String> out = new ArrayList<>();
        if (n == null || n instanceof ScalarNode s && (s.isNull() || s.isMissing())) {
            return out;
        }
        if (!(n instanceof ListNode l)) {
            problem(key, "must be a list such as [a, b], not " + describe(n));
            return out;
        }
        for (int i = 0; i < l.items().size(); i++) {
            Node item = l.items().get(i);
            if (item instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                out.add(s.text());
            } else {
                problems.add(item.origin(), path(key) + "[" + i + "]", "must be a string, not " + describe(item));
            }
        }
        return out;
    }

    /** {@code env_vars}: name → value in the host:/lit:/runtime: grammar; bad entries are reported. */
    Map<String, EnvValue> envVars(String key) {
        Section s = section(key);
        Map<String, EnvValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.map.entries().entrySet()) {
            String name = e.getKey();
            String keyPath = s.path(name);
            Node v = e.getValue();
            if (!EnvValue.isValidName(name)) {
                problems.add(s.map.keyOrigin(name), keyPath, "'" + name + "' is not a valid variable name "
                        + "(letters, digits and _, not starting with a digit)");
                continue;
            }
            if (v instanceof ScalarNode sc && sc.isMissing()) {
                continue;
            }
            if (!(v instanceof ScalarNode sc) || sc.isNull()) {
                problems.add(v.origin(), keyPath, "needs a value such as host:" + name + " or lit:TEXT, not "
                        + describe(v));
                continue;
            }
            try {
                out.put(name, EnvValue.parse(sc.text(), keyPath, sc.origin()));
            } catch (IllegalArgumentException ex) {
                problems.add(sc.origin(), keyPath, ex.getMessage());
            }
        }
        return out;
    }

    /** Reports the key, if present, with {@code message} (removed or renamed keys). */
    void forbid(String key, String message) {
        known.add(key);
        if (map.has(key)) {
            problems.add(map.keyOrigin(key), path(key), message);
        }
    }

    /** Reports every key that was not read, suggesting the closest read one. */
    void finish(Collection<String> alsoKnown) {
        Set<String> all = new LinkedHashSet<>(known);
        all.addAll(alsoKnown);
        for (String key : map.entries().keySet()) {
            if (!all.contains(key)) {
                String hint = DidYouMean.hint(key, all);
                problems.add(map.keyOrigin(key), path(key), "unknown key '" + key + "'" + (hint.isEmpty()
                        ? "; valid keys here: " + String.join(", ", all) : hint));
            }
        }
    }

    /**
     * Warns, instead of refusing, about every key that was not read: free keys the reference lets users add (to
     * refer to from a command) that nothing refers to. The warning names the key, says why it is unused ({@code why},
     * where {@code {key}} stands for the key's path) and suggests the closest read key.
     */
    void warnUnread(Collection<String> alsoKnown, String why) {
        Set<String> all = new LinkedHashSet<>(known);
        all.addAll(alsoKnown);
        for (String key : map.entries().keySet()) {
            if (!all.contains(key)) {
                problems.warn(new ConfigProblem(map.keyOrigin(key), path(key), "is not used: " + why.replace("{key}",
                        path(key)) + DidYouMean.nearestHint(key, all)).toString());
            }
        }
    }

    void finish() {
        finish(List.of());
    }

    static String describe(Node n) {
        if (n instanceof MapNode) {
            return "a mapping";
        }
        if (n instanceof ListNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        return switch (s.type()) {
            case NULL -> "null";
            case STRING -> "'" + s.text() + "'";
            default -> s.type().name().toLowerCase(java.util.Locale.ROOT) + " " + s.text();
        };
    }
}
