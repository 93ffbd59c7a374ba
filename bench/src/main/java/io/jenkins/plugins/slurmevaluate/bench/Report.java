package io.jenkins.plugins.slurmevaluate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Writes {@code bench/results/<date>.md}: the summary table, then per benchmark how it was measured and the raw figures. */
final class Report {

    private Report() {}

    /** The summary table alone (also pasted into the README's Performance section). */
    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("| | benchmark | goal | baseline | ours | ratio | met? |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            b.append("| ").append(r.id()).append(" | ").append(cell(r.title())).append(" | ").append(cell(r.goal())).append(" | ")
                    .append(cell(r.baseline())).append(" | ").append(cell(r.ours())).append(" | ").append(cell(r.ratio()))
                    .append(" | ").append(r.met() ? "yes" : "**no**").append(" |\n");
        }
        return b.toString();
    }

    static String markdown(LocalDate date, List<Result> results, String environment, String command, double seconds,
            String chartFile) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks, ").append(date).append("\n\n");
        b.append("Produced by `").append(command).append("` in ").append(String.format("%.0f", seconds / 60)).append(" min. ")
                .append("Every ratio compares against a baseline measured in the same run on the same machine; absolute ")
                .append("times on this shared 2-core machine are noise, ratios are what the goals are about.\n\n");
        b.append(table(results)).append('\n');
        b.append("Environment: ").append(environment).append("\n\n");
        for (Result r : results) {
            b.append("## ").append(r.id()).append(": ").append(r.title()).append("\n\n");
            b.append(r.method()).append("\n\n");
            if (r.id().equals("P4") && chartFile != null) {
                b.append("![P4 log arrival latency](").append(chartFile).append(")\n\n");
            }
            for (String line : r.raw()) {
                b.append("- ").append(line).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
