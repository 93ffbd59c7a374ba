package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a user asked a {@link DurableEvaluation} to do, as names and text only: the config (a path to read, or its
 * text), overrides, task filter, gates, baseline, where to run (a cluster name, a host, a credentials id) and which
 * credential feeds which secret variable. It never holds a secret value, so it can be persisted with the evaluation
 * (Jenkins' {@code program.dat}) and read back after a restart.
 *
 * <p>Immutable and serializable with plain JDK collections ({@link ArrayList}, {@link LinkedHashMap}), so any
 * serializer (Java, JBoss River, XStream) reads it back. Build it with {@link #builder()}.
 */
public final class EvaluationRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String configPath;
    private final String configText;
    private final ArrayList<String> overrides;
    private final ArrayList<String> tasks;
    private final ArrayList<String> gates;
    private final String baselinePath;
    private final String baselineText;
    private final String cluster;
    private final String hostname;
    private final String credentialsId;
    private final LinkedHashMap<String, String> secrets;
    private final boolean dryRun;
    private final boolean archive;
    private final boolean unstableOnInconclusive;
    /** Opt-ins of the job (reference a.10); absent in requests saved before they existed, hence false. */
    private final boolean trustPreCmd;
    private final boolean trustUnlistedTasks;

    private EvaluationRequest(Builder b) {
        configPath = b.configPath;
        configText = b.configText;
        overrides = new ArrayList<>(b.overrides);
        tasks = new ArrayList<>(b.tasks);
        gates = new ArrayList<>(b.gates);
        baselinePath = b.baselinePath;
        baselineText = b.baselineText;
        cluster = b.cluster;
        hostname = b.hostname;
        credentialsId = b.credentialsId;
        secrets = new LinkedHashMap<>(b.secrets);
        dryRun = b.dryRun;
        archive = b.archive;
        unstableOnInconclusive = b.unstableOnInconclusive;
        trustPreCmd = b.trust.commands();
        trustUnlistedTasks = b.trust.unlistedTasks();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder().configPath(configPath).configText(configText).overrides(overrides).tasks(tasks)
                .gates(gates).baselinePath(baselinePath).baselineText(baselineText).cluster(cluster).hostname(hostname)
                .credentialsId(credentialsId).secrets(secrets);
        return b.dryRun(dryRun).archive(archive).unstableOnInconclusive(unstableOnInconclusive).trust(trust());
    }

    /** The config file to read (relative to the workspace or working directory), or null when given as text. */
    public String configPath() {
        return configPath;
    }

    /** The config text once known: given inline, or read from {@link #configPath()} when the evaluation started. */
    public String configText() {
        return configText;
    }

    /** How the config is named in messages: its path, or {@code configText}. */
    public String configName() {
        return configPath != null ? configPath : "configText";
    }

    public List<String> overrides() {
        return List.copyOf(overrides);
    }

    /** Task names to run; empty runs every task. */
    public List<String> tasks() {
        return List.copyOf(tasks);
    }

    public List<String> gates() {
        return List.copyOf(gates);
    }

    /** A baseline file to read (a JSON summary of an earlier run, or a results.yml), or null. */
    public String baselinePath() {
        return baselinePath;
    }

    /** The baseline's text once read, or null. */
    public String baselineText() {
        return baselineText;
    }

    /** The name of a configured cluster, or null. */
    public String cluster() {
        return cluster;
    }

    /** The login node, when given instead of (or on top of) a cluster; null to use the cluster's or the config's. */
    public String hostname() {
        return hostname;
    }

    /** The credentials to log in with, overriding the cluster's; null to use the cluster's. */
    public String credentialsId() {
        return credentialsId;
    }

    /** Secret variable name → id of the credential that holds its value (checked first when a secret is looked up). */
    public Map<String, String> secrets() {
        return new LinkedHashMap<>(secrets);
    }

    /** Plan and render only: nothing is uploaded or submitted. */
    public boolean dryRun() {
        return dryRun;
    }

    /** Whether the downloaded artifacts and logs are kept (archived) after gating. */
    public boolean archive() {
        return archive;
    }

    /** Whether an INCONCLUSIVE verdict makes the build unstable (true) or failed (false). */
    public boolean unstableOnInconclusive() {
        return unstableOnInconclusive;
    }

    /** What the job opted in to run: shell commands of the config, tasks the catalog does not list. */
    public Trust trust() {
        return new Trust(trustPreCmd, trustUnlistedTasks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationRequest r && Objects.equals(configPath, r.configPath)
                && Objects.equals(configText, r.configText) && overrides.equals(r.overrides) && tasks.equals(r.tasks)
                && gates.equals(r.gates) && Objects.equals(baselinePath, r.baselinePath)
                && Objects.equals(baselineText, r.baselineText) && Objects.equals(cluster, r.cluster)
                && Objects.equals(hostname, r.hostname) && Objects.equals(credentialsId, r.credentialsId)
                && secrets.equals(r.secrets) && dryRun == r.dryRun && archive == r.archive
                && unstableOnInconclusive == r.unstableOnInconclusive && trustPreCmd == r.trustPreCmd
                && trustUnlistedTasks == r.trustUnlistedTasks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(configPath, overrides, tasks, gates, cluster, hostname);
    }

    /** Builds an {@link EvaluationRequest}. Lists and maps are copied; null means empty. */
    public static final class Builder {
        private String configPath;
        private String configText;
        private List<String> overrides = List.of();
        private List<String> tasks = List.of();
        private List<String> gates = List.of();
        private String baselinePath;
        private String baselineText;
        private String cluster;
        private String hostname;
        private String credentialsId;
        private Map<String, String> secrets = Map.of();
        private boolean dryRun;
        private boolean archive = true;
        private boolean unstableOnInconclusive = true;
        private Trust trust = Trust.NONE;

        private Builder() {}

        public Builder configPath(String path) {
            this.configPath = blankToNull(path);
            return this;
        }

        public Builder configText(String text) {
            this.configText = text;
            return this;
        }

        public Builder overrides(List<String> list) {
            this.overrides = list == null ? List.of() : List.copyOf(list);
            return this;
        }

        public Builder tasks(List<String> list) {
            this.tasks = list == null ? List.of() : List.copyOf(list);
            return this;
        }

        public Builder gates(List<String> list) {
            this.gates = list == null ? List.of() : List.copyOf(list);
            return this;
        }

        public Builder baselinePath(String path) {
            this.baselinePath = blankToNull(path);
            return this;
        }

        public Builder baselineText(String text) {
            this.baselineText = text;
            return this;
        }

        public Builder cluster(String name) {
            this.cluster = blankToNull(name);
            return this;
        }

        public Builder hostname(String host) {
            this.hostname = blankToNull(host);
            return this;
        }

        public Builder credentialsId(String id) {
            this.credentialsId = blankToNull(id);
            return this;
        }

        public Builder secrets(Map<String, String> map) {
            this.secrets = map == null ? Map.of() : new LinkedHashMap<>(map);
            return this;
        }

        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public Builder archive(boolean value) {
            this.archive = value;
            return this;
        }

        public Builder unstableOnInconclusive(boolean value) {
            this.unstableOnInconclusive = value;
            return this;
        }

        public Builder trust(Trust value) {
            this.trust = value == null ? Trust.NONE : value;
            return this;
        }

        /**
         * @throws IllegalArgumentException when there is no config at all (a path to read, or a text); when both are
         *     given, the text is what was read from the path
         */
        public EvaluationRequest build() {
            if (configPath == null && (configText == null || configText.isBlank())) {
                throw new IllegalArgumentException("no config: give the path of a config file (config) or its text (configText)");
            }
            return new EvaluationRequest(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }
}
