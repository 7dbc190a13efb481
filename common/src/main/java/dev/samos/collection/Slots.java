package dev.samos.collection;

import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * What a collection keeps in a B-tree slot, in memory and on disk. The storage codec costs about 1–1.5 µs per value
 * (a pooled Kryo session and an LZ4 frame with checksums), several times the B-tree operation itself, so small
 * immutable values skip it: in memory the slot <em>is</em> the value ({@code String}, {@code Integer}, ...; a
 * {@code byte[]} is a private copy), so a get from a cached page decodes nothing, and a put encodes nothing — the
 * page is serialized later, when MVStore commits. Everything else (lists, maps, records, large strings and byte
 * strings, which LZ4 may shrink) is a {@link Coded} slot: the storage codec's bytes, made at put time (a defensive
 * copy of a mutable value) and decoded by every get (a fresh copy for the caller).
 *
 * <p>On disk a slot is a tag byte and a payload. Reading treats the bytes as hostile: every length is checked
 * against the bytes that remain before anything is allocated, an unknown tag is a {@link CorruptValueException}.
 * Whole pages of slots are checksummed by {@link CheckedPages}.
 */
final class Slots {

    /** Longer strings (in chars) and byte strings go through the storage codec, whose LZ4 frame may shrink them. */
    static final int MAX_INLINE_LENGTH = 1024;

    private static final byte FALSE = 0;
    private static final byte TRUE = 1;
    private static final byte BYTE = 2;
    private static final byte SHORT = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte FLOAT = 6;
    private static final byte DOUBLE = 7;
    private static final byte STRING = 8;
    private static final byte BYTES = 9;
    private static final byte BIG_INTEGER = 10;
    private static final byte CODED = 11;

    private Slots() {
    }

    /** A value the storage codec wrote: decoded by each read, so the caller always gets a fresh, mutable copy. */
    record Coded(byte[] bytes) {
    }

    /** A map entry's slot: the key is kept with the value because its canonical bytes cannot be decoded. */
    record Pair(Object key, Object value) {
    }

    /**
     * The slot for {@code value}; never shares anything mutable with the caller.
     *
     * @throws dev.samos.codec.NotStorableException if it is not a value
     */
    static Object of(Object value, StorageCodec codec) {
        return switch (value) {
            case Boolean b -> b;
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case Float f -> f;
            case Double d -> d;
            case BigInteger b -> b;
            case String s when s.length() <= MAX_INLINE_LENGTH -> s;
            case byte[] b when b.length <= MAX_INLINE_LENGTH -> b.clone();
            default -> new Coded(codec.encode(value));
        };
    }

    /** The value in {@code slot}, as {@code get} returns it: mutable values are fresh copies. */
    static Object value(Object slot, StorageCodec codec) {
        return switch (slot) {
            case Coded c -> codec.decode(c.bytes());
            case byte[] b -> b.clone();
            default -> slot;
        };
    }

    /**
     * Heap bytes the slot holds, for MVStore's cache and write-buffer accounting: object headers included and, for
     * strings, two bytes a char (the upper bound), so the configured memory is not exceeded by much.
     */
    static int memory(Object slot) {
        return switch (slot) {
            case String s -> 40 + 2 * s.length();
            case byte[] b -> 16 + b.length;
            case Coded c -> 32 + c.bytes().length;
            case BigInteger b -> 56 + b.bitLength() / 8;
            case Pair p -> 24 + memory(p.key()) + memory(p.value());
            default -> 16;
        };
    }

    static void write(WriteBuffer out, Object slot) {
        switch (slot) {
            case Boolean b -> out.put(b ? TRUE : FALSE);
            case Byte b -> out.put(BYTE).put(b);
            case Short s -> out.put(SHORT).putVarInt(zigZag(s));
            case Integer i -> out.put(INT).putVarInt(zigZag(i));
            case Long l -> out.put(LONG).putVarLong((l << 1) ^ (l >> 63));
            case Float f -> out.put(FLOAT).putInt(Float.floatToRawIntBits(f));
            case Double d -> out.put(DOUBLE).putLong(Double.doubleToRawLongBits(d));
            case String s -> bytes(out.put(STRING), s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> bytes(out.put(BYTES), b);
            case BigInteger b -> bytes(out.put(BIG_INTEGER), b.toByteArray());
            case Coded c -> bytes(out.put(CODED), c.bytes());
            default -> throw new IllegalStateException("not a slot: " + slot.getClass().getName());
        }
    }

    /** @throws CorruptValueException if the bytes are not a slot; never allocates more than remains in {@code in} */
    static Object read(ByteBuffer in) {
        byte tag = take(in, 1).get();
        return switch (tag) {
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case BYTE -> take(in, 1).get();
            case SHORT -> {
                int v = unZigZag(varInt(in));
                if (v != (short) v) {
                    throw new CorruptValueException("corrupt collection page: a short out of range, " + v);
                }
                yield (short) v;
            }
            case INT -> unZigZag(varInt(in));
            case LONG -> {
                long v = varLong(in);
                yield (v >>> 1) ^ -(v & 1);
            }
            case FLOAT -> Float.intBitsToFloat(take(in, 4).getInt());
            case DOUBLE -> Double.longBitsToDouble(take(in, 8).getLong());
            case STRING -> {
                int length = length(in);
                String s;
                if (in.hasArray()) {
                    s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
                    in.position(in.position() + length);
                } else {
                    s = new String(bytes(in, length), StandardCharsets.UTF_8);
                }
                yield s;
            }
            case BYTES -> bytes(in, length(in));
            case BIG_INTEGER -> {
                int length = length(in);
                if (length == 0) {
                    throw new CorruptValueException("corrupt collection page: a big integer without bytes");
                }
                yield new BigInteger(bytes(in, length));
            }
            case CODED -> new Coded(bytes(in, length(in)));
            default -> throw new CorruptValueException("corrupt collection page: unknown slot tag " + (tag & 0xFF));
        };
    }

    private static void bytes(WriteBuffer out, byte[] bytes) {
        out.putVarInt(bytes.length).put(bytes);
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A length prefix, checked against what remains before it is used to allocate. */
    private static int length(ByteBuffer in) {
        int length = varInt(in);
        take(in, length);
        return length;
    }

    /** Checks that {@code n} bytes remain (n ≥ 0), so a corrupt length never over-reads or over-allocates. */
    static ByteBuffer take(ByteBuffer in, int n) {
        if (n < 0 || n > in.remaining()) {
            throw new CorruptValueException("corrupt collection page: " + (n < 0 ? "a negative length " + n
                    : n + " bytes needed, " + in.remaining() + " remain"));
        }
        return in;
    }

    static int varInt(ByteBuffer in) {
        // DataUtils reads at most 5 bytes; only the end of the buffer has to be guarded.
        if (in.remaining() < 5) {
            int result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = take(in, 1).get();
                result |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new CorruptValueException("corrupt collection page: a variable-length int over 5 bytes");
        }
        return DataUtils.readVarInt(in);
    }

    private static long varLong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = take(in, 1).get();
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new CorruptValueException("corrupt collection page: a variable-length long over 10 bytes");
    }

    private static int zigZag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    private static int unZigZag(int v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
