package io.jenkins.plugins.slurmevaluate.results.gate;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A hand-written scanner for one gate, so every error can say exactly what is wrong and where. Reads left to right:
 * path, operator, threshold, end.
 */
final class GateParser {

    private static final String OPERATOR_CHARS = "<>=!";
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Map<String, String> LOOKALIKES = Map.of("=>", ">=", "=<", "<=", "=", "==", "<>", "!=", "!", "!=",
            "===", "==", "!==", "!=");
    private static final Map<Character, String> UNICODE_OPERATORS = Map.of('≥', ">=", '≤', "<=", '≠', "!=", '＞', ">", '＜', "<");

    private final String label;
    private final String text;
    private int pos;

    private GateParser(String label, String text) {
        this.label = label;
        this.text = text;
    }

    /** @param label how messages name the gate, e.g. "gate 2" */
    static Gate parse(String label, String expression) {
        if (expression == null) {
            throw new GateSyntaxException(label, "", 0, "the gate is null; write e.g. hellaswag.acc_norm >= 0.80");
        }
        return new GateParser(label, expression.strip()).parse();
    }

    private Gate parse() {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i)) && !Character.isWhitespace(text.charAt(i))) {
                throw error(i, "the gate contains a control character (U+" + String.format("%04X", (int) text.charAt(i)) + ")");
            }
        }
        if (text.isEmpty()) {
            throw error(0, "the gate is empty; write e.g. hellaswag.acc_norm >= 0.80");
        }
        int pathStart = pos;
        String path = readWhile(c -> !Character.isWhitespace(c) && OPERATOR_CHARS.indexOf(c) < 0 && !UNICODE_OPERATORS.containsKey(c));
        skipSpace();
        if (!path.isEmpty() && pos < text.length() && OPERATOR_CHARS.indexOf(text.charAt(pos)) < 0
                && !UNICODE_OPERATORS.containsKey(text.charAt(pos))) {
            String next = text.substring(pos).split("\\s+")[0];
            throw error(pos, "expected a comparison operator (>=, >, <=, <, ==, !=) after '" + path + "', found '" + next
                    + "' (names cannot contain spaces)");
        }
        checkPath(path, pathStart);
        Comparison comparison = readOperator(path);
        skipSpace();
        int thresholdStart = pos;
        String threshold = readWhile(c -> !Character.isWhitespace(c));
        OptionalDouble value = readThreshold(threshold, thresholdStart, comparison, path);
        skipSpace();
        if (pos < text.length()) {
            throw error(pos, "unexpected text after the threshold: '" + text.substring(pos)
                    + "'; write one comparison per gate");
        }
        return new Gate(text, path, comparison, value, threshold);
    }

    private void checkPath(String path, int start) {
        if (path.isEmpty()) {
            throw error(start, "expected <task>.<metric> before the operator, e.g. hellaswag.acc_norm >= 0.80");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                throw error(start + i, "quotes are not part of the gate syntax; write names bare, e.g. hellaswag.acc_norm");
            }
        }
        if (path.startsWith(".")) {
            throw error(start, "the name starts with a dot; expected <task>.<metric>");
        }
        int twoDots = path.indexOf("..");
        if (twoDots >= 0) {
            throw error(start + twoDots + 1, "empty name between two dots");
        }
        if (path.endsWith(".")) {
            throw error(start + path.length() - 1, "the name ends with a dot; expected <task>.<metric>");
        }
        if (path.indexOf('.') < 0) {
            throw error(start + path.length(), "expected <task>.<metric>, found only '" + path
                    + "'; add the metric, e.g. " + path + ".acc");
        }
    }

    private Comparison readOperator(String path) {
        int start = pos;
        if (pos < text.length() && UNICODE_OPERATORS.containsKey(text.charAt(pos))) {
            throw error(pos, "write " + UNICODE_OPERATORS.get(text.charAt(pos)) + " instead of " + text.charAt(pos));
        }
        String op = readWhile(c -> OPERATOR_CHARS.indexOf(c) >= 0);
        if (op.isEmpty()) { // only at the end: anything else after the path was refused above
            throw error(pos, "expected a comparison operator (>=, >, <=, <, ==, !=) and a threshold after '" + path + "'");
        }
        Comparison comparison = Comparison.fromSymbol(op);
        if (comparison == null) {
            String hint = LOOKALIKES.get(op);
            throw error(start, "'" + op + "' is not an operator; " + (hint != null ? "did you mean " + hint + "?"
                    : "use one of >=, >, <=, <, ==, !="));
        }
        return comparison;
    }

    private OptionalDouble readThreshold(String word, int start, Comparison comparison, String path) {
        if (word.isEmpty()) {
            throw error(start, "expected a number or 'baseline' after " + comparison.symbol());
        }
        if (word.equals(Gate.BASELINE)) {
            if (!comparison.isOrdering() || comparison == Comparison.ABOVE || comparison == Comparison.BELOW) {
                throw error(start, "compare with the baseline using >= (higher is better) or <= (lower is better), not "
                        + comparison.symbol());
            }
            if (path.endsWith(".stderr")) {
                throw error(start, "a baseline comparison checks a score's value, not its stderr; drop .stderr");
            }
            return OptionalDouble.empty();
        }
        if (word.endsWith("%") && NUMBER.matcher(word.substring(0, word.length() - 1)).matches()) {
            throw error(start + word.length() - 1, "percent thresholds are not accepted: harnesses write scores either as "
                    + "fractions (0.80) or as percentages (80), so write the number in the scale results.yml uses");
        }
        String lower = word.toLowerCase(Locale.ROOT).replaceFirst("^[-+]", "");
        if (lower.equals("nan") || lower.startsWith("inf")) {
            throw error(start, "'" + word + "' is not a usable threshold; write a finite number");
        }
        if (word.equalsIgnoreCase(Gate.BASELINE)) {
            throw error(start, "write 'baseline' in lower case");
        }
        if (!NUMBER.matcher(word).matches()) {
            String hint = word.matches("[-+]?\\d+,\\d+") ? "; use a dot as the decimal separator"
                    : OPERATOR_CHARS.indexOf(word.charAt(0)) >= 0 ? "; write one operator" : "";
            throw error(start, "expected a number or 'baseline' after " + comparison.symbol() + ", found '" + word + "'" + hint);
        }
        double value = Double.parseDouble(word);
        if (Double.isInfinite(value)) {
            throw error(start, "the threshold " + word + " is too large for a number");
        }
        return OptionalDouble.of(value);
    }

    private String readWhile(java.util.function.IntPredicate accept) {
        int start = pos;
        while (pos < text.length() && accept.test(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        readWhile(Character::isWhitespace);
    }

    private GateSyntaxException error(int charIndex, String problem) {
        int column = text.codePointCount(0, Math.min(charIndex, text.length()));
        return new GateSyntaxException(label, text, column, problem);
    }
}
