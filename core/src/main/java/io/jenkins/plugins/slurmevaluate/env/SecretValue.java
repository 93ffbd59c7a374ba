package io.jenkins.plugins.slurmevaluate.env;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A resolved variable value that does not print itself: {@link #toString()} is {@code ***}, so a value that ends
 * up in a log line, an exception message or a debugger's summary by accident shows nothing. The one way to get
 * the text is {@link #reveal()}, which only the code that writes {@code .secrets.env} should call.
 */
public final class SecretValue {

    private static final String REDACTED = "***";

    private final String value;

    private SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static SecretValue of(String value) {
        return new SecretValue(value);
    }

    /** The secret text itself. Never log it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        // constant-time, so comparing values leaks nothing through timing
        return o instanceof SecretValue other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash would leak a little of the value; these are never kept in large sets
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
