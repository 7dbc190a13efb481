package dev.samos.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.samos.value.EnumValue;
import dev.samos.value.RecordBinder;
import dev.samos.value.RecordValue;
import dev.samos.value.Values;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records and enums written self-described: a record as its type name and its components by name, an enum constant
 * as its type name and constant name — never as Kryo's positional record form or an ordinal. Why: a JVM that does
 * not have the class (portal-service, which stores every user's values; a gateway) can still read the value, as a
 * {@link RecordValue} or {@link EnumValue} with the same address, and verify it; a JVM that has the class gets an
 * instance of it. A record class renamed or reordered keeps reading its components by name.
 */
final class NamedValueSerializers {

    /** Components per record value at most; more is a damaged or hostile stream. */
    static final int MAX_COMPONENTS = 4_096;

    private NamedValueSerializers() {
    }

    /** The classes a stream names, looked up (and checked to be values) by the resolver. */
    interface Classes {
        /** The record or enum class named {@code name}, or null if this JVM does not have it. */
        Class<?> valueClass(String name);
    }

    static final class RecordValues extends Serializer<Object> {
        private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                return Shape.of(type);
            }
        };

        private final Classes classes;

        RecordValues(Classes classes) {
            this.classes = classes;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object record) {
            Map<String, Object> fields = Values.recordFields(record);
            ValueSerializers.writeString(output, Values.recordType(record));
            output.writeVarInt(fields.size(), true);
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                ValueSerializers.writeString(output, field.getKey());
                kryo.writeClassAndObject(output, field.getValue());
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
            String name = ValueSerializers.readString(input, ValueSerializers.MAX_CLASS_NAME_CHARS);
            int count = input.readVarInt(true);
            if (count < 0 || count > MAX_COMPONENTS) {
                throw new CorruptValueException("record " + name + " claims " + count + " components");
            }
            Map<String, Object> fields = new LinkedHashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                String field = ValueSerializers.readString(input, ValueSerializers.MAX_CLASS_NAME_CHARS);
                if (fields.put(field, kryo.readClassAndObject(input)) != null) {
                    throw new CorruptValueException("record " + name + " names component " + field + " twice");
                }
            }
            Class<?> known = classes.valueClass(name);
            if (known == null || !known.isRecord()) {
                return new RecordValue(name, fields);
            }
            return SHAPES.get(known).construct(fields);
        }
    }

    static final class EnumValues extends Serializer<Object> {
        private final Classes classes;

        EnumValues(Classes classes) {
            this.classes = classes;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object constant) {
            ValueSerializers.writeString(output, Values.enumType(constant));
            ValueSerializers.writeString(output, Values.enumName(constant));
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
            String name = ValueSerializers.readString(input, ValueSerializers.MAX_CLASS_NAME_CHARS);
            String constant = ValueSerializers.readString(input, ValueSerializers.MAX_CLASS_NAME_CHARS);
            Class<?> known = classes.valueClass(name);
            if (known == null || !known.isEnum()) {
                return new EnumValue(name, constant);
            }
            try {
                return Enum.valueOf((Class) known, constant);
            } catch (IllegalArgumentException e) {
                throw new CorruptValueException("enum " + name + " has no constant " + constant);
            }
        }
    }

    /** A record class's components and canonical constructor, looked up once per class. */
    private record Shape(Class<?> type, String[] names, Class<?>[] types, Constructor<?> constructor) {

        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(type, names, types, constructor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Shape(type, names, types, null);
            }
        }

        Object construct(Map<String, Object> fields) {
            RecordBinder.Mismatch mismatch = (field, problem) -> new CorruptValueException("record "
                    + type.getName() + " component " + field + ": " + problem);
            if (constructor == null || fields.size() != names.length) {
                // Not constructible here, or written by another version of the class: bind says what differs.
                @SuppressWarnings("unchecked")
                Class<? extends Record> record = (Class<? extends Record>) type;
                return RecordBinder.bind(fields, record, mismatch);
            }
            Object[] arguments = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                if (!fields.containsKey(names[i])) {
                    throw mismatch.at(names[i], "missing (given: " + fields.keySet() + ")");
                }
                arguments[i] = RecordBinder.convert(names[i], fields.get(names[i]), types[i], mismatch);
            }
            try {
                return constructor.newInstance(arguments);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw mismatch.at(names.length == 0 ? "?" : names[0], "rejected by its constructor: "
                        + e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new CorruptValueException("cannot construct " + type.getName() + ": " + e);
            }
        }
    }
}
