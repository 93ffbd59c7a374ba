package io.jenkins.plugins.slurmevaluate.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Where a task's auto-export stands (docs/chain-protocol.md, "Auto-export").
 *
 * @param destinations the exporters it runs, in order
 * @param outcome {@link #PENDING} while the chain runs; {@link #QUEUED} once the link that completed the chain
 *     queued the export job; then {@link #SUCCEEDED}, {@link #FAILED} or {@link #SKIPPED}
 * @param jobId the export job's id, once queued; else null
 * @param detail why it failed or was skipped (the chain's stop reason, the export job's exit code), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportStatus(List<String> destinations, String outcome, String jobId, String detail) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String PENDING = "pending";
    public static final String QUEUED = "queued";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public ExportStatus {
        destinations = List.copyOf(destinations == null ? List.of() : destinations);
        Objects.requireNonNull(outcome, "outcome");
    }

    public static ExportStatus pending(List<String> destinations) {
        return new ExportStatus(destinations, PENDING, null, null);
    }

    /** Whether nothing more will happen to it. */
    public boolean isFinal() {
        return outcome.equals(SUCCEEDED) || outcome.equals(FAILED) || outcome.equals(SKIPPED);
    }

    public ExportStatus with(String newOutcome, String newJobId, String newDetail) {
        return new ExportStatus(destinations, newOutcome, newJobId, newDetail);
    }

    /** One line for the log and the CLI: {@code auto-export to mlflow, local: succeeded (job 42)}. */
    public String describe() {
        StringBuilder s = new StringBuilder("auto-export to ").append(String.join(", ", destinations)).append(": ")
                .append(outcome);
        if (jobId != null || detail != null) {
            s.append(" (");
            if (jobId != null) {
                s.append("job ").append(jobId).append(detail != null ? "; " : "");
            }
            s.append(detail != null ? detail : "").append(')');
        }
        return s.toString();
    }
}
