package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML text into a {@link Node} tree in safe mode. Only SnakeYAML's composer runs: it builds a node graph
 * and never instantiates a type, so no tag in the text can create an object. On top of that: only the YAML 1.1
 * core tags are accepted, duplicate keys are errors (as in OmegaConf's loader), aliases, nesting and size are
 * bounded, and every node keeps its line and column.
 */
final class YamlReader {

    /** Bounds against hostile input; a real evaluation config is a few hundred nodes. */
    static final int MAX_CODE_POINTS = 2_000_000;

    static final int MAX_NESTING = 64;
    static final int MAX_ALIASES = 50;
    static final int MAX_NODES = 100_000;

    private final BiFunction<Integer, Integer, Origin> originAt;
    private final Problems problems;
    private final String keyPrefix;
    private final Set<Object> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int nodeCount;

    private YamlReader(BiFunction<Integer, Integer, Origin> originAt, Problems problems, String keyPrefix) {
        this.originAt = originAt;
        this.problems = problems;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Reads a whole config document. Problems go to {@code problems}; the result is then an empty map.
     *
     * @param originAt makes the origin of a 1-based (line, column)
     */
    static MapNode readDocument(String text, BiFunction<Integer, Integer, Origin> originAt, Problems problems) {
        Origin top = originAt.apply(1, 1);
        Node node = new YamlReader(originAt, problems, "").read(text, top);
        if (node == null || (node instanceof ScalarNode s && s.isNull())) {
            return MapNode.empty(top);
        }
        if (node instanceof MapNode map) {
            return map;
        }
        problems.add(node.origin(), "", "the config must be a YAML mapping (key: value lines), not a "
                + (node instanceof ListNode ? "list" : "single value"));
        return MapNode.empty(top);
    }

    /** Reads one value (used for flow lists and maps given in overrides); all nodes get {@code origin}. */
    static Node readValue(String text, Origin origin, String keyPath, Problems problems) {
        Node node = new YamlReader((l, c) -> origin, problems, keyPath).read(text, origin);
        return node == null ? ScalarNode.nullValue(origin) : node;
    }

    private Node read(String text, Origin top) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        org.yaml.snakeyaml.nodes.Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Origin at = mark == null ? top : originAt.apply(mark.getLine() + 1, mark.getColumn() + 1);
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            problems.add(at, keyPrefix, "invalid YAML: " + what
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
            return null;
        } catch (YAMLException e) {
            problems.add(top, keyPrefix, "invalid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            return null;
        }
        return convert(root, keyPrefix);
    }

    private Origin at(org.yaml.snakeyaml.nodes.Node node) {
        Mark m = node.getStartMark();
        return m == null ? originAt.apply(0, 0) : originAt.apply(m.getLine() + 1, m.getColumn() + 1);
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node node, String path) {
        Origin origin = at(node);
        if (++nodeCount > MAX_NODES) {
            if (nodeCount == MAX_NODES + 1) {
                problems.add(origin, path, "the document expands to more than " + MAX_NODES
                        + " values (aliases?); refusing to read it");
            }
            return ScalarNode.nullValue(origin);
        }
        if (!inProgress.add(node)) {
            problems.add(origin, path, "an alias refers to one of its own parents; recursive YAML is not allowed");
            return ScalarNode.nullValue(origin);
        }
        try {
            if (node instanceof MappingNode m) {
                return mapping(m, path, origin);
            }
            if (node instanceof SequenceNode s) {
                if (!Tag.SEQ.equals(s.getTag())) {
                    badTag(s, path, origin);
                }
                List<Node> items = new ArrayList<>();
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                    items.add(convert(item, path + "[" + items.size() + "]"));
                }
                return new ListNode(items, origin);
            }
            return scalar((org.yaml.snakeyaml.nodes.ScalarNode) node, path, origin);
        } finally {
            inProgress.remove(node);
        }
    }

    private ScalarNode scalar(org.yaml.snakeyaml.nodes.ScalarNode s, String path, Origin origin) {
        Tag tag = s.getTag();
        ScalarNode.Type type;
        if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag)) {
            type = ScalarNode.Type.STRING; // OmegaConf's loader drops the timestamp resolver
        } else if (Tag.INT.equals(tag)) {
            type = ScalarNode.Type.INT;
        } else if (Tag.FLOAT.equals(tag)) {
            type = ScalarNode.Type.FLOAT;
        } else if (Tag.BOOL.equals(tag)) {
            type = ScalarNode.Type.BOOL;
        } else if (Tag.NULL.equals(tag)) {
            type = ScalarNode.Type.NULL;
        } else {
            badTag(s, path, origin);
            type = ScalarNode.Type.STRING;
        }
        return new ScalarNode(s.getValue(), type, origin);
    }

    private MapNode mapping(MappingNode m, String path, Origin origin) {
        if (!Tag.MAP.equals(m.getTag())) {
            badTag(m, path, origin);
        }
        Map<String, Node> merged = new LinkedHashMap<>();
        Map<String, Origin> mergedKeys = new LinkedHashMap<>();
        Map<String, Node> own = new LinkedHashMap<>();
        Map<String, Origin> ownKeys = new LinkedHashMap<>();
        for (NodeTuple tuple : m.getValue()) {
            org.yaml.snakeyaml.nodes.Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode key)) {
                problems.add(at(keyNode), path, "a key must be a plain value, not a list or a mapping");
                continue;
            }
            Origin keyOrigin = at(key);
            if (Tag.MERGE.equals(key.getTag())) {
                merge(tuple.getValueNode(), path, merged, mergedKeys);
                continue;
            }
            String name = key.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (own.containsKey(name)) {
                problems.add(keyOrigin, childPath, "duplicate key '" + name + "' (first written at line "
                        + ownKeys.get(name).line() + "); delete one of them");
                continue;
            }
            own.put(name, convert(tuple.getValueNode(), childPath));
            ownKeys.put(name, keyOrigin);
        }
        merged.putAll(own);
        mergedKeys.putAll(ownKeys);
        return new MapNode(merged, mergedKeys, origin);
    }

    /** YAML 1.1 merge key {@code <<}: keys written in the mapping win, then the first merged mapping. */
    private void merge(org.yaml.snakeyaml.nodes.Node value, String path, Map<String, Node> into,
            Map<String, Origin> keys) {
        List<org.yaml.snakeyaml.nodes.Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        for (org.yaml.snakeyaml.nodes.Node source : sources) {
            Node converted = convert(source, path);
            if (!(converted instanceof MapNode map)) {
                problems.add(converted.origin(), path, "a merge key (<<) needs a mapping or a list of mappings");
                continue;
            }
            map.entries().forEach((k, v) -> {
                if (!into.containsKey(k)) {
                    into.put(k, v);
                    keys.put(k, map.keyOrigin(k));
                }
            });
        }
    }

    private void badTag(org.yaml.snakeyaml.nodes.Node node, String path, Origin origin) {
        problems.add(origin, path, "YAML tag " + node.getTag().getValue()
                + " is not allowed; only plain strings, numbers, booleans, null, lists and mappings are");
    }
}
