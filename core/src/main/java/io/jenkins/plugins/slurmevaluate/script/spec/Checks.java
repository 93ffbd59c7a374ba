package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.regex.Pattern;

/** Argument checks shared by the spec records; every message names the field at fault. */
final class Checks {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Checks() {}

    /** Text that will reach a shell: any character but NUL, which no shell word can hold. */
    static String text(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " contains a NUL character, which no shell word can hold");
        }
        return value;
    }

    /** Text that must also stay on one line (a #SBATCH directive, a Slurm option, a path). */
    static String oneLine(String field, String value) {
        text(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new IllegalArgumentException(field + " contains a control character (U+"
                        + String.format("%04X", (int) c) + "); it must be one line: " + printable(value));
            }
        }
        return value;
    }

    static String nonEmpty(String field, String value) {
        oneLine(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return value;
    }

    /** A shell variable name: the only names that can be exported and listed in --container-env. */
    static String identifier(String field, String value) {
        text(field, value);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not a valid environment variable name: " + printable(value));
        }
        return value;
    }

    /** An absolute path on the cluster, usable inside a Pyxis --container-mounts list (no comma, no colon). */
    static String mountPath(String field, String value) {
        nonEmpty(field, value);
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException(field + " must be an absolute path (Pyxis would resolve it against the"
                    + " job's working directory): " + value);
        }
        if (value.indexOf(',') >= 0 || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(field + " cannot contain ',' or ':', which separate Pyxis mounts: " + value);
        }
        return value;
    }

    /** An HTTP path such as /health: starts with '/', printable ASCII without spaces (it goes into haproxy.cfg). */
    static String httpPath(String field, String value) {
        text(field, value);
        if (!value.matches("/[\\x21-\\x7e]*")) {
            throw new IllegalArgumentException(field + " must start with '/' and hold no spaces: " + printable(value));
        }
        return value;
    }

    static int positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, not " + value);
        }
        return value;
    }

    static int port(String field, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + " must be a TCP port (1-65535), not " + value);
        }
        return value;
    }

    /** The value with control characters made visible, for messages. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
