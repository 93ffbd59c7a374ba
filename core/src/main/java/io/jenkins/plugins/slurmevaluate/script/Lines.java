package io.jenkins.plugins.slurmevaluate.script;

/** The text of a script, line by line. */
final class Lines {

    private final StringBuilder text = new StringBuilder();

    Lines add(String line) {
        text.append(line).append('\n');
        return this;
    }

    Lines blank() {
        return add("");
    }

    /** A blank line and a section title: {@code # ---- title}. */
    Lines section(String title) {
        return blank().add("# ---- " + title);
    }

    /** Text that already ends with a newline, or is empty. */
    Lines raw(String block) {
        text.append(block);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
