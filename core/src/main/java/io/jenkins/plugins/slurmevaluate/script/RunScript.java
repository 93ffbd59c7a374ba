package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code run.sub}, section by section in the reference order (b.1-b.16): header; definitions (paths, budgets, the
 * function library); link start; secrets; the resume decision; strict mode; nodes; servers; readiness; evaluation;
 * teardown; the exit code.
 *
 * <p>xtrace is on only from the nodes section on, and every place that expands a secret turns it off first: the
 * secrets file is sourced and each group exported with xtrace off, and the library's functions turn it off
 * themselves (the readiness loop would otherwise fill the log).
 */
final class RunScript {

    /** Tests run the definitions on their own: everything between these lines only assigns and defines. */
    static final String DEFINITIONS_BEGIN = "# >>> slurm-evaluate definitions: assignments and functions only";
    static final String DEFINITIONS_END = "# <<< slurm-evaluate definitions";

    private static final String LIBRARY = resource("library.sh");
    private static final String SERVER_RUNNER = resource("server-runner.sh");
    private static final String EVALUATION_RUNNER = resource("evaluation-runner.sh");
    /** How often, and how far apart, a successor asks sacct for its predecessor's final state. */
    private static final int SACCT_TRIES = 5;
    private static final int SACCT_DELAY_SECONDS = 2;

    private RunScript() {}

    static String render(ScriptSpec spec, SecretsFile secrets, ServerSection deployment,
            Map<Auxiliary, ServerSection> auxiliaries) {
        TaskLayout layout = spec.layout();
        Lines out = new Lines().raw(SbatchHeaderRenderer.render(spec.header(), layout));
        out.add("#")
                .add("# Rendered by slurm-evaluate for one task of invocation " + spec.invocationId() + "; do not edit.")
                .add("# The chain of jobs that runs it and the files it writes: docs/chain-protocol.md. No secret is")
                .add("# in this file: values are in .secrets.env (mode 0600), sourced below with xtrace off.");
        definitions(out, spec);

        out.section("link start: start marker, then the traps that record how this link ends");
        out.add("_se_link_start");
        if (!secrets.isEmpty()) {
            out.section("secrets: sourced with xtrace off; they stay unexported shell variables");
            out.add("{ set +x; } 2>/dev/null");
            out.add("# shellcheck source=/dev/null");
            out.add("source \"$_SE_SECRETS\" || exit 1");
            out.add(Command.of("_se_require_vars").arg(secrets.storedNames().toArray(String[]::new)).render(""));
        }
        out.section("auto-resume: run, resume or stop (docs/chain-protocol.md); queues the next link");
        out.add("_se_chain_begin \"${1:-}\"");
        out.section("strict mode, and xtrace from here on: no secret is expanded with xtrace on");
        out.add("set -euo pipefail");
        out.add("set -x");

        nodes(out, spec, deployment, auxiliaries);
        if (deployment != null) {
            deployment.start(out);
        }
        auxiliaries.values().forEach(a -> a.start(out));
        if (deployment != null || !auxiliaries.isEmpty()) {
            out.section("readiness: the servers loaded in parallel; each must answer its health check");
            if (deployment != null) {
                deployment.readiness(out);
            }
            auxiliaries.values().forEach(a -> a.readiness(out));
        }
        EvaluationSection.render(out, spec, secrets, auxiliaries);

        out.section("teardown: stop the servers; one that is already gone cannot fail the job");
        out.add("_se_stop_background");
        out.section("exit code: an evaluation interrupted by SIGTERM must not look successful");
        out.add("if [[ -f " + Shell.quote(layout.interruptedMarker()) + " ]]; then");
        out.add("    echo \"slurm-evaluate: the evaluation was interrupted (SIGTERM); exiting with 143\"");
        if (spec.export().isPresent()) {
            out.add(ExportSection.interruptedLine());
        }
        out.add("    exit 143");
        out.add("fi");
        if (spec.export().isPresent()) {
            ExportSection.submit(out);
        }
        out.add("exit \"$SE_EVAL_RC\"");
        return out.toString();
    }

