package io.jenkins.plugins.slurmevaluate.env;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code host:NAME} values come from. The CLI reads the process environment and an env file; the Jenkins
 * step binds credentials. Implementations must be safe to call from any thread and must not log values.
 */
@FunctionalInterface
public interface SecretSource {

    /** The value of variable {@code name}, or empty if it is not set. An empty string is a set value. */
    Optional<String> lookup(String name);

    /** Where this source looks, for the message about a missing variable ("the process environment and ./.env"). */
    default String describe() {
        return "the secret source";
    }

    /** A source backed by a fixed map (tests, or values already collected by the caller). */
    static SecretSource of(Map<String, String> values, String description) {
        Map<String, String> copy = Map.copyOf(values);
        return new SecretSource() {
            @Override
            public Optional<String> lookup(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
