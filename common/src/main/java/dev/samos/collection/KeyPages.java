package dev.samos.collection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.WriteBuffer;

/**
 * Map keys: canonical key bytes, ordered as unsigned bytes — the order MVStore's {@code ByteArrayDataType} gave
 * them, stable in every JVM (no hash codes). Pages carry a checksum ({@link CheckedPages}).
 */
final class KeyPages extends CheckedPages<byte[]> {

    static final KeyPages INSTANCE = new KeyPages();

    private KeyPages() {
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(byte[] key) {
        return 16 + key.length;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }

    @Override
    void writeOne(WriteBuffer out, byte[] key) {
        out.putVarInt(key.length).put(key);
    }

    @Override
    byte[] readOne(ByteBuffer in) {
        int length = Slots.varInt(in);
        Slots.take(in, length);  // before the allocation: a corrupt length must not allocate
        byte[] key = new byte[length];
        in.get(key);
        return key;
    }
}
