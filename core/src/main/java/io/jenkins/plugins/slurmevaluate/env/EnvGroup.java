package io.jenkins.plugins.slurmevaluate.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of one consumer after precedence was applied (reference c.2): the evaluation of one task
 * ({@code <task>.<idx>}), the {@code deployment}, one auxiliary deployment (by name), or {@code export}.
 *
 * @param name    group name; the script renderer derives the disambiguated names of {@code .secrets.env} from it
 * @param vars    the variables, in declaration order (later layers replace values but keep the first position)
 * @param missing {@code host:} variables that the secret source did not have; empty once the group is usable
 */
public record EnvGroup(String name, Map<String, Var> vars, List<EnvValue> missing) {

    /**
     * One variable of a group.
     *
     * @param name  the name exported to the container
     * @param spec  what the config said ({@code host:HF_TOKEN}, {@code lit:...}, {@code runtime:...})
     * @param value the resolved value for {@code lit:} and {@code host:}; null for {@code runtime:}
     */
    public record Var(String name, EnvValue spec, SecretValue value) {

        /**
         * How a dry run shows the value: literal text in clear (it is in the config already), {@code ***} for a
         * host value (not even the last characters: they would help to guess a short token), and
         * {@code ${NAME}} for a runtime value.
         */
        public String display() {
            return switch (spec.kind()) {
                case LITERAL -> value.reveal();
                case HOST -> "*** (host:" + spec.text() + ")";
                case RUNTIME -> "${" + spec.text() + "} (runtime)";
            };
        }
    }

    public EnvGroup {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        missing = List.copyOf(missing);
    }

    public boolean isEmpty() {
        return vars.isEmpty() && missing.isEmpty();
    }
}
