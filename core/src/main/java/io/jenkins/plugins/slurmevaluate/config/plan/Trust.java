package io.jenkins.plugins.slurmevaluate.config.plan;

import java.util.Map;

/**
 * What the user trusts a config to run (reference a.10): its shell commands ({@code pre_cmd}/{@code post_cmd}) and
 * tasks the catalog does not list. A config can come from a branch nobody reviewed, so neither is trusted unless
 * the user opts in.
 *
 * @param commands      run {@code pre_cmd}/{@code post_cmd} of the evaluation, tasks, deployment and auxiliaries
 * @param unlistedTasks run tasks that are not in the task catalog, in the image the config names
 */
public record Trust(boolean commands, boolean unlistedTasks) {

    /** The launcher's opt-in for commands; only the value {@code 1} opts in, as there. */
    public static final String TRUST_PRE_CMD = "NEMO_EVALUATOR_TRUST_PRE_CMD";
    /** The launcher's opt-in for unlisted tasks; only the value {@code 1} opts in. */
    public static final String TRUST_UNLISTED_TASKS = "NEMO_EVALUATOR_TRUST_UNLISTED_TASKS";

    public static final Trust NONE = new Trust(false, false);

    /** What kind of thing needs trust. */
    public enum Kind {
        COMMAND,
        UNLISTED_TASK
    }

    /** The opt-ins of a process environment: a variable counts only when it is exactly {@code 1}. */
    public static Trust fromEnvironment(Map<String, String> env) {
        return new Trust("1".equals(env.get(TRUST_PRE_CMD)), "1".equals(env.get(TRUST_UNLISTED_TASKS)));
    }

    /** Trusts what either trusts. */
    public Trust or(Trust other) {
        return new Trust(commands || other.commands, unlistedTasks || other.unlistedTasks);
    }

    public boolean grants(Kind kind) {
        return kind == Kind.COMMAND ? commands : unlistedTasks;
    }
}
