package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.suggest.DidYouMean;
import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves OmegaConf interpolations on the final composed tree: {@code ${a.b}} and {@code ${a.list[0]}} (absolute),
 * {@code ${.x}} and {@code ${..x}} (relative to the mapping that holds the value), {@code ${oc.env:NAME[,default]}}
 * and the launcher's {@code ${select_not_null:key,default}} (the default when the key is missing or null). A value
 * that is a single {@code ${...}} takes the type of what it points at; otherwise the parts are joined as text.
 *
 * <p>Values under an {@code env_vars} key are left as written: they are variable specs ({@code host:NAME}), and an
 * {@code ${oc.env:...}} there must reach the env grammar check, which refuses it (it would put a secret into the
 * config).
 *
 * <p>A reference to a {@code ???} value resolves to {@code ???} without a further problem: the marker itself is
 * reported once, where it is.
 */
final class Interpolator {

    private static final Pattern RESOLVER = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*):(.*)", Pattern.DOTALL);
    private static final Pattern PATH = Pattern.compile("\\.*[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+|\\[[0-9]+\\])*");

    private final MapNode root;
    private final Function<String, Optional<String>> environment;
    private final Problems problems;
    private final Map<String, Node> done = new HashMap<>();
    private final Deque<String> active = new ArrayDeque<>();
    private final java.util.Set<String> referenced = new java.util.HashSet<>();

    Interpolator(MapNode root, Function<String, Optional<String>> environment, Problems problems) {
        this.root = root;
        this.environment = environment;
        this.problems = problems;
    }

    MapNode resolveAll() {
        return (MapNode) resolve(root, List.of());
    }

    /** Dotted key paths that interpolations referred to (found or not), after {@link #resolveAll}. */
    java.util.Set<String> referenced() {
        return java.util.Collections.unmodifiableSet(referenced);
    }

    private Node resolve(Node node, List<String> path) {
        if (node instanceof MapNode m) {
            if (!path.isEmpty() && path.get(path.size() - 1).equals("env_vars")) {
                return m;
            }
            MapNode out = m;
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                out = out.with(e.getKey(), resolve(e.getValue(), append(path, e.getKey())), m.keyOrigin(e.getKey()));
            }
            return out;
        }
        if (node instanceof ListNode l) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(resolve(l.items().get(i), append(path, Integer.toString(i))));
            }
            return new ListNode(items, l.origin());
        }
        ScalarNode s = (ScalarNode) node;
        if (s.type() != ScalarNode.Type.STRING || !Template.hasExpression(s.text())) {
            return s;
        }
        String key = String.join(".", path);
        Node cached = done.get(key);
        if (cached != null) {
            return cached;
        }
        if (active.contains(key)) {
            List<String> cycle = new ArrayList<>(active);
            java.util.Collections.reverse(cycle);
            problems.add(s.origin(), display(path), "interpolation cycle: " + String.join(" -> ", cycle) + " -> " + key);
            return missing(s.origin());
        }
        active.push(key);
        try {
            Node result = template(s.text(), s.origin(), path);
            done.put(key, result);
            return result;
        } finally {
            active.pop();
        }
    }

    private Node template(String text, Origin origin, List<String> path) {
        Template t;
        try {
            t = Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(origin, display(path), "bad interpolation in '" + text + "': " + e.getMessage()
                    + "; write \\${ for a literal ${");
            return missing(origin);
        }
        if (t.isSingleExpression()) {
            Node n = expression(t.parts().get(0).text(), origin, path);
            return n.withOrigin(origin);
        }
        StringBuilder out = new StringBuilder();
        for (Template.Part part : t.parts()) {
            if (!part.expression()) {
                out.append(part.text());
                continue;
            }
            Node n = expression(part.text(), origin, path);
            if (n instanceof ScalarNode sc) {
                if (sc.isMissing()) {
                    return missing(origin);
                }
                out.append(sc.interpolationText());
            } else {
                problems.add(origin, display(path), "${" + part.text() + "} is a " + (n instanceof MapNode ? "mapping"
                        : "list") + " and cannot be put inside a string");
                return missing(origin);
            }
        }
        return ScalarNode.string(out.toString(), origin);
    }

    private Node expression(String body, Origin origin, List<String> path) {
        Matcher r = RESOLVER.matcher(body.strip());
        if (r.matches()) {
            return resolver(r.group(1), Template.splitArguments(r.group(2)), body, origin, path);
        }
        Optional<Node> target = lookup(body.strip(), origin, path, true);
        return target.orElseGet(() -> missing(origin));
    }

    private Node resolver(String name, List<String> args, String body, Origin origin, List<String> path) {
        switch (name) {
            case "oc.env" -> {
                String var = argument(args.get(0), origin, path);
                Optional<String> value = environment.apply(var);
                if (value.isPresent()) {
                    return ScalarNode.string(value.get(), origin);
                }
                if (args.size() > 1) {
                    String def = args.get(1);
                    return def.equals("null") ? ScalarNode.nullValue(origin)
                            : ScalarNode.string(argument(def, origin, path), origin);
                }
                problems.add(origin, display(path), "${oc.env:" + var + "} needs the environment variable " + var
                        + ", which is not set; set it, give a default (${oc.env:" + var + ",value}) or write the value");
                return missing(origin);
            }
            case "select_not_null" -> {
                if (args.size() != 2) {
                    problems.add(origin, display(path), "${select_not_null:key,default} takes two arguments, not "
                            + args.size() + " in ${" + body + "}");
                    return missing(origin);
                }
                Optional<Node> target = lookup(args.get(0), origin, path, false);
                if (target.isPresent() && !(target.get() instanceof ScalarNode s && (s.isNull() || s.isMissing()))) {
                    return target.get();
                }
                String def = args.get(1);
                return def.equals("null") ? ScalarNode.nullValue(origin) : ScalarNode.string(argument(def, origin, path), origin);
            }
            default -> {
                problems.add(origin, display(path), "unsupported resolver '" + name + "' in ${" + body
                        + "}; only oc.env, select_not_null and ${key.path} references are supported");
                return missing(origin);
            }
        }
    }

    /** A resolver argument: unquoted, with its own interpolations resolved. */
    private String argument(String raw, Origin origin, List<String> path) {
        String a = raw.strip();
        if (a.length() >= 2 && (a.charAt(0) == '\'' || a.charAt(0) == '"') && a.charAt(a.length() - 1) == a.charAt(0)) {
            a = a.substring(1, a.length() - 1);
        }
        if (!Template.hasExpression(a)) {
            return a;
        }
        Node n = template(a, origin, path);
        return n instanceof ScalarNode s ? s.text() : "";
    }

    /** Finds and resolves the node at a reference; reports a problem if {@code required} and it is not there. */
    private Optional<Node> lookup(String ref, Origin origin, List<String> path, boolean required) {
        if (!PATH.matcher(ref).matches()) {
            problems.add(origin, display(path), "bad interpolation ${" + ref + "}: expected a key path such as "
                    + "${deployment.port}, ${.sibling} or a resolver such as ${oc.env:NAME}");
            return Optional.empty();
        }
        List<String> target = new ArrayList<>();
        String rest = ref;
        if (ref.startsWith(".")) {
            int dots = 0;
            while (dots < ref.length() && ref.charAt(dots) == '.') {
                dots++;
            }
            int keep = path.size() - dots;
            if (keep < 0) {
                problems.add(origin, display(path), "${" + ref + "} goes above the top of the config");
                return Optional.empty();
            }
            target.addAll(path.subList(0, keep));
            rest = ref.substring(dots);
        }
        for (String seg : rest.replace("[", ".").replace("]", "").split("\\.")) {
            target.add(seg);
        }
        referenced.add(String.join(".", target));
        Node current = root;
        for (int i = 0; i < target.size(); i++) {
            String seg = target.get(i);
            Node next = null;
            if (current instanceof MapNode m) {
                next = m.get(seg);
                if (next == null && required) {
                    problems.add(origin, display(path), "${" + ref + "} refers to " + String.join(".", target)
                            + ", which does not exist" + DidYouMean.hint(seg, m.entries().keySet()));
                }
            } else if (current instanceof ListNode l && seg.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(seg) < l.items().size()) {
                next = l.items().get(Integer.parseInt(seg));
            } else if (current instanceof ScalarNode s && s.isMissing()) {
                return Optional.of(missing(origin));
            } else if (required) {
                problems.add(origin, display(path), "${" + ref + "} refers to " + String.join(".", target)
                        + ", which does not exist");
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(resolve(current, target));
    }

    private static ScalarNode missing(Origin origin) {
        return ScalarNode.string(ScalarNode.MISSING, origin);
    }

    private static List<String> append(List<String> path, String seg) {
        List<String> out = new ArrayList<>(path);
        out.add(seg);
        return out;
    }

    static String display(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String seg : path) {
            if (!seg.isEmpty() && seg.chars().allMatch(Character::isDigit) && b.length() > 0) {
                b.append('[').append(seg).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(seg);
            }
        }
        return b.toString();
    }
}
