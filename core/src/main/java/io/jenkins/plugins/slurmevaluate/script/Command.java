package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line assembled from words. Values go in through {@link #arg} and {@link #option}, quoted by
 * {@link Shell#quote}; {@link #expansion} takes shell code written by this package (a {@code "$VAR"} or a
 * {@code "$(...)"}), never a value from the config. Rendered one option per line, so goldens read well.
 */
final class Command {

    private final List<List<String>> lines = new ArrayList<>();

    private Command(String program) {
        lines.add(new ArrayList<>(List.of(program)));
    }

    /** @param program shell code such as {@code exec srun}, written by this package */
    static Command of(String program) {
        return new Command(program);
    }

    /** {@code --name=value} on a line of its own, quoted as one word. */
    Command option(String name, String value) {
        return line(Shell.quote(name + "=" + value));
    }

    /** {@code --name} on a line of its own. */
    Command flag(String name) {
        return line(Shell.quote(name));
    }

    /** {@code --name=<code>} on a line of its own, the value being shell code written by this package. */
    Command optionExpansion(String name, String code) {
        return line(Shell.quote(name) + "=" + code);
    }

    /** Starts the line of the command proper (after the options). */
    Command then(String... values) {
        lines.add(new ArrayList<>());
        return arg(values);
    }

    /** Values appended to the current line, each quoted as one word. */
    Command arg(String... values) {
        for (String v : values) {
            last().add(Shell.quote(v));
        }
        return this;
    }

    /** Shell code written by this package, appended to the current line. */
    Command expansion(String code) {
        last().add(code);
        return this;
    }

    /** The command, continued over lines with backslashes, each continuation indented by four more spaces. */
    String render(String indent) {
        StringBuilder out = new StringBuilder(indent);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(" \\\n").append(indent).append("    ");
            }
            out.append(String.join(" ", lines.get(i)));
        }
        return out.toString();
    }

    private Command line(String word) {
        lines.add(new ArrayList<>(List.of(word)));
        return this;
    }

    private List<String> last() {
        return lines.get(lines.size() - 1);
    }
}
