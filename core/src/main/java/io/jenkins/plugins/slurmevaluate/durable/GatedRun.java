package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.run.CollectLimits;
import io.jenkins.plugins.slurmevaluate.run.Collected;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run whose chains all ended, downloaded and gated: the verdict, the final record and a directory with the
 * artifacts, the logs and the gate reports, ready to be published.
 *
 * @param result what the evaluation returns
 * @param record the final record, with the verdict
 * @param directory holds the downloads and the reports
 */
record GatedRun(EvaluationResult result, RunRecord record, Path directory) {

    /**
     * Downloads what the run left, gates it and writes the reports, then logs the gate report and the verdict. A
     * failed download is only a warning: the verdict then says which results are missing.
     *
     * @throws IOException when the run cannot be gated (no scratch directory, no connection, unreadable baseline)
     */
    static GatedRun collectAndGate(EvaluationPorts p, EvaluationRequest request, RunRecord r, LogSink masked)
            throws IOException {
        Path dir = p.scratchDirectory();
        RemoteHost host = p.host(request, r.cluster());
        try {
            Collected c = p.evaluator().collect(r, host, dir, CollectLimits.defaults());
            masked.info("downloaded " + c.files() + " file(s), " + (c.bytes() >> 10) + " KiB of artifacts and logs");
        } catch (IOException e) {
            masked.warn("could not download the artifacts: " + e.getMessage());
        }
        int maskedLogs = MaskedFiles.maskLogs(dir, masked);
        if (maskedLogs > 0) {
            masked.info("masked secrets in " + maskedLogs + " downloaded log file(s)");
        }
        List<Gate> gates = Gates.parse(request.gates());
        Evaluator.Outcome outcome = p.evaluator().verdict(r, dir, gates, Baseline.read(request, p),
                VerdictOptions.defaults());
        Files.writeString(dir.resolve("slurm-evaluate-summary.json"), outcome.report().toJson());
        Files.writeString(dir.resolve("slurm-evaluate-gates.xml"), outcome.report().toJUnitXml());
        Files.writeString(dir.resolve("slurm-evaluate-gates.txt"), outcome.report().toText());
        outcome.report().toText().lines().forEach(masked::info);
        masked.info("verdict: " + outcome.verdict() + " (" + outcome.message() + ")");
        return new GatedRun(EvaluationResult.of(outcome), outcome.record(), dir);
    }
}
