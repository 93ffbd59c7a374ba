package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSH adapter's command lines and file scripts, run here through a local {@code sh -c} / {@code bash -c} exactly
 * as the remote login shell runs them.
 */
class RemoteScriptsTest {

    static final List<String> HOSTILE = List.of("plain", "two words", "it's", "\"double\"", "$HOME", "${PATH}",
            "`id`", "$(id)", "line1\nline2", "tab\there", "", " ", "-n", "--", "*", "?", "~", "~root", "a;b|c&&d>e<f",
            "back\\slash", "\\'", "üñí©ødé 🚀", "!event", "#comment", "%s", "a=b", "{a,b}");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void theCommandLineSentOverSshIsSplitBackIntoTheSameArgv(String shell) throws Exception {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(HOSTILE);
        Result r = run(shell, SshRemoteHost.commandLine(argv), null);
        assertThat(r.exit).as(r.err).isZero();
        List<String> expected = new ArrayList<>(HOSTILE);
        expected.add("");
        assertThat(r.out.split("\0", -1)).containsExactlyElementsOf(expected);
    }

    @Test
    void theWriteScriptCreatesParentsAndAFileWithExactlyTheModeAndContent() throws Exception {
        String path = tmp + "/it's $HOME `x`/new dir/a b\nc;.env";
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.writeFile(path, 0600)), bytes("A='1'\n$B\n"));
        assertThat(r.exit).as(r.err).isZero();
        Path file = Path.of(path);
        assertThat(Files.readString(file)).isEqualTo("A='1'\n$B\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(list(file.getParent())).containsExactly(file);
    }

    @Test
    void theWriteScriptReplacesAnExistingFileWithTheNewContentAndMode() throws Exception {
        Path file = tmp.resolve("run.sub");
        Files.writeString(file, "old content that is longer");
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.writeFile(file.toString(), 0750)), bytes("new"));
        assertThat(r.exit).as(r.err).isZero();
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(mode(file)).isEqualTo("rwxr-x---");
        assertThat(list(tmp)).containsExactly(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void theManyFilesScriptWritesEachFileWithItsContentAndTheMode(String shell) throws Exception {
        List<String> paths = List.of(tmp + "/a/run.sub", tmp + "/it's $HOME `x`/new dir/a b\nc;.env", tmp + "/a/empty", tmp + "/-x");
        List<String> contents = List.of("#!/bin/bash\necho 1\n", "A='1'\n$B\n", "", "\u00fc\u00f1\u00ed \ud83d\ude80");
        List<Integer> sizes = contents.stream().map(c -> bytes(c).length).toList();
        Result r = run(shell, SshRemoteHost.commandLine(RemoteScripts.writeFiles(paths, sizes, 0640)), bytes(String.join("", contents)));
        assertThat(r.exit).as(r.err).isZero();
        for (int i = 0; i < paths.size(); i++) {
            Path file = Path.of(paths.get(i));
            assertThat(Files.readString(file)).isEqualTo(contents.get(i));
            assertThat(mode(file)).isEqualTo("rw-r-----");
        }
        assertThat(list(tmp.resolve("a"))).containsExactlyInAnyOrder(Path.of(paths.get(0)), Path.of(paths.get(2)));
    }

    @Test
    void theManyFilesScriptFailsOnShortInputWithoutRenamingThePartialFileOrLeavingATemporaryOne() throws Exception {
        List<String> paths = List.of(tmp + "/one", tmp + "/two");
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.writeFiles(paths, List.of(3, 10), 0600)), bytes("abcdef"));
        assertThat(r.exit).isEqualTo(5);
        assertThat(r.err).contains("input ended after 3 of 10 bytes of " + tmp + "/two");
        assertThat(Files.readString(tmp.resolve("one"))).isEqualTo("abc");
        assertThat(list(tmp)).containsExactly(tmp.resolve("one"));
    }

    @Test
    void aFailedWriteExitsNonZeroAndLeavesNoTemporaryFile() throws Exception {
        Path notADir = tmp.resolve("plain-file");
        Files.writeString(notADir, "x");
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.writeFile(notADir + "/sub/f", 0600)), bytes("y"));
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("plain-file");
        assertThat(list(tmp)).containsExactly(notADir);
    }

    @Test
    void aRelativePathThatStartsWithADashIsNotReadAsAnOption() throws Exception {
        assertThat(RemoteScripts.safePath("-rf")).isEqualTo("./-rf");
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.writeFile("-rf", 0644)), bytes("x"));
        assertThat(r.exit).as(r.err).isZero();
        assertThat(Files.readString(tmp.resolve("-rf"))).isEqualTo("x");
    }

    @Test
    void theReadScriptReturnsTheSizeAndTheBytesFromAnOffset() throws Exception {
        Path file = tmp.resolve("log with space.txt");
        Files.writeString(file, "hello world\n");
        assertThat(read(file.toString(), 0, 5)).isEqualTo(new Chunk("hello", 12));
        assertThat(read(file.toString(), 6, 100)).isEqualTo(new Chunk("world\n", 12));
        assertThat(read(file.toString(), 12, 100)).isEqualTo(new Chunk("", 12));
        assertThat(read(file.toString(), 500, 100)).isEqualTo(new Chunk("", 12));
        assertThat(read(file.toString(), 3, 0)).isEqualTo(new Chunk("", 12));
    }

    @Test
    void theReadScriptReturnsBinaryBytesUnchanged() throws Exception {
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        Path file = tmp.resolve("bin");
        Files.write(file, content);
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.readFile(file.toString(), 1000, 60_000)), null);
        FileChunk chunk = RemoteScripts.parseRead(r.rawOut);
        assertThat(chunk.size()).isEqualTo(70_000);
        assertThat(chunk.bytes()).hasSize(60_000).startsWith(content[1000], content[1001]);
    }

    @Test
    void theReadScriptExitsWithMissingForAFileThatDoesNotExist() throws Exception {
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.readFile(tmp + "/nope", 0, 10)), null);
        assertThat(r.exit).isEqualTo(RemoteScripts.MISSING);
        assertThat(r.out).isEmpty();
    }

    @Test
    void outputWithoutASizeLineIsAnError() {
        assertThatThrownBy(() -> RemoteScripts.parseRead(bytes("garbage")))
                .isInstanceOf(IOException.class)
                .hasMessage("unexpected output from the file read script: 'garbage'");
        assertThatThrownBy(() -> RemoteScripts.parseRead(bytes("12x\nabc"))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dir/", "a\0b"})
    void whatCannotNameAFileIsRefused(String path) {
        assertThatThrownBy(() -> RemoteScripts.safePath(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modesOutsideThePermissionBitsAreRefused() {
        assertThatThrownBy(() -> RemoteScripts.writeFile("/f", 04755))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file mode must be between 0 and 0777, not 04755");
    }

    @Test
    void theParentOfAPathIsItsDirectory() {
        assertThat(RemoteScripts.parent("/f")).isEqualTo("/");
        assertThat(RemoteScripts.parent("/a/b/f")).isEqualTo("/a/b");
        assertThat(RemoteScripts.parent("./f")).isEqualTo(".");
    }

    @Test
    void messagesShowAScriptByItsNameAndArguments() {
        assertThat(SshRemoteHost.brief(RemoteScripts.readFile("/x/log", 5, 10)))
                .isEqualTo("`slurm-evaluate-read /x/log 5 10`");
        assertThat(SshRemoteHost.brief(List.of("sbatch", "--parsable", "/x/run.sub")))
                .isEqualTo("`sbatch --parsable /x/run.sub`");
        assertThat(SshRemoteHost.brief(List.of("echo", "x".repeat(200)))).hasSize(122).endsWith("...`");
    }

    private Chunk read(String path, long offset, int max) throws Exception {
        Result r = run("sh", SshRemoteHost.commandLine(RemoteScripts.readFile(path, offset, max)), null);
        assertThat(r.exit).as(r.err).isZero();
        FileChunk c = RemoteScripts.parseRead(r.rawOut);
        return new Chunk(new String(c.bytes(), StandardCharsets.UTF_8), c.size());
    }

    record Chunk(String text, long size) {}

    record Result(int exit, String out, byte[] rawOut, String err) {}

    /** Runs {@code shell -c commandLine} in the temporary directory, as sshd runs an exec request. */
    private Result run(String shell, String commandLine, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(shell, "-c", commandLine).directory(tmp.toFile()).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8), out, err);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
