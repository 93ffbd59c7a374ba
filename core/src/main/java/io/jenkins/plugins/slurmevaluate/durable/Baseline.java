package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.results.Verdicts;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the request's baseline from its saved text: a JSON summary of an earlier run, or a results.yml. */
final class Baseline {

    private Baseline() {}

    /** The baseline, or null when the request has none. @throws IOException when it holds no usable scores */
    static Invocation read(EvaluationRequest request, EvaluationPorts ports) throws IOException {
        if (request.baselineText() == null) {
            return null;
        }
        String name = Path.of(request.baselinePath() == null ? "baseline.json" : request.baselinePath()).getFileName().toString();
        Path file = ports.scratchDirectory().resolve(name);
        Files.writeString(file, request.baselineText(), StandardCharsets.UTF_8);
        try {
            return Verdicts.readBaseline(file);
        } catch (IOException e) {
            throw new IOException("baseline " + request.baselinePath() + ": " + e.getMessage(), e);
        }
    }
}
