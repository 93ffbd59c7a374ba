package io.jenkins.plugins.slurmevaluate.script;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file of a task directory, ready for {@code RemoteHost.writeFile(remotePath(), content(), mode())}, which
 * creates it with that mode.
 *
 * @param remotePath absolute, from {@code TaskLayout}
 * @param mode permission bits, such as {@code 0600} for {@code .secrets.env}
 */
public record RenderedFile(String remotePath, byte[] content, int mode) {

    public RenderedFile {
        content = content.clone();
    }

    /** UTF-8 text; refuses text that UTF-8 cannot hold exactly (an unpaired surrogate would silently become '?'). */
    static RenderedFile of(String remotePath, String text, int mode) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return new RenderedFile(remotePath, Arrays.copyOf(bytes.array(), bytes.limit()), mode);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(remotePath + " would hold text that is not valid Unicode (an unpaired"
                    + " surrogate); check the config's strings", e);
        }
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The file's name in the task directory. */
    public String fileName() {
        return remotePath.substring(remotePath.lastIndexOf('/') + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedFile f && remotePath.equals(f.remotePath) && mode == f.mode
                && Arrays.equals(content, f.content);
    }

    @Override
    public int hashCode() {
        return remotePath.hashCode() * 31 + Arrays.hashCode(content);
    }

    /** Names the file, never its content: it may be {@code .secrets.env}. */
    @Override
    public String toString() {
        return remotePath + " (" + content.length + " bytes, mode " + Integer.toOctalString(mode) + ")";
    }
}
