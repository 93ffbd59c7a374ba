package io.jenkins.plugins.slurmevaluate.script.spec;

import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code #SBATCH} directives of {@code run.sub} that come from the config. The renderer adds the ones the chain
 * needs ({@code --no-requeue}, {@code --output}, {@code --open-mode}) and refuses extra flags that would fight them.
 *
 * @param time the time limit as written ({@code 04:00:00}); any Slurm format ({@code MM}, {@code MM:SS},
 *     {@code HH:MM:SS}, {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS})
 * @param nodes every node of the job: the deployment's plus every auxiliary deployment's
 * @param gres only rendered when present and not empty
 * @param comment any one-line text
 * @param extraFlags {@code sbatch_extra_flags} in order: a flag with a value, or a bare flag
 * @param jobName the same for every link of the chain; it is the submit token (docs/chain-protocol.md)
 */
public record SbatchHeader(String time, String account, String partition, int nodes, int ntasksPerNode,
        OptionalInt gpusPerNode, Optional<String> gres, Optional<String> comment, List<Flag> extraFlags,
        String jobName) {

    /** Flags that have a field of their own, or that the resume chain depends on. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("time", "the time limit"), Map.entry("t", "the time limit"),
            Map.entry("account", "the account"), Map.entry("A", "the account"),
            Map.entry("partition", "the partition"), Map.entry("p", "the partition"),
            Map.entry("nodes", "num_nodes"), Map.entry("N", "num_nodes"),
            Map.entry("ntasks-per-node", "ntasks_per_node"), Map.entry("gpus-per-node", "gpus_per_node"),
            Map.entry("gres", "gres"), Map.entry("comment", "sbatch_comment"),
            Map.entry("job-name", "the chain (its job name is the submit token)"), Map.entry("J", "the chain"),
            Map.entry("output", "the chain (logs/slurm-<id>.log)"), Map.entry("o", "the chain"),
            Map.entry("error", "the chain (logs/slurm-<id>.log)"), Map.entry("e", "the chain"),
            Map.entry("open-mode", "the chain"), Map.entry("requeue", "the chain (it resumes with new jobs)"),
            Map.entry("no-requeue", "the chain"), Map.entry("dependency", "the chain"), Map.entry("d", "the chain"),
            Map.entry("array", "the chain"), Map.entry("a", "the chain"), Map.entry("wrap", "the chain"),
            Map.entry("parsable", "the chain"));

    /**
     * One {@code sbatch_extra_flags} entry.
     *
     * @param name without the leading dashes, such as {@code exclusive} or {@code constraint}
     * @param value empty for a bare flag ({@code true} in the config)
     */
    public record Flag(String name, Optional<String> value) {

        public Flag {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("sbatch flag name must be a long option of letters, digits and '-', without the leading"
                        + " dashes: " + (name == null ? "missing" : Checks.printable(name)));
            }
            if (OWNED.containsKey(name)) {
                throw new IllegalArgumentException("sbatch_extra_flags cannot set --" + name + ": it is set by "
                        + OWNED.get(name));
            }
            value.ifPresent(v -> Checks.oneLine("value of sbatch flag --" + name, v));
        }

        public static Flag of(String name, String value) {
            return new Flag(name, Optional.of(value));
        }

        public static Flag bare(String name) {
            return new Flag(name, Optional.empty());
        }
    }

    public SbatchHeader {
        Checks.nonEmpty("walltime", time);
        if (SlurmTime.seconds(time).isEmpty()) {
            throw new IllegalArgumentException("walltime " + Checks.printable(time) + " is not a Slurm time: use MM,"
                    + " MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (quote it in YAML: an unquoted 4:00:00 is an integer)");
        }
        if (SlurmTime.seconds(time).getAsLong() == 0) {
            throw new IllegalArgumentException("walltime " + time + " means no time limit to Slurm; the resume chain"
                    + " needs a real one");
        }
        Checks.nonEmpty("account", account);
        Checks.nonEmpty("partition", partition);
        Checks.positive("nodes", nodes);
        Checks.positive("ntasks_per_node", ntasksPerNode);
        gpusPerNode.ifPresent(g -> {
            if (g < 0) {
                throw new IllegalArgumentException("gpus_per_node cannot be negative: " + g);
            }
        });
        gres = gres.filter(g -> !g.isEmpty());
        gres.ifPresent(g -> Checks.oneLine("gres", g));
        comment = comment.filter(c -> !c.isEmpty());
        comment.ifPresent(c -> Checks.oneLine("sbatch_comment", c));
        extraFlags = List.copyOf(extraFlags);
        Checks.nonEmpty("job name", jobName);
    }

    /** The time limit in seconds. */
    public long timeLimitSeconds() {
        return SlurmTime.seconds(time).orElseThrow();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: one node, one task per node, no GPUs, no comment, no extra flags. */
    public static final class Builder {
        private String time;
        private String account;
        private String partition;
        private int nodes = 1;
        private int ntasksPerNode = 1;
        private OptionalInt gpusPerNode = OptionalInt.empty();
        private Optional<String> gres = Optional.empty();
        private Optional<String> comment = Optional.empty();
        private final List<Flag> extraFlags = new ArrayList<>();
        private String jobName;

        private Builder() {}

        public Builder time(String time) { this.time = time; return this; }
        public Builder account(String account) { this.account = account; return this; }
        public Builder partition(String partition) { this.partition = partition; return this; }
        public Builder nodes(int nodes) { this.nodes = nodes; return this; }
        public Builder ntasksPerNode(int n) { this.ntasksPerNode = n; return this; }
        public Builder gpusPerNode(int gpus) { this.gpusPerNode = OptionalInt.of(gpus); return this; }
        public Builder gres(String gres) { this.gres = Optional.ofNullable(gres); return this; }
        public Builder comment(String comment) { this.comment = Optional.ofNullable(comment); return this; }
        public Builder flag(Flag flag) { this.extraFlags.add(flag); return this; }
        public Builder jobName(String jobName) { this.jobName = jobName; return this; }

        public SbatchHeader build() {
            return new SbatchHeader(time, account, partition, nodes, ntasksPerNode, gpusPerNode, gres, comment,
                    extraFlags, jobName);
        }
    }
}
