package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The masked log of an evaluation brought back in a new process. Secret values are never saved, only their names in
 * the record, so they are looked up again; a secret that is gone can no longer be masked, and the log says so.
 */
final class MaskedLog {

    private MaskedLog() {}

    /** @param r the newest record, or null when nothing was saved (then there is nothing to mask) */
    static LogSink rebuild(EvaluationPorts p, RunRecord r) {
        List<String> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r == null ? List.<String>of() : r.secretNames()) {
            p.secrets().lookup(name).ifPresentOrElse(values::add, () -> missing.add(name));
        }
        LogSink masked = LogSink.masking(p.log(), values);
        if (!missing.isEmpty()) {
            masked.warn("cannot look up " + String.join(", ", missing) + " any more (in " + p.secrets().describe()
                    + "); their values are not masked in the rest of this log");
        }
        return masked;
    }
}
