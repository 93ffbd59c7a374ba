package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.config.plan.TrustCheck;
import io.jenkins.plugins.slurmevaluate.config.plan.TrustCheck.Finding;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.util.List;

/**
 * Refuses a real submission whose config runs shell commands or unlisted tasks the job did not opt in to (reference
 * a.8, a.10), or that opts in where the administrator forbids it. A dry run only warns; what runs trusted is named
 * in the log, as the launcher's "proceeding with caution".
 */
final class TrustGate {

    private TrustGate() {}

    /** @return the refusal, for the user; null to go on */
    static String check(EvaluationPorts p, EvaluationRequest req, EvaluationPlan plan, LogSink log) {
        String forbidden = p.trustOptInForbidden();
        Trust asked = req.trust();
        if (forbidden != null && (asked.commands() || asked.unlistedTasks())) {
            String msg = "this job opts in to trusting its config (trustPreCmd/trustUnlistedTasks), but " + forbidden;
            if (!req.dryRun()) {
                return msg;
            }
            log.warn("dry run: " + msg);
        }
        Trust granted = forbidden == null ? asked : Trust.NONE;
        List<Finding> all = TrustCheck.find(plan);
        List<Finding> untrusted = TrustCheck.untrusted(all, granted);
        all.stream().filter(f -> !untrusted.contains(f)).forEach(f -> log.warn("trusted by this job: " + f));
        if (untrusted.isEmpty()) {
            return null;
        }
        String report = TrustCheck.report(req.dryRun() ? "dry run: a real run would be refused" : "refusing to submit",
                untrusted, k -> forbidden == null ? p.howToTrust(k) : "jobs may not opt in here: " + forbidden);
        if (req.dryRun()) {
            report.lines().forEach(log::warn);
            return null;
        }
        return report;
    }
}