    private static void definitions(Lines out, ScriptSpec spec) {
        TaskLayout layout = spec.layout();
        out.blank().add(DEFINITIONS_BEGIN);
        out.add("SE_INVOCATION_ID=" + Shell.quote(spec.invocationId()));
        out.add("SE_TASK_DIR=" + Shell.quote(layout.taskDir()));
        out.add("# the same two under the launcher's names (b.2), exported so that a site's commands can read them");
        out.add("export TASK_DIR=\"$SE_TASK_DIR\" NEL_INVOCATION_ID=\"$SE_INVOCATION_ID\"");
        out.add("_SE_SCRIPT=" + Shell.quote(layout.runScript()) + "    # the successor's script: the shared copy, not $0");
        out.add("_SE_SECRETS=" + Shell.quote(layout.secretsFile()));
        out.add("_SE_JOB_LIST=" + Shell.quote(layout.jobIdList()));
        out.add("_SE_CHAIN_STATUS=" + Shell.quote(layout.chainStatus()));
        out.add("_SE_KILLED=" + Shell.quote(layout.killedMark()));
        out.add("_SE_MARKERS_DIR=" + Shell.quote(layout.markersDir()));
        out.add("_SE_TIME_LIMIT=" + Shell.quote(spec.header().time()) + "    # as in #SBATCH --time");
        out.add("_SE_MAX_LINKS=" + (spec.chain().maxLinks().isPresent()
                ? Integer.toString(spec.chain().maxLinks().getAsInt()) : "''    # no cap"));
        out.add("_SE_MAX_WALLTIME_SECONDS=" + (spec.chain().maxWalltimeSeconds().isPresent()
                ? Long.toString(spec.chain().maxWalltimeSeconds().getAsLong()) : "''    # no limit"));
        out.add("_SE_STALL_LINKS=" + (spec.chain().stallLinks() > 0 ? spec.chain().stallLinks()
                + "    # stop after this many quick links without progress" : "''    # no stall guard"));
        out.add("_SE_QUICK_SECONDS=" + spec.chain().quickSeconds());
        out.add("_SE_PROGRESS_FILE=" + Shell.quote(layout.progressFile()));
        out.add("_SE_SACCT_TRIES=" + SACCT_TRIES);
        out.add("_SE_SACCT_DELAY=" + SACCT_DELAY_SECONDS);
        out.add("_se_start_marker() { printf '%s' " + pathOf(layout::startMarker) + "; }");
        out.add("_se_end_marker() { printf '%s' " + pathOf(layout::endMarker) + "; }");
        out.add("_se_progress_marker() { printf '%s' " + pathOf(layout::progressMarker) + "; }");
        out.raw(LIBRARY);
        out.blank().add("# What each task of a server's srun runs: $1 nodes per instance, $2 pre_cmd, $3 the command.");
        out.add("_SE_SERVER_RUNNER=" + Shell.quote(SERVER_RUNNER));
        out.add("# What the evaluation container runs: $1 the run config, $2 pre_cmd, $3 post_cmd, and $5 written to $4.");
        out.add("_SE_EVAL_RUNNER=" + Shell.quote(EVALUATION_RUNNER));
        if (spec.export().isPresent()) {
            ExportSection.definitions(out, layout);
        }
        out.add(DEFINITIONS_END);
    }

    private static void nodes(Lines out, ScriptSpec spec, ServerSection deployment, Map<Auxiliary, ServerSection> aux) {
        StringBuilder title = new StringBuilder("nodes: ").append(spec.modelNodes())
                .append(deployment != null ? " for the deployment" : " for the evaluation");
        aux.keySet().forEach(a -> title.append(", ").append(a.server().nodes()).append(" for ").append(a.name()));
        out.section(title.toString());
        out.add("_se_resolve_nodes " + spec.header().nodes() + " || exit 1");
        out.add("export PRIMARY_NODE=\"${SE_NODES[0]}\"");
        out.add("MODEL_NODELIST=$(_se_join , \"${SE_NODES[@]:0:" + spec.modelNodes() + "}\")");
        out.add("export MODEL_NUM_NODES=" + spec.modelNodes() + " MODEL_NODELIST    # the launcher's names (b.7)");
        if (deployment != null) {
            deployment.nodes(out);
        }
        aux.values().forEach(a -> a.nodes(out));
    }

    /** A bash expression for a TaskLayout path of the job id in {@code $1}: TaskLayout names it, bash fills it in. */
    private static String pathOf(Function<String, String> path) {
        String[] parts = path.apply("\0").split("\0", -1);
        return Shell.quote(parts[0]) + "\"$1\"" + Shell.quote(parts[1]);
    }

    static String resource(String name) {
        try (InputStream in = RunScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + RunScript.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The auxiliary deployments' sections, in order, each on the nodes after the previous one's. */
    static Map<Auxiliary, ServerSection> auxiliarySections(ScriptSpec spec, SecretsFile secrets) {
        Map<Auxiliary, ServerSection> sections = new LinkedHashMap<>();
        int next = spec.modelNodes();
        for (Auxiliary a : spec.auxiliaries()) {
            sections.put(a, ServerSection.auxiliary(spec, secrets, a, next));
            next += a.server().nodes();
        }
        return sections;
    }
}
