package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The environment variables of one srun (the evaluation, the deployment, or one auxiliary deployment), after the
 * {@code lit:}/{@code host:}/{@code runtime:} grammar and the group precedence have been applied.
 *
 * <p>{@code LIT} and {@code HOST} values are written to {@code .secrets.env} (never to {@code run.sub}) and exported
 * under their own names only in the subshell that starts this group's srun. {@code RUNTIME} values name a variable of
 * the batch job's own environment, read when that srun starts.
 *
 * @param name the group's name: {@code <task>.<idx>}, {@code deployment}, or the auxiliary deployment's name; it
 *     only disambiguates the variable names in {@code .secrets.env}
 * @param vars in declaration order, names unique
 */
public record EnvGroup(String name, List<Var> vars) {

    /** Where a value comes from, as written in the config ({@code lit:}, {@code host:}, {@code runtime:}). */
    public enum Kind {
        /** A literal from the config: not secret, shown in dry runs. */
        LIT,
        /** Read from the submitting machine (or a Jenkins credential): secret, never shown. */
        HOST,
        /** The name of a variable of the batch job's environment, expanded when the srun starts. */
        RUNTIME
    }

    /**
     * @param name the variable's name inside the container
     * @param value the resolved value ({@code LIT}, {@code HOST}) or the runtime variable's name ({@code RUNTIME})
     */
    public record Var(String name, Kind kind, String value) {

        public Var {
            Checks.identifier("environment variable name", name);
            if (kind == null) {
                throw new IllegalArgumentException("environment variable " + name + " has no kind");
            }
            if (kind == Kind.RUNTIME) {
                Checks.identifier("runtime variable of " + name, value);
            } else {
                Checks.text("value of environment variable " + name, value);
            }
        }

        public static Var lit(String name, String value) {
            return new Var(name, Kind.LIT, value);
        }

        public static Var host(String name, String value) {
            return new Var(name, Kind.HOST, value);
        }

        public static Var runtime(String name, String variable) {
            return new Var(name, Kind.RUNTIME, variable);
        }

        /** Never shows a {@code HOST} value, even in an exception message or a log line. */
        @Override
        public String toString() {
            return name + "=" + (kind == Kind.HOST ? "***" : kind.name().toLowerCase(Locale.ROOT) + ":" + value);
        }
    }

    public EnvGroup {
        // Task names are free text, and so is the evaluation's group, <task>.<idx>: only its letters and digits
        // reach the script, in the names of .secrets.env.
        Checks.text("environment group name", name);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("environment group name is empty");
        }
        vars = List.copyOf(vars);
        Set<String> seen = new HashSet<>();
        for (Var v : vars) {
            if (!seen.add(v.name())) {
                throw new IllegalArgumentException("environment group " + Checks.printable(name) + " declares " + v.name()
                        + " twice");
            }
        }
    }

    public static EnvGroup of(String name, Var... vars) {
        return new EnvGroup(name, List.of(vars));
    }

    public List<String> names() {
        return vars.stream().map(Var::name).toList();
    }
}
