package io.jenkins.plugins.slurmevaluate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dotenv file, read the way python-dotenv reads it for the launcher: {@code KEY=value} lines, optional
 * {@code export } prefix, {@code #} comments, {@code '...'} (literal) and {@code "..."} (with \n, \t, \", \\
 * escapes) values that may span lines, and unquoted values cut at {@code " #"}. {@code ${VAR}} expansion is not
 * done. Lines that cannot be read are reported as warnings and skipped, as python-dotenv does.
 */
record EnvFile(Map<String, String> values, List<String> warnings) {

    static EnvFile parse(String text) {
        return new Scanner(text).scan();
    }

    private static final class Scanner {
        private final String s;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private int pos;
        private int line = 1;

        Scanner(String s) {
            this.s = s;
        }

        EnvFile scan() {
            while (true) {
                while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                    advance();
                }
                if (pos >= s.length()) {
                    return new EnvFile(Map.copyOf(values), List.copyOf(warnings));
                }
                int statementLine = line;
                if (s.charAt(pos) == '#') {
                    skipLine();
                    continue;
                }
                if (s.startsWith("export ", pos)) {
                    pos += 7;
                }
                int eq = s.indexOf('=', pos);
                int eol = lineEnd();
                if (eq < 0 || eq > eol) {
                    warnings.add("line " + statementLine + " is not KEY=value; skipped");
                    skipLine();
                    continue;
                }
                String key = s.substring(pos, eq).strip();
                pos = eq + 1;
                while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                    pos++;
                }
                String value = pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"') ? quoted() : unquoted();
                if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                    warnings.add("line " + statementLine + ": '" + key + "' is not a variable name; skipped");
                } else if (value == null) {
                    warnings.add("line " + statementLine + ": the quoted value of " + key + " is not closed; skipped");
                } else {
                    values.put(key, value);
                }
                skipLine();
            }
        }

        private String quoted() {
            char q = s.charAt(pos);
            advance();
            StringBuilder v = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                advance();
                if (ch == '\\' && pos < s.length()) {
                    char next = s.charAt(pos);
                    if (q == '"' && "nt\"\\".indexOf(next) >= 0) {
                        v.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
                        advance();
                        continue;
                    }
                    if (q == '\'' && (next == '\'' || next == '\\')) {
                        v.append(next);
                        advance();
                        continue;
                    }
                }
                if (ch == q) {
                    return v.toString();
                }
                v.append(ch);
            }
            return null;
        }

        private String unquoted() {
            int eol = lineEnd();
            String v = s.substring(pos, eol);
            pos = eol;
            int hash = v.indexOf(" #");
            return (hash >= 0 ? v.substring(0, hash) : v).strip();
        }

        private int lineEnd() {
            int eol = s.indexOf('\n', pos);
            return eol < 0 ? s.length() : eol;
        }

        private void skipLine() {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void advance() {
            if (s.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }
}
