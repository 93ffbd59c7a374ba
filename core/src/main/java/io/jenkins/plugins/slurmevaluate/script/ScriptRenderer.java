package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the files of one task directory from a {@link ScriptSpec}: {@code run.sub}, {@code .secrets.env} and the
 * haproxy config templates, and the auto-export's script and config files. Pure and deterministic: the same spec gives the same bytes, and nothing is read from
 * the environment or the clock. Thread-safe.
 *
 * <p>Guarantees: no {@code lit:}/{@code host:} value is ever written to {@code run.sub}, only to
 * {@code .secrets.env}; every value that reaches a shell goes through {@code Shell.quote}; every {@code #SBATCH}
 * value reads back as written.
 */
public final class ScriptRenderer {

    public RenderedTask render(ScriptSpec spec) {
        List<EnvGroup> groups = new ArrayList<>();
        groups.add(spec.evaluation().env());
        spec.deployment().ifPresent(d -> groups.add(d.env()));
        spec.auxiliaries().forEach(a -> groups.add(a.server().env()));
        spec.export().ifPresent(x -> groups.add(x.env()));
        SecretsFile secrets = new SecretsFile(spec.invocationId(), spec.layout().taskDir(), groups);

        ServerSection deployment = spec.deployment().map(d -> ServerSection.deployment(spec, secrets, d)).orElse(null);
        Map<Auxiliary, ServerSection> auxiliaries = RunScript.auxiliarySections(spec, secrets);
        String script = RunScript.render(spec, secrets, deployment, auxiliaries);

        List<RenderedFile> proxies = new ArrayList<>();
        if (deployment != null) {
            deployment.proxyTemplateFile().ifPresent(proxies::add);
        }
        auxiliaries.values().forEach(a -> a.proxyTemplateFile().ifPresent(proxies::add));
        Optional<RenderedFile> secretsFile = secrets.isEmpty()
                ? Optional.empty()
                : Optional.of(new RenderedFile(spec.layout().secretsFile(), secrets.content(), 0600));
        List<RenderedFile> export = spec.export().map(x -> ExportSection.files(spec, x, secrets)).orElse(List.of());
        return new RenderedTask(RenderedFile.of(spec.layout().runScript(), script, 0644), secretsFile,
                secrets.isEmpty() ? "" : secrets.redacted(), proxies, export);
    }
}
