package io.jenkins.plugins.slurmevaluate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code ${...}} expressions, with OmegaConf's escapes: {@code \${} is a
 * literal {@code ${}, and {@code \\${} is a backslash followed by an expression.
 */
record Template(List<Part> parts) {

    /** Literal text, or the body of one {@code ${...}} (without the braces). */
    record Part(String text, boolean expression) {}

    static boolean hasExpression(String s) {
        return s.contains("${");
    }

    /** @throws IllegalArgumentException for a {@code ${} without its closing brace */
    static Template parse(String s) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '\\' && s.startsWith("\\${", i + 1)) {
                literal.append('\\');
                i += 2; // \\${ : a literal backslash, then an expression
                continue;
            }
            if (ch == '\\' && s.startsWith("${", i + 1)) {
                literal.append("${");
                i += 3;
                continue;
            }
            if (ch == '$' && s.startsWith("{", i + 1)) {
                int end = closing(s, i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'${' at character " + (i + 1) + " has no closing '}'");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                }
                parts.add(new Part(s.substring(i + 2, end), true));
                i = end + 1;
                continue;
            }
            literal.append(ch);
            i++;
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(new Part(literal.toString(), false));
        }
        return new Template(List.copyOf(parts));
    }

    /** Index of the '}' closing an expression whose body starts at {@code from}; nested ${...} and quotes count. */
    private static int closing(String s, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (ch == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0).expression();
    }

    /** Splits resolver arguments at top-level commas (not inside quotes or nested ${...}). */
    static List<String> splitArguments(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char ch = args.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '$' && i + 1 < args.length() && args.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (ch == '}' && depth > 0) {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(args.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(args.substring(start).strip());
        return out;
    }
}
