package io.jenkins.plugins.slurmevaluate.slurm;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/** Reads the job id out of {@code sbatch --parsable}. */
final class SbatchParser {

    /** {@code 4}, or {@code 4;cluster} on a multi-cluster or federated setup. */
    private static final Pattern PARSABLE = Pattern.compile("([0-9]+)(;\\S+)?");

    /** What sbatch prints without --parsable, in case a site wrapper drops the option. */
    private static final Pattern HUMAN = Pattern.compile("Submitted batch job ([0-9]+).*");

    private SbatchParser() {}

    /**
     * The job id, from the last line of stdout that is one (sites print banners before it).
     *
     * @throws SubmissionFailedException carrying sbatch's output when it exited non-zero or printed no id
     */
    static String jobId(ExecResult result, String scriptPath) throws SubmissionFailedException {
        if (result.exitCode() == 0) {
            String[] lines = result.stdout().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                Matcher m = PARSABLE.matcher(line);
                if (m.matches() || (m = HUMAN.matcher(line)).matches()) {
                    return m.group(1);
                }
            }
        }
        String why = lines(result.stderr()).isEmpty() ? lines(result.stdout()) : lines(result.stderr());
        boolean ambiguous = result.exitCode() == 0 || result.stderr().contains("timed out");
        String message = result.exitCode() == 0
                ? "sbatch exited 0 but printed no job id for " + scriptPath + " (stdout: '" + result.stdout().strip()
                        + "'); a job may exist: check squeue before submitting again"
                : "sbatch refused " + scriptPath + " (exit " + result.exitCode() + "): " + why
                        + (ambiguous ? "; the controller timed out, so the job may exist anyway: check squeue before "
                                + "submitting again" : "");
        throw new SubmissionFailedException(message, scriptPath, result.exitCode(), result.stdout(), result.stderr(),
                ambiguous);
    }

    /** The non-blank lines joined with " / ", so a two-line Slurm error reads as one sentence. */
    private static String lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" / "));
    }
}
