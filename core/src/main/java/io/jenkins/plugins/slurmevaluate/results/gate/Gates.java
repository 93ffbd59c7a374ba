package io.jenkins.plugins.slurmevaluate.results.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the gates a release engineer writes, e.g. {@code gates: ['hellaswag.acc_norm >= 0.80']}. Call it when the
 * configuration is read, so a typo stops the build before any job is submitted.
 *
 * <p>Syntax: {@code <task-or-group>.<metric>[.<score>][.value|.stderr] <op> <number|baseline>}, with {@code <op>} one
 * of {@code >= > <= < == !=}. The number is a plain decimal ({@code 0.8}, {@code .8}, {@code 1e-3}); percent forms
 * ({@code 80%}) are refused because harnesses differ in scale. {@code baseline} goes with {@code >=} or {@code <=}.
 * Names are written bare and may hold any character but whitespace and {@code < > = !}; whether they exist is checked
 * against the results, when the gates are evaluated.
 */
public final class Gates {

    private Gates() {}

    /** Parses one gate. @throws GateSyntaxException with the position of the problem */
    public static Gate parse(String expression) {
        return GateParser.parse("gate", expression);
    }

    /**
     * Parses a list of gates, in order.
     *
     * @throws GateSyntaxException for the first gate that is malformed (its message says which, 1-based), or when a
     *     gate repeats an earlier one
     */
    public static List<Gate> parse(List<String> expressions) {
        List<Gate> gates = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < expressions.size(); i++) {
            String label = "gate " + (i + 1) + " of " + expressions.size();
            Gate gate = GateParser.parse(label, expressions.get(i));
            Integer earlier = seen.putIfAbsent(normalized(gate), i + 1);
            if (earlier != null) {
                throw new GateSyntaxException(label, gate.expression(), 0, "repeats gate " + earlier + "; remove one");
            }
            gates.add(gate);
        }
        return List.copyOf(gates);
    }

    private static String normalized(Gate gate) {
        return gate.path() + " " + gate.comparison().symbol() + " " + gate.threshold();
    }
}
