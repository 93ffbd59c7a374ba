package io.jenkins.plugins.slurmevaluate.results.read;

import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Node;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Walks the node tree of one results.yml into a {@link TaskRun}. It reads {@code config.type} and {@code results}
 * ({@code tasks} and {@code groups} → {@code metrics} → {@code scores} → {@code value}, {@code stats.stderr},
 * {@code stats.count}) and ignores every other key, so newer nemo-evaluator versions still read.
 *
 * <p>Strict where a gate depends on the value: a score without a numeric {@code value} makes the whole file malformed,
 * so the task fails closed instead of losing one score silently. Lenient with statistics, which are optional: an
 * absent, null, NaN or {@code "N/A"} stderr (lm-eval writes that for some groups) is simply unknown.
 */
final class ResultsParser {

    /** Deeper sub-group nesting than this is an alias loop, not real data. */
    private static final int MAX_GROUP_DEPTH = 32;

    /** Decimal text, accepted when a writer quoted a number. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final YamlTree yaml = new YamlTree();
    private final String file;

    private ResultsParser(String file) {
        this.file = file;
    }

    /** @param file the file's name for messages, e.g. {@code hellaswag.0/artifacts/results.yml} */
    static TaskRun parse(byte[] bytes, String file, String dir) throws ResultsFormatException {
        return new ResultsParser(file).parse(bytes, dir);
    }

    private TaskRun parse(byte[] bytes, String dir) throws ResultsFormatException {
        org.yaml.snakeyaml.nodes.Node root = yaml.compose(bytes, file);
        if (root == null) {
            throw error("", root, "the file is empty; nemo-evaluator writes results.yml only after a task finished");
        }
        Map<String, org.yaml.snakeyaml.nodes.Node> top = mapping(root, "");
        if (!top.containsKey("results")) {
            throw error("", root, "no 'results' key (top-level keys: " + String.join(", ", top.keySet())
                    + "); is this a nemo-evaluator results.yml?");
        }
        Optional<String> taskType = taskType(top.get("config"));
        Map<String, org.yaml.snakeyaml.nodes.Node> results = optionalMapping(top.get("results"), "results");
        Map<String, Node> tasks = nodes(results.get("tasks"), "results.tasks", false, 0);
        Map<String, Node> groups = nodes(results.get("groups"), "results.groups", true, 0);
        return TaskRun.withResults(dir, taskType, tasks, groups);
    }

    private Optional<String> taskType(org.yaml.snakeyaml.nodes.Node config) {
        if (config instanceof MappingNode) {
            for (NodeTuple t : ((MappingNode) config).getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && "type".equals(k.getValue())
                        && t.getValueNode() instanceof ScalarNode v && yaml.scalar(v) instanceof String s && !s.isEmpty()) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, Node> nodes(org.yaml.snakeyaml.nodes.Node yamlNode, String path, boolean groups, int depth)
            throws ResultsFormatException {
        if (depth > MAX_GROUP_DEPTH) {
            throw error(path, yamlNode, "groups nested deeper than " + MAX_GROUP_DEPTH + "; is there an alias loop?");
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, org.yaml.snakeyaml.nodes.Node> e : optionalMapping(yamlNode, path).entrySet()) {
            String at = path + "." + e.getKey();
            Map<String, org.yaml.snakeyaml.nodes.Node> body = optionalMapping(e.getValue(), at);
            Map<String, Node> children = groups ? nodes(body.get("groups"), at + ".groups", true, depth + 1) : Map.of();
            nodes.put(e.getKey(), new Node(e.getKey(), metrics(body.get("metrics"), at + ".metrics"), children));
        }
        return nodes;
    }

    private Map<String, Metric> metrics(org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, org.yaml.snakeyaml.nodes.Node> e : optionalMapping(yamlNode, path).entrySet()) {
            String at = path + "." + e.getKey();
            Map<String, org.yaml.snakeyaml.nodes.Node> body = optionalMapping(e.getValue(), at);
            Map<String, Score> scores = new LinkedHashMap<>();
            for (Map.Entry<String, org.yaml.snakeyaml.nodes.Node> s : optionalMapping(body.get("scores"), at + ".scores").entrySet()) {
                scores.put(s.getKey(), score(s.getKey(), s.getValue(), at + ".scores." + s.getKey()));
            }
            metrics.put(e.getKey(), new Metric(e.getKey(), scores));
        }
        return metrics;
    }

    private Score score(String name, org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        Map<String, org.yaml.snakeyaml.nodes.Node> body = mapping(yamlNode, path);
        if (!body.containsKey("value")) {
            throw error(path, yamlNode, "the score has no 'value'");
        }
        double value = value(body.get("value"), path + ".value");
        Map<String, org.yaml.snakeyaml.nodes.Node> stats = optionalMapping(body.get("stats"), path + ".stats");
        return new Score(name, value, stderr(stats.get("stderr"), path + ".stats.stderr"),
                count(stats.get("count"), path + ".stats.count"));
    }

    private double value(org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        Object v = scalarOrNull(yamlNode, path);
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (v instanceof String s) {
            Double parsed = numberText(s);
            if (parsed != null) {
                return parsed;
            }
        }
        throw error(path, yamlNode, "expected a number, found " + describe(v));
    }

    private OptionalDouble stderr(org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        Object v = yamlNode == null ? null : scalarOrNull(yamlNode, path);
        if (v == null || (v instanceof String s && s.trim().equalsIgnoreCase("N/A"))) {
            return OptionalDouble.empty();
        }
        double d = value(yamlNode, path);
        if (d < 0) {
            throw error(path, yamlNode, "a standard error cannot be negative, found " + d);
        }
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    private OptionalLong count(org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        Object v = yamlNode == null ? null : scalarOrNull(yamlNode, path);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Long l && l >= 0) {
            return OptionalLong.of(l);
        }
        if (v instanceof Double d && d >= 0 && d == Math.rint(d) && d < Long.MAX_VALUE) {
            return OptionalLong.of(d.longValue());
        }
        throw error(path, yamlNode, "expected a sample count (a whole number >= 0), found " + describe(v));
    }

    /** NaN and infinity in the spellings Python and YAML use, or quoted decimal text; else null. */
    static Double numberText(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "nan", ".nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", ".inf", "+inf", "+.inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-.inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return DECIMAL.matcher(s).matches() ? Double.valueOf(s) : null;
        }
    }

