package io.jenkins.plugins.slurmevaluate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few settings of an OpenSSH client config ({@code ~/.ssh/config}) that slurm-evaluate honours for a host:
 * {@code HostName}, {@code Port}, {@code User}, {@code IdentityFile}, {@code UserKnownHostsFile},
 * {@code StrictHostKeyChecking}, read as {@code ssh(1)} reads them: the first value obtained wins (IdentityFile
 * accumulates), {@code Host} patterns with {@code *}, {@code ?} and {@code !}, {@code Include} with globs relative to
 * {@code ~/.ssh}. {@code Match} blocks other than {@code Match all} are skipped. JSch's own parser ignores
 * {@code Include}, which the test bed's alias (and many sites) rely on.
 */
final class SshConfigFile {

    /**
     * What the config says about one host; null or empty where it says nothing.
     *
     * @param unsupported settings that apply but that slurm-evaluate cannot honour ({@code ProxyJump x}), to warn about
     */
    record HostConfig(String hostName, Integer port, String user, List<String> identityFiles, List<String> knownHostsFiles,
            String strictHostKeyChecking, List<String> unsupported) {}

    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final List<String> UNSUPPORTED = List.of("proxyjump", "proxycommand", "hostkeyalias", "certificatefile");

    private final Path file;
    private final Path sshDir;

    /**
     * @param file the config file; a missing one says nothing about any host
     * @param home the user's home, for {@code ~} and relative {@code Include}s
     */
    SshConfigFile(Path file, Path home) {
        this.file = file;
        this.sshDir = home.resolve(".ssh");
    }

    /** @throws IOException when the file exists but cannot be read, or its Includes nest too deep */
    HostConfig lookup(String host) throws IOException {
        Collector c = new Collector();
        if (Files.isRegularFile(file)) {
            read(file, host, true, c, 0);
        }
        return new HostConfig(c.hostName, c.port, c.user, List.copyOf(c.identityFiles), List.copyOf(c.knownHosts),
                c.strict, List.copyOf(c.unsupported));
    }

    private void read(Path path, String host, boolean active, Collector c, int depth) throws IOException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new IOException(path + ": Include nested more than " + MAX_INCLUDE_DEPTH + " levels deep");
        }
        boolean applies = active;
        for (String raw : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            List<String> words = words(raw);
            if (words.isEmpty()) {
                continue;
            }
            String key = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            switch (key) {
                case "host" -> applies = matches(host, args);
                case "match" -> applies = args.size() == 1 && args.get(0).equalsIgnoreCase("all");
                case "include" -> {
                    if (applies) {
                        for (String pattern : args) {
                            for (Path included : expandInclude(pattern)) {
                                read(included, host, true, c, depth + 1);
                            }
                        }
                    }
                }
                default -> {
                    if (applies && !args.isEmpty()) {
                        c.take(key, args);
                    }
                }
            }
        }
    }

    /** A {@code Host} line matches when one of its patterns does and none of its negated ones. */
    static boolean matches(String host, List<String> patterns) {
        boolean any = false;
        for (String p : patterns) {
            if (p.startsWith("!")) {
                if (glob(p.substring(1), host)) {
                    return false;
                }
            } else if (glob(p, host)) {
                any = true;
            }
        }
        return any;
    }

    private static boolean glob(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
        }
        return text.toLowerCase(Locale.ROOT).matches(regex.toString());
    }

    private List<Path> expandInclude(String pattern) throws IOException {
        String p = pattern.startsWith("~/") ? sshDir.getParent().resolve(pattern.substring(2)).toString() : pattern;
        Path path = sshDir.resolve(p); // an absolute p stays as it is
        if (!p.contains("*") && !p.contains("?")) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        Path dir = path.getParent();
        List<Path> found = new ArrayList<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, path.getFileName().toString())) {
                s.forEach(x -> {
                    if (Files.isRegularFile(x)) {
                        found.add(x);
                    }
                });
            }
        }
        found.sort(null); // ssh(1) includes glob matches in lexical order
        return found;
    }

    /** Splits a line into keyword and arguments: {@code Key value}, {@code Key=value}, double quotes, # comments. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        String s = line.strip();
        int eq = s.indexOf('=');
        int space = s.indexOf(' ');
        if (eq > 0 && (space < 0 || eq < space || s.substring(space, eq).isBlank())) {
            s = s.substring(0, eq).strip() + " " + s.substring(eq + 1).strip();
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
                w = w == null ? new StringBuilder() : w;
            } else if (!quoted && ch == '#' && w == null) {
                break;
            } else if (!quoted && Character.isWhitespace(ch)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(ch);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    /** First value wins, as in ssh(1); IdentityFile accumulates. */
    private static final class Collector {
        String hostName;
        Integer port;
        String user;
        String strict;
        final List<String> identityFiles = new ArrayList<>();
        final List<String> knownHosts = new ArrayList<>();
        final List<String> unsupported = new ArrayList<>();
        private final List<String> seen = new ArrayList<>();

        void take(String key, List<String> args) {
            if (key.equals("identityfile")) {
                identityFiles.add(args.get(0));
                return;
            }
            if (seen.contains(key)) {
                return;
            }
            seen.add(key);
            String v = args.get(0);
            switch (key) {
                case "hostname" -> hostName = v;
                case "port" -> port = v.matches("\\d{1,5}") ? Integer.valueOf(v) : null;
                case "user" -> user = v;
                case "userknownhostsfile" -> knownHosts.addAll(args);
                case "stricthostkeychecking" -> strict = v.toLowerCase(Locale.ROOT);
                default -> {
                    if (UNSUPPORTED.contains(key) && !v.equalsIgnoreCase("none")) {
                        unsupported.add(key + " " + String.join(" ", args));
                    }
                }
            }
        }
    }
}
