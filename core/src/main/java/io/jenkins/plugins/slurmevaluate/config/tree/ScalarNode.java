package io.jenkins.plugins.slurmevaluate.config.tree;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A scalar with the type YAML 1.1 gave it and the exact text it was written with. Keeping the text is what lets
 * us tell an unquoted {@code 4:00:00} (type INT, text "4:00:00", a base-60 integer) from a real number.
 */
public record ScalarNode(String text, Type type, Origin origin) implements Node {

    /** The YAML 1.1 core types that a safe load can produce. Timestamps stay strings, as OmegaConf does. */
    public enum Type {
        STRING,
        INT,
        FLOAT,
        BOOL,
        NULL
    }

    /** OmegaConf's marker for a value that must be set: the string {@code ???}, quoted or not. */
    public static final String MISSING = "???";

    public ScalarNode {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(origin, "origin");
    }

    public static ScalarNode string(String text, Origin origin) {
        return new ScalarNode(text, Type.STRING, origin);
    }

    public static ScalarNode nullValue(Origin origin) {
        return new ScalarNode("null", Type.NULL, origin);
    }

    public boolean isNull() {
        return type == Type.NULL;
    }

    public boolean isMissing() {
        return type == Type.STRING && MISSING.equals(text);
    }

    /** A YAML 1.1 base-60 integer such as {@code 4:00:00}: what an unquoted time turns into. */
    public boolean isSexagesimalInt() {
        return type == Type.INT && text.indexOf(':') >= 0;
    }

    /** The integer value, read the YAML 1.1 way (underscores, 0x, 0o/0, 0b and base 60). */
    public BigInteger integerValue() {
        if (type != Type.INT) {
            throw new IllegalStateException("not an integer scalar: " + text);
        }
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        BigInteger value;
        if (t.indexOf(':') >= 0) {
            value = BigInteger.ZERO;
            for (String part : t.split(":")) {
                value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
            }
        } else if (t.startsWith("0x")) {
            value = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0b")) {
            value = new BigInteger(t.substring(2), 2);
        } else if (t.startsWith("0o")) {
            value = new BigInteger(t.substring(2), 8);
        } else if (t.length() > 1 && t.startsWith("0")) {
            value = new BigInteger(t.substring(1), 8);
        } else {
            value = new BigInteger(t);
        }
        return negative ? value.negate() : value;
    }

    public boolean booleanValue() {
        if (type != Type.BOOL) {
            throw new IllegalStateException("not a boolean scalar: " + text);
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            default -> false;
        };
    }

    /** The text a Python {@code str()} of the loaded value would give, which is what OmegaConf splices in. */
    public String interpolationText() {
        return switch (type) {
            case NULL -> "None";
            case BOOL -> booleanValue() ? "True" : "False";
            case INT -> integerValue().toString();
            default -> text;
        };
    }

    @Override
    public ScalarNode withOrigin(Origin newOrigin) {
        return new ScalarNode(text, type, newOrigin);
    }

    @Override
    public Object toJava() {
        return switch (type) {
            case NULL -> null;
            case BOOL -> booleanValue();
            case INT -> {
                BigInteger v = integerValue();
                yield v.bitLength() < 64 ? (Object) v.longValue() : v;
            }
            case FLOAT -> parseFloat();
            case STRING -> text;
        };
    }

    private Object parseFloat() {
        String t = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith(".inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return text; // base-60 floats and other rarities stay as written
        }
    }
}
