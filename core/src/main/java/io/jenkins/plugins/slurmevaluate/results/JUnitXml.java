package io.jenkins.plugins.slurmevaluate.results;

import java.util.List;

/**
 * Writes a {@link GateReport} as JUnit XML for Jenkins' {@code junit} step: one test suite {@code slurm-evaluate}, one
 * test case per gate (class {@code slurm-evaluate.gates}) and per task directory ({@code slurm-evaluate.tasks}).
 *
 * <p>PASS is a passed test with the explanation as its output; FAIL is a {@code <failure>}; INCONCLUSIVE is a
 * {@code <skipped>} whose message starts with {@code INCONCLUSIVE:}. So an inconclusive gate never shows as passed,
 * and it does not count as a test failure either; the build result comes from the overall verdict
 * (INCONCLUSIVE → UNSTABLE), not from these counts.
 *
 * <p>Written by hand rather than with a StAX writer because names come from results files and the JDK writers let
 * characters through that XML 1.0 forbids (control characters, lone surrogates); here those become U+FFFD.
 */
final class JUnitXml {

    static final String SUITE = "slurm-evaluate";

    private JUnitXml() {}

    static String write(GateReport report) {
        int tests = report.results().size();
        String counts = " tests=\"" + tests + "\" failures=\"" + report.count(Verdict.FAIL) + "\" errors=\"0\" skipped=\""
                + report.count(Verdict.INCONCLUSIVE) + "\"";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"").append(SUITE).append('"').append(counts).append(">\n");
        xml.append("  <testsuite name=\"").append(SUITE).append('"').append(counts).append(" time=\"0\">\n");
        xml.append("    <properties>\n");
        property(xml, "verdict", report.verdict().name());
        property(xml, "results", report.candidate().source());
        report.baselineSource().ifPresent(b -> property(xml, "baseline", b));
        property(xml, "confidence", Num.format(report.options().confidence()));
        property(xml, "strict", Boolean.toString(report.options().strict()));
        property(xml, "maxRegression", report.options().maxRegressionText());
        xml.append("    </properties>\n");
        for (GateResult r : report.results()) {
            String classname = SUITE + (r.gate().isPresent() ? ".gates" : ".tasks");
            xml.append("    <testcase name=\"").append(attr(r.name())).append("\" classname=\"").append(classname)
                    .append("\" time=\"0\">\n");
            switch (r.verdict()) {
                case FAIL -> xml.append("      <failure type=\"FAIL\" message=\"").append(attr(r.explanation())).append("\">")
                        .append(text(r.explanation())).append("</failure>\n");
                case INCONCLUSIVE -> xml.append("      <skipped message=\"").append(attr("INCONCLUSIVE: " + r.explanation()))
                        .append("\"/>\n");
                case PASS -> { }
            }
            xml.append("      <system-out>").append(text(r.explanation())).append("</system-out>\n");
            xml.append("    </testcase>\n");
        }
        xml.append("    <system-out>").append(text(report.toText())).append("</system-out>\n");
        xml.append("  </testsuite>\n</testsuites>\n");
        return xml.toString();
    }

    /**
     * A dry run's report: every gate and every planned task as a skipped test, so the build shows what a real run would
     * judge before anything is submitted.
     */
    static String planned(List<String> gates, List<String> tasks) {
        int tests = gates.size() + tasks.size();
        String counts = " tests=\"" + tests + "\" failures=\"0\" errors=\"0\" skipped=\"" + tests + "\"";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"").append(SUITE).append('"').append(counts).append(">\n");
        xml.append("  <testsuite name=\"").append(SUITE).append('"').append(counts).append(" time=\"0\">\n");
        xml.append("    <properties>\n");
        property(xml, "verdict", "DRY_RUN");
        xml.append("    </properties>\n");
        for (String gate : gates) {
            plannedCase(xml, gate, SUITE + ".gates", "DRY_RUN: not judged, nothing was submitted");
        }
        for (String task : tasks) {
            plannedCase(xml, task, SUITE + ".tasks", "DRY_RUN: planned, not submitted");
        }
        xml.append("  </testsuite>\n</testsuites>\n");
        return xml.toString();
    }

    private static void plannedCase(StringBuilder xml, String name, String classname, String message) {
        xml.append("    <testcase name=\"").append(attr(name)).append("\" classname=\"").append(classname)
                .append("\" time=\"0\">\n      <skipped message=\"").append(attr(message)).append("\"/>\n    </testcase>\n");
    }

    private static void property(StringBuilder xml, String name, String value) {
        xml.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    /** Character data: escapes markup, keeps line breaks. */
    static String text(String s) {
        return escape(s, false);
    }

    /** An attribute value in double quotes: also escapes quotes, and line breaks so parsers keep them. */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&apos;" : "'");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> out.appendCodePoint(allowed(c) ? c : 0xFFFD);
            }
        }
        return out.toString();
    }

    /** The XML 1.0 Char production, minus what is handled above. */
    private static boolean allowed(int c) {
        return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
