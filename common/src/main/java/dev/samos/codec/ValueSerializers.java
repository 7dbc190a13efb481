package dev.samos.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serializers for the value model that replace Kryo's own where those trust a length prefix from the stream
 * (strings, BigInteger, arrays, collections) or lose information (Kryo canonicalises NaN payloads of floats).
 */
final class ValueSerializers {

    /** Class names are Java binary names, which the class file format caps at 65535 bytes. */
    static final int MAX_CLASS_NAME_CHARS = 65_535;

    private ValueSerializers() {
    }

    // --- strings: a char count, then each UTF-16 char on its own in 1-3 bytes, so lone surrogates survive ---

    static void writeString(Output out, String s) {
        int n = s.length();
        out.writeVarInt(n, true);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x800) {
                out.writeByte(0xC0 | c >> 6);
                out.writeByte(0x80 | c & 0x3F);
            } else {
                out.writeByte(0xE0 | c >> 12);
                out.writeByte(0x80 | c >> 6 & 0x3F);
                out.writeByte(0x80 | c & 0x3F);
            }
        }
    }

    /** Strings up to this many chars skip the staged allocation: well under what an unproven prefix may claim. */
    private static final int SHORT_STRING_CHARS = 4_096;

    static String readString(Input in, int maxChars) {
        int n = BoundedArrays.checkLength(in.readVarInt(true), "string");
        if (n > maxChars) {
            throw new CorruptValueException("stored bytes are corrupted: string of " + n + " chars where at most "
                    + maxChars + " are allowed");
        }
        if (n <= SHORT_STRING_CHARS) {
            // Most strings (names, addresses, keys) are short: allocated at once, as an unproven prefix may be.
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = readChar(in);
            }
            return new String(chars);
        }
        char[] chars = (char[]) BoundedArrays.read(char.class, n, Character.BYTES, (array, from, to) -> {
            char[] a = (char[]) array;
            for (int i = from; i < to; i++) {
                a[i] = readChar(in);
            }
        });
        return new String(chars);
    }

    private static char readChar(Input in) {
        int b = in.readByte();
        if (b >= 0) {
            return (char) b;
        }
        if ((b & 0xE0) == 0xC0) {
            return (char) ((b & 0x1F) << 6 | continuation(in));
        }
        if ((b & 0xF0) == 0xE0) {
            int c = (b & 0x0F) << 12 | continuation(in) << 6;
            return (char) (c | continuation(in));
        }
        throw new CorruptValueException("stored bytes are corrupted: invalid string byte 0x" + Integer.toHexString(b & 0xFF));
    }

    private static int continuation(Input in) {
        int b = in.readByte();
        if ((b & 0xC0) != 0x80) {
            throw new CorruptValueException("stored bytes are corrupted: invalid string continuation byte 0x"
                    + Integer.toHexString(b & 0xFF));
        }
        return b & 0x3F;
    }

    static final class StringSerializer extends Serializer<String> {
        StringSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, String object) {
            writeString(output, object);
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            return readString(input, Integer.MAX_VALUE);
        }
    }

    // --- floating point: raw bits, so a NaN payload reads back as the very same bits ---

    static final class FloatSerializer extends Serializer<Float> {
        FloatSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Float object) {
            output.writeInt(Float.floatToRawIntBits(object));
        }

        @Override
        public Float read(Kryo kryo, Input input, Class<? extends Float> type) {
            return Float.intBitsToFloat(input.readInt());
        }
    }

    static final class DoubleSerializer extends Serializer<Double> {
        DoubleSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Double object) {
            output.writeLong(Double.doubleToRawLongBits(object));
        }

        @Override
        public Double read(Kryo kryo, Input input, Class<? extends Double> type) {
            return Double.longBitsToDouble(input.readLong());
        }
    }

    static final class BigIntegerSerializer extends Serializer<BigInteger> {
        BigIntegerSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, BigInteger object) {
            byte[] bytes = object.toByteArray();
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }

        @Override
        public BigInteger read(Kryo kryo, Input input, Class<? extends BigInteger> type) {
            byte[] bytes = readBytes(input);
            if (bytes.length == 0) {
                throw new CorruptValueException("stored bytes are corrupted: empty BigInteger");
            }
            return new BigInteger(bytes);
        }
    }

    // --- primitive arrays: fixed width, written element by element so the Output streams them out ---

    static byte[] readBytes(Input input) {
        int n = input.readVarInt(true);
        return (byte[]) BoundedArrays.read(byte.class, n, 1,
                (array, from, to) -> input.readBytes((byte[]) array, from, to - from));
    }

    static final class ByteArraySerializer extends Serializer<byte[]> {
        ByteArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, byte[] object) {
            output.writeVarInt(object.length, true);
            output.writeBytes(object);
        }

        @Override
        public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
            return readBytes(input);
        }
    }

    static final class BooleanArraySerializer extends Serializer<boolean[]> {
        BooleanArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, boolean[] object) {
            output.writeVarInt(object.length, true);
            for (boolean b : object) {
                output.writeBoolean(b);
            }
        }

        @Override
        public boolean[] read(Kryo kryo, Input input, Class<? extends boolean[]> type) {
            return (boolean[]) BoundedArrays.read(boolean.class, input.readVarInt(true), 1, (array, from, to) -> {
                boolean[] a = (boolean[]) array;
                for (int i = from; i < to; i++) {
                    int b = input.readByte();
                    if (b != 0 && b != 1) {
                        throw new CorruptValueException("stored bytes are corrupted: boolean byte " + b);
                    }
                    a[i] = b == 1;
                }
            });
        }
    }

    static final class ShortArraySerializer extends Serializer<short[]> {
        ShortArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, short[] object) {
            output.writeVarInt(object.length, true);
            for (short s : object) {
                output.writeShort(s);
            }
        }

        @Override
        public short[] read(Kryo kryo, Input input, Class<? extends short[]> type) {
            return (short[]) BoundedArrays.read(short.class, input.readVarInt(true), Short.BYTES, (array, from, to) -> {
                short[] a = (short[]) array;
                for (int i = from; i < to; i++) {
                    a[i] = input.readShort();
                }
            });
        }
    }

    static final class IntArraySerializer extends Serializer<int[]> {
        IntArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, int[] object) {
            output.writeVarInt(object.length, true);
            for (int v : object) {
                output.writeInt(v);
            }
        }

        @Override
        public int[] read(Kryo kryo, Input input, Class<? extends int[]> type) {
            return (int[]) BoundedArrays.read(int.class, input.readVarInt(true), Integer.BYTES, (array, from, to) -> {
                int[] a = (int[]) array;
                for (int i = from; i < to; i++) {
                    a[i] = input.readInt();
                }
            });
        }
    }

    static final class LongArraySerializer extends Serializer<long[]> {
        LongArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, long[] object) {
            output.writeVarInt(object.length, true);
            for (long v : object) {
                output.writeLong(v);
            }
        }

        @Override
        public long[] read(Kryo kryo, Input input, Class<? extends long[]> type) {
            return (long[]) BoundedArrays.read(long.class, input.readVarInt(true), Long.BYTES, (array, from, to) -> {
                long[] a = (long[]) array;
                for (int i = from; i < to; i++) {
                    a[i] = input.readLong();
                }
            });
        }
    }

    static final class FloatArraySerializer extends Serializer<float[]> {
        FloatArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, float[] object) {
            output.writeVarInt(object.length, true);
            for (float v : object) {
                output.writeInt(Float.floatToRawIntBits(v));
            }
        }

        @Override
        public float[] read(Kryo kryo, Input input, Class<? extends float[]> type) {
            return (float[]) BoundedArrays.read(float.class, input.readVarInt(true), Float.BYTES, (array, from, to) -> {
                float[] a = (float[]) array;
                for (int i = from; i < to; i++) {
                    a[i] = Float.intBitsToFloat(input.readInt());
                }
            });
        }
    }

    static final class DoubleArraySerializer extends Serializer<double[]> {
        DoubleArraySerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, double[] object) {
            output.writeVarInt(object.length, true);
            for (double v : object) {
                output.writeLong(Double.doubleToRawLongBits(v));
            }
        }

        @Override
        public double[] read(Kryo kryo, Input input, Class<? extends double[]> type) {
            return (double[]) BoundedArrays.read(double.class, input.readVarInt(true), Double.BYTES, (array, from, to) -> {
                double[] a = (double[]) array;
                for (int i = from; i < to; i++) {
                    a[i] = Double.longBitsToDouble(input.readLong());
                }
            });
        }
    }

    // --- object arrays and collections ---

    /** Any reference array: Object[], String[], Long[], arrays of records or enums, arrays of arrays. */
    static final class ObjectArraySerializer extends Serializer<Object[]> {
        private final Class<?> componentType;

        ObjectArraySerializer(Class<?> arrayType) {
            super(false, true);
            this.componentType = arrayType.getComponentType();
        }

        @Override
        public void write(Kryo kryo, Output output, Object[] object) {
            output.writeVarInt(object.length, true);
            // A final component type needs no class per element: the reader knows it from the array's own class.
            boolean exact = kryo.isFinal(componentType);
            for (Object element : object) {
                if (exact) {
                    kryo.writeObjectOrNull(output, element, componentType);
                } else {
                    kryo.writeClassAndObject(output, element);
                }
            }
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
            boolean exact = kryo.isFinal(componentType);
            return (Object[]) BoundedArrays.read(componentType, input.readVarInt(true), 8, (array, from, to) -> {
                Object[] a = (Object[]) array;
                for (int i = from; i < to; i++) {
                    Object element = exact ? kryo.readObjectOrNull(input, componentType) : kryo.readClassAndObject(input);
                    if (element != null && !componentType.isInstance(element)) {
                        throw new CorruptValueException("stored bytes are corrupted: a " + element.getClass().getName()
                                + " inside a " + type.getName() + " array");
                    }
                    a[i] = element;
                }
            });
        }
    }

    /** Every List implementation is written here and read back as an ArrayList. */
    static final class ListSerializer extends Serializer<Collection<?>> {
        ListSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<?> object) {
            writeElements(kryo, output, object);
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends Collection<?>> type) {
            int n = BoundedArrays.checkLength(input.readVarInt(true), "list");
            List<Object> list = new ArrayList<>(BoundedArrays.initialCapacity(n));
            for (int i = 0; i < n; i++) {
                list.add(kryo.readClassAndObject(input));
            }
            return list;
        }
    }

    /** Every Set implementation is written here and read back as a LinkedHashSet in the writer's iteration order. */
    static final class SetSerializer extends Serializer<Collection<?>> {
        SetSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<?> object) {
            writeElements(kryo, output, object);
        }

        @Override
        public Set<Object> read(Kryo kryo, Input input, Class<? extends Collection<?>> type) {
            int n = BoundedArrays.checkLength(input.readVarInt(true), "set");
            Set<Object> set = new LinkedHashSet<>(BoundedArrays.initialCapacity(n));
            for (int i = 0; i < n; i++) {
                // A writer never emits equal elements twice; a duplicate means the bytes would silently lose one.
                if (!set.add(kryo.readClassAndObject(input))) {
                    throw new CorruptValueException("stored bytes are corrupted: duplicate element in a set");
                }
            }
            return set;
        }
    }

    /** Every Map implementation is written here and read back as a LinkedHashMap in the writer's iteration order. */
    static final class MapSerializer extends Serializer<Map<?, ?>> {
        MapSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> object) {
            int n = object.size();
            output.writeVarInt(n, true);
            int written = 0;
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
                written++;
            }
            checkCount(n, written, object);
        }

        @Override
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
            int n = BoundedArrays.checkLength(input.readVarInt(true), "map");
            Map<Object, Object> map = new LinkedHashMap<>(BoundedArrays.initialCapacity(n));
            for (int i = 0; i < n; i++) {
                Object key = kryo.readClassAndObject(input);
                Object value = kryo.readClassAndObject(input);
                if (map.containsKey(key)) {
                    throw new CorruptValueException("stored bytes are corrupted: duplicate key in a map");
                }
                map.put(key, value);
            }
            return map;
        }
    }

    private static void writeElements(Kryo kryo, Output output, Collection<?> collection) {
        int n = collection.size();
        output.writeVarInt(n, true);
        int written = 0;
        for (Object element : collection) {
            kryo.writeClassAndObject(output, element);
            written++;
        }
        checkCount(n, written, collection);
    }

    /** A count that disagrees with the elements (a collection modified while written) would make unreadable bytes. */
    private static void checkCount(int declared, int written, Object container) {
        if (declared != written) {
            throw new NotStorableException("a " + container.getClass().getName() + " changed size while being written ("
                    + declared + " declared, " + written + " iterated)");
        }
    }
}
