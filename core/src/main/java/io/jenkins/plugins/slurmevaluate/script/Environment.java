package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The environment of one srun: its group exported inside the srun's own subshell, and its --container-env. */
final class Environment {

    private Environment() {}

    /**
     * Exports {@code group} under its own names, with xtrace off so that no value reaches the job log, then turns
     * xtrace back on. Runs inside the subshell that starts the srun, so the values leave with it.
     */
    static void export(Lines out, SecretsFile secrets, EnvGroup group, String indent) {
        if (group.vars().isEmpty()) {
            return;
        }
        out.add(indent + "{ set +x; } 2>/dev/null");
        if (secrets.hasStored(group)) {
            out.add(indent + "# shellcheck disable=SC2154 # assigned by .secrets.env");
        }
        List<String> exports = secrets.exports(group);
        out.add(indent + "export \\");
        for (int i = 0; i < exports.size(); i++) {
            out.add(indent + "    " + exports.get(i) + (i < exports.size() - 1 ? " \\" : ""));
        }
        out.add(indent + "set -x");
    }

    /** The names for Pyxis' {@code --container-env}: sorted, so the image cannot override them. */
    static String containerEnv(EnvGroup group, Collection<String> provided) {
        TreeSet<String> names = new TreeSet<>(group.names());
        names.addAll(provided);
        return String.join(",", names);
    }
}
