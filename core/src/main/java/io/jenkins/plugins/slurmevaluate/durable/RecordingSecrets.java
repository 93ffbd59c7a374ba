package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArraySet;

/** A secret source that remembers every value it handed out, so that all of them can be masked in the log. */
final class RecordingSecrets implements SecretSource {

    private final SecretSource delegate;
    private final CopyOnWriteArraySet<String> values = new CopyOnWriteArraySet<>();

    RecordingSecrets(SecretSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<String> lookup(String name) {
        Optional<String> v = delegate.lookup(name);
        v.ifPresent(values::add);
        return v;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** Every value looked up so far. */
    List<String> values() {
        return List.copyOf(values);
    }
}
