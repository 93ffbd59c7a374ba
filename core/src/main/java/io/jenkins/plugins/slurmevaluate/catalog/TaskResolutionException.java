package io.jenkins.plugins.slurmevaluate.catalog;

import java.util.List;

/** A task name that cannot be resolved: unknown, ambiguous or malformed. The message says what to write instead. */
public final class TaskResolutionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> candidates;

    TaskResolutionException(String message, List<String> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    /** The names the user may have meant (the choices of an ambiguous name, or near misses); may be empty. */
    public List<String> candidates() {
        return candidates;
    }
}
