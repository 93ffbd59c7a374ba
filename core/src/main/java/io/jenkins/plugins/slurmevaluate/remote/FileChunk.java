package io.jenkins.plugins.slurmevaluate.remote;

/**
 * A slice of a remote file read from a byte offset.
 *
 * @param bytes the bytes read; empty when the offset is at (or past) the end of the file
 * @param size the size of the whole file when it was read, or -1 when the file does not exist
 */
public record FileChunk(byte[] bytes, long size) {

    public static FileChunk absent() {
        return new FileChunk(new byte[0], -1);
    }

    public boolean missing() {
        return size < 0;
    }
}
