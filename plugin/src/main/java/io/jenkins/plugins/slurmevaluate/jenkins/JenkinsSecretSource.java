package io.jenkins.plugins.slurmevaluate.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Where {@code host:NAME} values come from in a build, in this order: the step's {@code secrets} mapping (NAME →
 * credentials id), then a credential whose id is NAME, then the build's environment (e.g. set by
 * {@code withCredentials}). Credentials may be secret text or secret files (read as UTF-8); each one used is recorded
 * against the build ({@link CredentialsProvider#track}). Lookups run as the build's job, as
 * {@link CredentialsProvider#findCredentialById(String, Class, Run)} does.
 */
final class JenkinsSecretSource implements SecretSource {

    private final Run<?, ?> run;
    private final Map<String, String> bindings;
    private final Map<String, String> environment;

    JenkinsSecretSource(Run<?, ?> run, Map<String, String> bindings, Map<String, String> environment) {
        this.run = run;
        this.bindings = Map.copyOf(bindings);
        this.environment = environment;
    }

    @Override
    public Optional<String> lookup(String name) {
        String bound = bindings.get(name);
        if (bound != null) {
            return credential(bound); // an explicit mapping to a missing credential is not silently replaced
        }
        Optional<String> byId = credential(name);
        return byId.isPresent() ? byId : Optional.ofNullable(environment.get(name));
    }

    @Override
    public String describe() {
        return "the step's secrets mapping" + (bindings.isEmpty() ? " (empty)" : " (" + String.join(", ", bindings.keySet())
                + ")") + ", a secret text or secret file credential with the variable's name as its id, and the build's "
                + "environment (withCredentials)";
    }

    private Optional<String> credential(String id) {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        String value = null;
        if (c instanceof StringCredentials s) {
            value = s.getSecret().getPlainText();
        } else if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                value = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret file credential " + id, e);
            }
        }
        if (value != null) {
            CredentialsProvider.track(run, c);
        }
        return Optional.ofNullable(value);
    }
}
