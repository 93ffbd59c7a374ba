package io.jenkins.plugins.slurmevaluate.env;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code env_vars} value as written in the config, parsed by the launcher's grammar (reference c.1):
 * {@code lit:TEXT} (this text), {@code host:NAME} (NAME from the environment of the machine that submits, resolved
 * through a {@link SecretSource}) or {@code runtime:NAME} (left for the batch shell to expand on the cluster). Each
 * prefix may also be written with a leading {@code $} ({@code $host:HF_TOKEN}), the spelling of the 0.2 docs.
 *
 * @param kind    which of the three forms
 * @param text    the literal text, or the variable name
 * @param keyPath where it was declared, such as {@code evaluation.tasks[0].env_vars.HF_TOKEN}
 * @param origin  the position of the value
 */
public record EnvValue(Kind kind, String text, String keyPath, Origin origin) {

    /** The three forms of the grammar. */
    public enum Kind {
        LITERAL("lit:"),
        HOST("host:"),
        RUNTIME("runtime:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EnvValue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(origin, "origin");
    }

    /** True for a name the shell can export: letters, digits and '_', not starting with a digit. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Parses one value. Interpolation must not have been applied to it: an {@code ${oc.env:...}} here would put a
     * secret into the config, and is refused with the form to use instead.
     *
     * @throws IllegalArgumentException with a message that gives the corrected spelling
     */
    public static EnvValue parse(String raw, String keyPath, Origin origin) {
        if (raw.contains("${oc.env:") || raw.contains("${oc.decode:")) {
            String suggestion = raw.matches("\\$\\{oc\\.env:[A-Za-z_][A-Za-z0-9_]*}")
                    ? "host:" + raw.substring("${oc.env:".length(), raw.length() - 1) : "host:VAR_NAME";
            throw new IllegalArgumentException("resolver syntax '" + raw + "' is not allowed in env_vars: it would "
                    + "copy the secret into the config; write '" + suggestion + "' instead");
        }
        if (raw.contains("${")) {
            throw new IllegalArgumentException("'" + raw + "': interpolation is not applied to env_vars values; "
                    + "write lit:TEXT, host:NAME or runtime:NAME (runtime: is expanded by the batch shell)");
        }
        String body = raw.startsWith("$") ? raw.substring(1) : raw;
        for (Kind kind : Kind.values()) {
            if (body.startsWith(kind.prefix)) {
                String text = body.substring(kind.prefix.length());
                if (text.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("a NUL character cannot be passed through a shell");
                }
                if (kind != Kind.LITERAL && !isValidName(text)) {
                    throw new IllegalArgumentException("'" + raw + "': " + kind.prefix + " needs a variable name "
                            + "(letters, digits and _, not starting with a digit), not '" + text + "'");
                }
                return new EnvValue(kind, text, keyPath, origin);
            }
        }
        String suggestion;
        if (raw.startsWith("$") && isValidName(raw.substring(1))) {
            suggestion = "host:" + raw.substring(1);
        } else if (isValidName(raw)) {
            suggestion = "host:" + raw;
        } else {
            suggestion = "lit:" + raw;
        }
        throw new IllegalArgumentException("value '" + raw + "' needs an explicit prefix; write '" + suggestion
                + "' (host: reads the variable on the submitting machine, lit: is literal text, runtime: is expanded "
                + "on the cluster)");
    }

    /** The value as the config spells it, for example {@code host:HF_TOKEN}. */
    public String spec() {
        return kind.prefix + text;
    }
}
