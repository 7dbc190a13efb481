package dev.samos.collection;

import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;

/**
 * B-tree values as {@link Slots}: a map's {@link Slots.Pair} of key and value slots, or a list's single slot.
 * MVStore keeps these objects in its page cache, so reading a cached entry decodes nothing. Pages carry a checksum
 * ({@link CheckedPages}).
 */
final class SlotPages extends CheckedPages<Object> {

    static final SlotPages PAIRS = new SlotPages(true);
    static final SlotPages SINGLE = new SlotPages(false);

    private final boolean pairs;

    private SlotPages(boolean pairs) {
        this.pairs = pairs;
    }

    @Override
    public int getMemory(Object slot) {
        return Slots.memory(slot);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    @Override
    void writeOne(WriteBuffer out, Object slot) {
        if (pairs) {
            Slots.Pair pair = (Slots.Pair) slot;
            Slots.write(out, pair.key());
            Slots.write(out, pair.value());
        } else {
            Slots.write(out, slot);
        }
    }

    @Override
    Object readOne(ByteBuffer in) {
        return pairs ? new Slots.Pair(Slots.read(in), Slots.read(in)) : Slots.read(in);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotPages other && other.pairs == pairs;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(pairs);
    }
}
