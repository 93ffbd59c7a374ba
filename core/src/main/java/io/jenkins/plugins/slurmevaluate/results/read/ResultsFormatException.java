package io.jenkins.plugins.slurmevaluate.results.read;

import java.io.IOException;

/**
 * A results.yml that cannot be read as nemo-evaluator results: not YAML, too large, or a value of the wrong kind at a
 * key the gates need. The message names the file, the line and the key path, e.g.
 * {@code hellaswag.0/artifacts/results.yml:12: results.tasks.hellaswag.metrics.acc_norm.scores.acc_norm.value: expected a number, found the string 'high'}.
 */
public final class ResultsFormatException extends IOException {

    private final String file;
    private final String keyPath;
    private final int line;

    /** @param line 1-based, or 0 when unknown */
    public ResultsFormatException(String file, String keyPath, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + problem);
        this.file = file;
        this.keyPath = keyPath;
        this.line = line;
    }

    ResultsFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.keyPath = "";
        this.line = 0;
    }

    /** The file as named in the message. */
    public String file() {
        return file;
    }

    /** Dotted key path of the offending value ({@code results.tasks.x.metrics.y}); empty for whole-file problems. */
    public String keyPath() {
        return keyPath;
    }

    /** 1-based line of the offending value, or 0 when unknown. */
    public int line() {
        return line;
    }
}