    private Object scalarOrNull(org.yaml.snakeyaml.nodes.Node yamlNode, String path) throws ResultsFormatException {
        if (yamlNode instanceof ScalarNode s) {
            return yaml.scalar(s);
        }
        throw error(path, yamlNode, "expected a single value, found " + kind(yamlNode));
    }

    private Map<String, org.yaml.snakeyaml.nodes.Node> optionalMapping(org.yaml.snakeyaml.nodes.Node yamlNode, String path)
            throws ResultsFormatException {
        if (yamlNode == null || (yamlNode instanceof ScalarNode s && yaml.scalar(s) == null)) {
            return Map.of(); // an absent or null section is an empty one
        }
        return mapping(yamlNode, path);
    }

    private Map<String, org.yaml.snakeyaml.nodes.Node> mapping(org.yaml.snakeyaml.nodes.Node yamlNode, String path)
            throws ResultsFormatException {
        if (!(yamlNode instanceof MappingNode m)) {
            throw error(path, yamlNode, "expected a mapping, found " + kind(yamlNode));
        }
        Map<String, org.yaml.snakeyaml.nodes.Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || yaml.scalar(k) == null || k.getValue().isEmpty()) {
                throw error(path, t.getKeyNode(), "expected a name as key, found " + kind(t.getKeyNode()));
            }
            if (!validUnicode(k.getValue())) {
                throw error(path, t.getKeyNode(), "the key is not valid Unicode text (a lone surrogate from a \\u escape)");
            }
            // Key text as written: PyYAML writes int keys bare (1:) and they name things just like strings.
            if (entries.put(k.getValue(), t.getValueNode()) != null) {
                throw error(path, t.getKeyNode(), "the key '" + k.getValue() + "' appears twice");
            }
        }
        return entries;
    }

    private static boolean validUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private String kind(org.yaml.snakeyaml.nodes.Node yamlNode) {
        if (yamlNode instanceof MappingNode) {
            return "a mapping";
        }
        if (yamlNode instanceof SequenceNode) {
            return "a list";
        }
        return yamlNode instanceof ScalarNode s ? describe(yaml.scalar(s)) : "nothing";
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string '" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof YamlTree.Tagged t) {
            return "'" + t.text() + "' tagged " + t.tag();
        }
        return "the number " + v;
    }

    private ResultsFormatException error(String path, org.yaml.snakeyaml.nodes.Node at, String problem) {
        int line = at == null ? 0 : at.getStartMark().getLine() + 1;
        return new ResultsFormatException(file, path, line, problem);
    }
}
