package dev.samos.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.serializers.OptionalSerializers;
import dev.samos.value.EnumValue;
import dev.samos.value.RecordValue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * Builds the Kryo instances the codec pools. Registration ids are part of the stored format: never renumber or reuse
 * one, only append (and bump {@link StorageCodec}'s format version if a change cannot be read by older code).
 */
final class ValueKryo {

    // Kryo's constructor registers int=0, String=1, float=2, boolean=3, byte=4, char=5, short=6, long=7, double=8.
    static final int ID_STRING = 1;
    static final int ID_FLOAT = 2;
    static final int ID_DOUBLE = 8;
    static final int ID_BIG_INTEGER = 10;
    static final int ID_BYTES = 11;
    static final int ID_BOOLEANS = 12;
    static final int ID_SHORTS = 13;
    static final int ID_INTS = 14;
    static final int ID_LONGS = 15;
    static final int ID_FLOATS = 16;
    static final int ID_DOUBLES = 17;
    static final int ID_OBJECTS = 18;
    static final int ID_STRINGS = 19;
    static final int ID_LIST = 20;
    static final int ID_SET = 21;
    static final int ID_MAP = 22;
    static final int ID_OPTIONAL = 23;
    static final int ID_RECORD_VALUE = 24;
    static final int ID_ENUM_VALUE = 25;
    private static final Class<?>[] BOXED_ARRAYS = {
            Boolean[].class, Byte[].class, Short[].class, Integer[].class, Long[].class, Float[].class,
            Double[].class, BigInteger[].class};
    private static final int ID_FIRST_BOXED_ARRAY = 26;

    static {
        // Kryo's sun.misc.Unsafe paths (unsafe field access and buffers) serve serializers the codec does not use
        // (every class is registered with one of its own); off, JDK 25 does not warn at the first value. Read once,
        // when Kryo's Util is first loaded; an explicit -Dkryo.unsafe wins.
        if (System.getProperty("kryo.unsafe") == null) {
            System.setProperty("kryo.unsafe", "false");
        }
    }

    private ValueKryo() {
    }

    static Kryo create(ClassLoader[] loaders) {
        return create(loaders, kryo -> { });
    }

    /** The value model's Kryo with {@code more} registrations (numbered after the value model's) made before it is sealed. */
    static Kryo create(ClassLoader[] loaders, java.util.function.Consumer<Kryo> more) {
        ValueClassResolver resolver = new ValueClassResolver(loaders);
        Kryo kryo = new Kryo(resolver, null); // no reference resolver: values are trees, and back-references are an attack surface
        kryo.setRegistrationRequired(true);
        kryo.setClassLoader(loaders[0]);

        // Kryo registers char by default, but it is not in the value model, and what is registered is writable.
        Registration charRegistration = resolver.getRegistration(char.class);
        resolver.unregister(charRegistration.getId());

        kryo.register(String.class, new ValueSerializers.StringSerializer(), ID_STRING);
        kryo.register(float.class, new ValueSerializers.FloatSerializer(), ID_FLOAT);
        kryo.register(double.class, new ValueSerializers.DoubleSerializer(), ID_DOUBLE);
        kryo.register(BigInteger.class, new ValueSerializers.BigIntegerSerializer(), ID_BIG_INTEGER);
        kryo.register(byte[].class, new ValueSerializers.ByteArraySerializer(), ID_BYTES);
        kryo.register(boolean[].class, new ValueSerializers.BooleanArraySerializer(), ID_BOOLEANS);
        kryo.register(short[].class, new ValueSerializers.ShortArraySerializer(), ID_SHORTS);
        kryo.register(int[].class, new ValueSerializers.IntArraySerializer(), ID_INTS);
        kryo.register(long[].class, new ValueSerializers.LongArraySerializer(), ID_LONGS);
        kryo.register(float[].class, new ValueSerializers.FloatArraySerializer(), ID_FLOATS);
        kryo.register(double[].class, new ValueSerializers.DoubleArraySerializer(), ID_DOUBLES);
        kryo.register(Object[].class, new ValueSerializers.ObjectArraySerializer(Object[].class), ID_OBJECTS);
        kryo.register(String[].class, new ValueSerializers.ObjectArraySerializer(String[].class), ID_STRINGS);
        kryo.register(ArrayList.class, new ValueSerializers.ListSerializer(), ID_LIST);
        kryo.register(LinkedHashSet.class, new ValueSerializers.SetSerializer(), ID_SET);
        kryo.register(LinkedHashMap.class, new ValueSerializers.MapSerializer(), ID_MAP);
        kryo.register(Optional.class, new OptionalSerializers.OptionalSerializer(), ID_OPTIONAL);
        // Every record and enum is written under these two, self-described (see NamedValueSerializers).
        kryo.register(RecordValue.class, new NamedValueSerializers.RecordValues(resolver), ID_RECORD_VALUE);
        kryo.register(EnumValue.class, new NamedValueSerializers.EnumValues(resolver), ID_ENUM_VALUE);
        for (int i = 0; i < BOXED_ARRAYS.length; i++) {
            kryo.register(BOXED_ARRAYS[i], new ValueSerializers.ObjectArraySerializer(BOXED_ARRAYS[i]),
                    ID_FIRST_BOXED_ARRAY + i);
        }
        more.accept(kryo);
        resolver.seal();
        return kryo;
    }
}
