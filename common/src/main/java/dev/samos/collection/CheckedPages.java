package dev.samos.collection;

import dev.samos.codec.CorruptValueException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * An MVStore data type that writes the keys (or values) of a page as one block: its length, the slots, and a
 * CRC32C of the slots. MVStore checksums chunk headers, not page contents, and the storage codec's own checksum is
 * gone from the small-value fast path; this puts it back for a few bytes a page (and a few nanoseconds an entry),
 * so a damaged file is a {@link CorruptValueException}, never a wrong value. The checksum is verified before
 * anything in the block is decoded.
 */
abstract class CheckedPages<T> extends BasicDataType<T> {

    abstract void writeOne(WriteBuffer out, T item);

    /** Reads one item; {@code in} ends where the checked block ends. */
    abstract T readOne(ByteBuffer in);

    @Override
    public final void write(WriteBuffer out, T item) {
        // MVStore writes pages only through the array form below; a lone item would not carry its checksum.
        throw new UnsupportedOperationException("collection pages are written whole");
    }

    @Override
    public final T read(ByteBuffer in) {
        throw new UnsupportedOperationException("collection pages are read whole");
    }

    @Override
    public final void write(WriteBuffer out, Object storage, int count) {
        T[] items = cast(storage);
        int lengthAt = out.position();
        out.putInt(0);
        for (int i = 0; i < count; i++) {
            writeOne(out, items[i]);
        }
        int end = out.position();
        int length = end - lengthAt - 4;
        out.putInt(lengthAt, length);
        out.putInt(crc(out.getBuffer(), lengthAt + 4, length));
    }

    @Override
    public final void read(ByteBuffer in, Object storage, int count) {
        T[] items = cast(storage);
        int length = Slots.take(in, 4).getInt();
        if (length < 0 || length > in.remaining() - 4) {
            throw new CorruptValueException("corrupt collection page: a block of " + length + " bytes, "
                    + in.remaining() + " remain");
        }
        int start = in.position();
        int stored = in.getInt(start + length);
        int actual = crc(in, start, length);
        if (stored != actual) {
            throw new CorruptValueException("corrupt collection page: checksum " + Integer.toHexString(actual)
                    + " where " + Integer.toHexString(stored) + " was written");
        }
        ByteBuffer block = in.slice(start, length);
        for (int i = 0; i < count; i++) {
            items[i] = readOne(block);
        }
        if (block.hasRemaining()) {
            throw new CorruptValueException("corrupt collection page: " + block.remaining()
                    + " bytes follow its " + count + " items");
        }
        in.position(start + length + 4);
    }

    private static int crc(ByteBuffer buffer, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(from, length));
        return (int) crc.getValue();
    }
}
