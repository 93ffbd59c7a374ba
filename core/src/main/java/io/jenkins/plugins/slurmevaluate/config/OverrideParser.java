package io.jenkins.plugins.slurmevaluate.config;

import io.jenkins.plugins.slurmevaluate.config.tree.ListNode;
import io.jenkins.plugins.slurmevaluate.config.tree.MapNode;
import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code -o} overrides in Hydra's grammar: {@code key=value}, {@code +key=value}, {@code ++key=value},
 * {@code ~key[=value]} and {@code group=option}. Values are read as Hydra reads them: {@code null},
 * {@code true}/{@code false}, decimal integers and floats, quoted strings, {@code [lists]} and {@code {k: v}}
 * maps; everything else (including {@code 4:00:00}, {@code yes} or {@code 0x10}) is a string. Keys whose last
 * segment ends in {@code walltime} always get a string, so a time is never turned into a number.
 *
 * <p>Quoted values: inside {@code '...'} or {@code "..."}, a backslash escapes the quote and itself; any other
 * backslash is kept. {@link #quote} writes a value so that it reads back unchanged.
 */
final class OverrideParser {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-/@]+(\\.[A-Za-z0-9_\\-/@]+)*");
    private static final Pattern INT = Pattern.compile("[+-]?(0|[1-9][0-9_]*)");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(([0-9][0-9_]*)?\\.[0-9][0-9_]*|[0-9][0-9_]*\\.([0-9][0-9_]*)?)([eE][+-]?[0-9]+)?"
                    + "|[+-]?[0-9][0-9_]*[eE][+-]?[0-9]+|[+-]?inf|nan",
            Pattern.CASE_INSENSITIVE);

    private final Problems problems;

    OverrideParser(Problems problems) {
        this.problems = problems;
    }

    /** Writes {@code value} as a single-quoted override value that {@link #parse} reads back unchanged. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    Optional<ConfigOverride> parse(int index, String text) {
        Origin origin = Origin.override(index, text);
        String rest = text;
        ConfigOverride.Kind kind = ConfigOverride.Kind.SET;
        if (rest.startsWith("++")) {
            kind = ConfigOverride.Kind.FORCE;
            rest = rest.substring(2);
        } else if (rest.startsWith("+")) {
            kind = ConfigOverride.Kind.ADD;
            rest = rest.substring(1);
        } else if (rest.startsWith("~")) {
            kind = ConfigOverride.Kind.DELETE;
            rest = rest.substring(1);
        }
        int eq = rest.indexOf('=');
        String key = (eq < 0 ? rest : rest.substring(0, eq)).trim();
        if (!KEY.matcher(key).matches() || (eq < 0 && kind != ConfigOverride.Kind.DELETE)) {
            problems.add(origin, key, "bad override '" + text + "': write key=value, +key=value (add), "
                    + "++key=value (add or replace) or ~key (delete), with a dotted key such as execution.walltime");
            return Optional.empty();
        }
        List<String> path = Arrays.asList(key.split("\\."));
        Node value = null;
        if (eq >= 0) {
            String raw = rest.substring(eq + 1);
            boolean timeLike = path.get(path.size() - 1).endsWith("walltime");
            value = parseValue(raw, timeLike, origin, key);
            if (value == null) {
                return Optional.empty();
            }
        }
        if (kind == ConfigOverride.Kind.SET && path.size() == 1 && BundledGroups.isGroup(key)) {
            kind = ConfigOverride.Kind.GROUP;
        }
        return Optional.of(new ConfigOverride(kind, key, List.copyOf(path), value, origin));
    }

    /** A Hydra value; null (after recording a problem) if it cannot be read. */
    Node parseValue(String raw, boolean timeLike, Origin origin, String key) {
        String v = raw.strip();
        if (v.startsWith("[") || v.startsWith("{")) {
            Cursor c = new Cursor(v, origin, key);
            Node n = c.element();
            c.skipSpaces();
            if (c.failed || c.pos != v.length()) {
                problems.add(origin, key, "cannot read the value " + v + " of the override: "
                        + (c.failed ? c.error : "unexpected text after position " + c.pos)
                        + "; quote it ('...') if it is meant as a string");
                return null;
            }
            return n;
        }
        if (isQuoted(v)) {
            return ScalarNode.string(unquote(v), origin);
        }
        return primitive(v, timeLike, origin);
    }

    private static boolean isQuoted(String v) {
        if (v.length() < 2) {
            return false;
        }
        char q = v.charAt(0);
        if ((q != '\'' && q != '"') || v.charAt(v.length() - 1) != q) {
            return false;
        }
        // the closing quote must not itself be escaped
        int backslashes = 0;
        for (int i = v.length() - 2; i > 0 && v.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    private static String unquote(String v) {
        char q = v.charAt(0);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 1 < v.length() - 1 && (v.charAt(i + 1) == q || v.charAt(i + 1) == '\\')) {
                out.append(v.charAt(++i));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static ScalarNode primitive(String v, boolean timeLike, Origin origin) {
        if (v.equalsIgnoreCase("null")) {
            return ScalarNode.nullValue(origin);
        }
        if (timeLike) {
            return ScalarNode.string(v, origin);
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return new ScalarNode(v.toLowerCase(Locale.ROOT), ScalarNode.Type.BOOL, origin);
        }
        if (INT.matcher(v).matches()) {
            return new ScalarNode(v, ScalarNode.Type.INT, origin);
        }
        if (FLOAT.matcher(v).matches()) {
            String f = v.toLowerCase(Locale.ROOT);
            f = f.endsWith("inf") ? f.replace("inf", ".inf") : f.equals("nan") ? ".nan" : v;
            return new ScalarNode(f, ScalarNode.Type.FLOAT, origin);
        }
        return ScalarNode.string(v, origin);
    }

    /** A small recursive reader for Hydra's flow values: [a, b], {k: v}, quoted strings and primitives. */
    private static final class Cursor {
        private final String s;
        private final Origin origin;
        private final String key;
        private int pos;
        private boolean failed;
        private String error = "";

        Cursor(String s, Origin origin, String key) {
            this.s = s;
            this.origin = origin;
            this.key = key;
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Node fail(String why) {
            if (!failed) {
                failed = true;
                error = why;
            }
            return ScalarNode.nullValue(origin);
        }

        Node element() {
            skipSpaces();
            if (pos >= s.length()) {
                return fail("value expected at the end");
            }
            char ch = s.charAt(pos);
            if (ch == '[') {
                return list();
            }
            if (ch == '{') {
                return map();
            }
            if (ch == '\'' || ch == '"') {
                return ScalarNode.string(quoted(), origin);
            }
            return primitive(token(), false, origin);
        }

        private Node list() {
            pos++;
            List<Node> items = new ArrayList<>();
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return new ListNode(items, origin);
            }
            while (!failed) {
                items.add(element());
                skipSpaces();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) == ']') {
                    pos++;
                    return new ListNode(items, origin);
                } else {
                    return fail("',' or ']' expected at position " + pos);
                }
            }
            return ScalarNode.nullValue(origin);
        }

        private Node map() {
            pos++;
            MapNode m = MapNode.empty(origin);
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (!failed) {
                skipSpaces();
                String k = pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"') ? quoted() : keyToken();
                skipSpaces();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    return fail("':' expected after key '" + k + "' in {...}");
                }
                pos++;
                m = m.with(k, element(), origin);
                skipSpaces();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return m;
                } else {
                    return fail("',' or '}' expected at position " + pos);
                }
            }
            return ScalarNode.nullValue(origin);
        }

        private String quoted() {
            char q = s.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '\\' && pos < s.length() && (s.charAt(pos) == q || s.charAt(pos) == '\\')) {
                    out.append(s.charAt(pos++));
                } else if (ch == q) {
                    return out.toString();
                } else {
                    out.append(ch);
                }
            }
            fail("unterminated quoted string in " + key);
            return out.toString();
        }

        private String keyToken() {
            int start = pos;
            while (pos < s.length() && ":,{}[]".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            return s.substring(start, pos).strip();
        }

        /** A primitive up to the next top-level ',', ']' or '}'; ${...} may contain those. */
        private String token() {
            int start = pos;
            int depth = 0;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '$' && pos + 1 < s.length() && s.charAt(pos + 1) == '{') {
                    depth++;
                    pos += 2;
                    continue;
                }
                if (depth > 0 && ch == '}') {
                    depth--;
                } else if (depth == 0 && ",]}".indexOf(ch) >= 0) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos).strip();
        }
    }
}
