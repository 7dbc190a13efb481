package dev.samos.pool;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The frames a process pool and its children exchange over the child's stdin and stdout. Every payload is a
 * length-prefixed storage-codec encoding, so only values cross the pipe (plus, for a failure, the exception in
 * Java serialization when it has one: it is the only form that keeps an arbitrary exception's type and fields).
 *
 * <pre>
 * child → parent, once:  READY pid
 * parent → child:        BUNDLE address bytes      a function bundle (once per child while it is cached)
 *                        DEFINE id bytes           how to rebuild a function over a bundle (once per child)
 *                        CALL id bytes             a chunk: a list of argument lists
 * child → parent:        RESULTS bytes             the chunk's results
 *                        FAILED offset bytes bytes the results before the failing call, then the error
 *                        BROKEN text               the function could not be rebuilt or its input read
 * </pre>
 */
final class ChildProtocol {

    static final int READY = 0x53414d50;
    static final byte BUNDLE = 1;
    static final byte DEFINE = 2;
    static final byte CALL = 3;
    static final byte RESULTS = 10;
    static final byte FAILED = 11;
    static final byte BROKEN = 12;

    /** Bundles the child keeps; the parent remembers half as many, so what it thinks is there always is. */
    static final int CHILD_BUNDLES = 64;
    static final int CHILD_FUNCTIONS = 256;

    /** A frame larger than this is a broken stream, not data (values over 1 GiB do not go through a pipe). */
    private static final int MAX_FRAME = 1 << 30;

    private ChildProtocol() {
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("broken frame: length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** An access-ordered map of at most {@code capacity} entries (both sides evict in the same order). */
    static <K, V> java.util.LinkedHashMap<K, V> lru(int capacity) {
        return new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
