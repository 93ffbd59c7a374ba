package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Kind;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code .secrets.env}: every {@code lit:} and {@code host:} value of every group, as {@code NAME_<token>_<GROUP>}
 * (reference c.3), and the lines that export a group under its own names again (c.4).
 *
 * <p>Values are single-quoted by {@link Shell#quote}, so sourcing the file gives back every byte sequence exactly.
 * The variables are plain shell variables, not exported: no child of the batch shell (the successor's sbatch, a
 * curl, another group's srun) inherits them. A group's values are exported, under their own names, only in the
 * subshell that starts that group's srun (P-6, P-18).
 *
 * <p>The token is the first 4 hex digits of SHA-256 over the invocation id, the task directory and the group name:
 * the same spec always gives the same file (goldens; a re-rendered {@code run.sub} matches an uploaded
 * {@code .secrets.env}), and the invocation id makes names differ between invocations. Should two groups' names
 * collide anyway, the later group's token is drawn again.
 */
final class SecretsFile {

    private final List<EnvGroup> groups;
    /** Per group, the stored name of each lit/host variable, in order. */
    private final Map<EnvGroup, List<String>> stored = new LinkedHashMap<>();

    SecretsFile(String invocationId, String taskDir, List<EnvGroup> groups) {
        this.groups = List.copyOf(groups);
        Set<String> taken = new HashSet<>();
        for (EnvGroup group : this.groups) {
            stored.put(group, storedNames(invocationId, taskDir, group, taken));
        }
    }

    boolean isEmpty() {
        return stored.values().stream().allMatch(List::isEmpty);
    }

    /** Every stored name, in file order. */
    List<String> storedNames() {
        return stored.values().stream().flatMap(List::stream).toList();
    }

    /** The file as sourced by the job: UTF-8, mode 0600. */
    byte[] content() {
        return render(false).getBytes(StandardCharsets.UTF_8);
    }

    /** The file for dry runs: {@code lit:} values shown, every {@code host:} value as {@code '***'}. */
    String redacted() {
        return render(true);
    }

    /**
     * The assignments that export {@code group} under its own names, for an {@code export} command: a lit/host
     * variable from its stored name, a runtime variable from the job's environment.
     */
    List<String> exports(EnvGroup group) {
        List<String> out = new ArrayList<>();
        List<String> names = stored.get(group);
        int i = 0;
        for (Var v : group.vars()) {
            String source = v.kind() == Kind.RUNTIME ? v.value() : names.get(i++);
            out.add(v.name() + "=\"$" + source + "\"");
        }
        return out;
    }

    /** True when {@link #exports} reads variables that only {@code .secrets.env} assigns. */
    boolean hasStored(EnvGroup group) {
        return !stored.get(group).isEmpty();
    }

    private String render(boolean redact) {
        StringBuilder out = new StringBuilder();
        out.append("# slurm-evaluate: the environment values of one task, sourced by run.sub with xtrace off. Plain\n")
                .append("# shell variables, not exported: run.sub exports a group under its own names only in the\n")
                .append("# subshell that starts that group's srun. Mode 0600; never copy it anywhere else.\n");
        for (EnvGroup group : groups) {
            List<String> names = stored.get(group);
            int i = 0;
            for (Var v : group.vars()) {
                if (v.kind() == Kind.RUNTIME) {
                    continue;
                }
                String value = redact && v.kind() == Kind.HOST ? "'***'" : Shell.quote(v.value());
                out.append(names.get(i++)).append('=').append(value).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> storedNames(String invocationId, String taskDir, EnvGroup group, Set<String> taken) {
        String suffix = group.name().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        for (int salt = 0; ; salt++) {
            String token = token(invocationId + "\n" + taskDir + "\n" + group.name() + "\n" + salt);
            List<String> names = new ArrayList<>();
            for (Var v : group.vars()) {
                if (v.kind() != Kind.RUNTIME) {
                    checkUnicode(group, v);
                    names.add(v.name() + "_" + token + "_" + suffix);
                }
            }
            if (names.stream().noneMatch(taken::contains)) {
                taken.addAll(names);
                return names;
            }
        }
    }

    private static String token(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A value must encode to UTF-8 exactly; an unpaired surrogate would silently become '?'. */
    private static void checkUnicode(EnvGroup group, Var v) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            encoder.encode(CharBuffer.wrap(v.value()));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the value of " + v.name() + " (environment group " + group.name().strip()
                    + ") is not valid Unicode text (it holds an unpaired surrogate), so it cannot be written exactly");
        }
    }
}
