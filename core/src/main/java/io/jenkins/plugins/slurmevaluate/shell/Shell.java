package io.jenkins.plugins.slurmevaluate.shell;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one POSIX shell quoting function of the project. Every value that reaches a shell (a remote command line, a
 * line of {@code run.sub}, a line of {@code .secrets.env}) goes through {@link #quote} or {@link #join}.
 *
 * <p>Single quotes are used because nothing is special inside them in POSIX sh and bash: no {@code $}, backtick,
 * backslash or history expansion. The only byte that cannot appear inside is the single quote itself, which is
 * written as {@code '\''} (close, escaped quote, reopen). NUL cannot be passed through a shell at all and is
 * refused.
 */
public final class Shell {

    /** Tokens made only of these characters are left bare, so generated scripts stay readable. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {}

    /**
     * Quotes one token so that a POSIX shell reads it back as exactly {@code value}.
     *
     * @throws IllegalArgumentException if the value contains a NUL character, which no shell word can hold
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain a NUL character");
        }
        if (!value.isEmpty() && SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes every token and joins them with single spaces: a command line the shell splits back into argv. */
    public static String join(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String token : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(token));
        }
        return line.toString();
    }

    /** Convenience for {@link #join(List)}. */
    public static String join(String... argv) {
        return join(List.of(argv));
    }
}
