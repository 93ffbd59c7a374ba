package io.jenkins.plugins.slurmevaluate.results.read;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads nemo-evaluator's {@code artifacts/results.yml} files from local disk (after the lifecycle downloaded them from
 * the cluster) into the results model.
 *
 * <p>Reading a directory never fails because of one task: a task directory without results.yml, or with a malformed
 * one, becomes a {@link TaskRun#missing missing} task whose problem says why, and every gate on it fails. Only a
 * directory that does not exist or cannot be listed is an exception.
 */
public final class ResultsReader {

    /** Where nemo-evaluator writes its results, relative to a task directory. */
    public static final String RESULTS_FILE = "artifacts/results.yml";

    /** How deep below the root task directories are looked for, e.g. {@code <download>/<invocation>/<task>.<i>}. */
    private static final int MAX_DEPTH = 4;

    /** The launcher names task directories {@code <task name>.<index>}. */
    private static final Pattern TASK_DIR = Pattern.compile(".+\\.\\d+");

    private ResultsReader() {}

    /**
     * Reads one results.yml.
     *
     * @param dir the name of its task directory, used to address its scores ({@code hellaswag.0})
     * @throws ResultsFormatException if the file is not a readable nemo-evaluator results.yml
     * @throws IOException if the file cannot be read
     */
    public static TaskRun readFile(Path resultsYml, String dir) throws IOException {
        return ResultsParser.parse(Files.readAllBytes(resultsYml), resultsYml.toString(), dir);
    }

    /**
     * Reads a task directory's {@value #RESULTS_FILE}. Never throws: a missing, unreadable or malformed file gives a
     * {@link TaskRun#missing missing} task that carries the reason.
     */
    public static TaskRun readTaskDir(Path taskDir, String dir) {
        Path file = taskDir.resolve(RESULTS_FILE);
        if (!Files.isRegularFile(file)) {
            return TaskRun.missing(dir, RESULTS_FILE + " not found in " + taskDir + " (the task did not finish)");
        }
        try {
            return readFile(file, dir);
        } catch (ResultsFormatException e) {
            return TaskRun.missing(dir, "malformed results: " + e.getMessage());
        } catch (IOException e) {
            return TaskRun.missing(dir, "cannot read " + file + ": " + e);
        }
    }

    /**
     * Reads every task directory of an invocation. {@code path} may be:
     * <ul>
     *   <li>a results.yml file: one task, named after its task directory;</li>
     *   <li>a task directory (it has {@code artifacts/}): one task;</li>
     *   <li>an invocation directory, or any tree downloaded from the cluster: every directory up to {@value #MAX_DEPTH}
     *       levels down that has {@code artifacts/}, plus every direct child named {@code <task>.<index>} (so a task
     *       that never started still counts, as missing). Task names are paths relative to {@code path}.</li>
     * </ul>
     * Symbolic links to directories and hidden directories are not followed.
     *
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws IOException if a directory cannot be listed
     */
    public static Invocation readInvocation(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no results here: the path does not exist");
        }
        String source = path.toString();
        if (Files.isRegularFile(path)) {
            Path artifacts = path.toAbsolutePath().getParent();
            Path taskDir = artifacts.getParent() != null && artifacts.getFileName().toString().equals("artifacts")
                    ? artifacts.getParent() : artifacts;
            String dir = taskDir.getFileName() == null ? "results" : taskDir.getFileName().toString();
            TaskRun run;
            try {
                run = readFile(path, dir);
            } catch (ResultsFormatException e) {
                run = TaskRun.missing(dir, "malformed results: " + e.getMessage());
            }
            return Invocation.of(source, List.of(run));
        }
        if (isTaskDir(path)) {
            Path name = path.toAbsolutePath().getFileName();
            return Invocation.of(source, List.of(readTaskDir(path, name == null ? "results" : name.toString())));
        }
        List<Path> taskDirs = new ArrayList<>();
        collect(path, path, 1, taskDirs);
        List<TaskRun> runs = new ArrayList<>();
        taskDirs.sort(Comparator.comparing(p -> relative(path, p), NaturalOrder.INSTANCE));
        for (Path taskDir : taskDirs) {
            runs.add(readTaskDir(taskDir, relative(path, taskDir)));
        }
        return Invocation.of(source, runs);
    }

    private static void collect(Path root, Path dir, int depth, List<Path> taskDirs) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (isTaskDir(child) || (depth == 1 && TASK_DIR.matcher(name).matches())) {
                    taskDirs.add(child);
                } else if (depth < MAX_DEPTH) {
                    collect(root, child, depth + 1, taskDirs);
                }
            }
        }
    }

    private static boolean isTaskDir(Path dir) {
        return Files.isDirectory(dir.resolve("artifacts"), LinkOption.NOFOLLOW_LINKS);
    }

    private static String relative(Path root, Path dir) {
        return root.relativize(dir).toString().replace('\\', '/');
    }
}
