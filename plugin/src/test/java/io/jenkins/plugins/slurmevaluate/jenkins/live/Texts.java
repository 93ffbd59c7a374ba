package io.jenkins.plugins.slurmevaluate.jenkins.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests read from a build log and from HTML pages. */
final class Texts {

    /** The stand-in evaluator's line for each answered sample, prefixed by the plugin with task and source file. */
    private static final Pattern SAMPLE = Pattern.compile("(?m)^\\[(\\S+) client-\\d+\\] sample (\\d+)/(\\d+) answered ");
    /** The plugin's line for each sbatch: task, job id, job name. */
    private static final Pattern SUBMITTED = Pattern.compile("(?m)^\\[slurm-evaluate\\] (\\S+): submitted as job (\\d+) \\(([^)]+)\\)$");

    private Texts() {}

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** Lines that start with {@code prefix} and contain {@code what}. */
    static long countLines(String text, String prefix, String what) {
        return text.lines().filter(l -> l.startsWith(prefix) && l.contains(what)).count();
    }

    /** Each task's sample numbers in the order the log shows them. */
    static Map<String, List<Integer>> samples(String log) {
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        Matcher m = SAMPLE.matcher(log);
        while (m.find()) {
            byTask.computeIfAbsent(m.group(1), t -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
        }
        return byTask;
    }

    /** The Slurm job names of the log's submissions (one per sbatch). */
    static List<String> submittedJobNames(String log) {
        List<String> names = new ArrayList<>();
        Matcher m = SUBMITTED.matcher(log);
        while (m.find()) {
            names.add(m.group(3));
        }
        return names;
    }

    /** 1, 2, ..., n. */
    static List<Integer> upTo(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add(i);
        }
        return l;
    }

    /** The column headings of the first table after {@code heading} in an HTML page. */
    static List<String> tableHeadings(String html, String heading) {
        int at = html.indexOf(heading);
        if (at < 0) {
            return List.of();
        }
        int end = html.indexOf("</thead>", at);
        Matcher m = Pattern.compile("<th>([^<]*)</th>").matcher(html.substring(at, end < 0 ? html.length() : end));
        List<String> headings = new ArrayList<>();
        while (m.find()) {
            headings.add(m.group(1));
        }
        return headings;
    }
}
