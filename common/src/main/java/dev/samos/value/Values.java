package dev.samos.value;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading the parts of record and enum values, the same way for real Java types and their generic stand-ins. */
public final class Values {

    /**
     * How deep values may nest: 256 levels is far beyond real data and keeps the recursive walks well inside a
     * default 1 MiB thread stack even when interpreted; deeper (or cyclic) structures are rejected with an error
     * naming the path, never a StackOverflowError.
     */
    public static final int MAX_DEPTH = 256;

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    private Values() {
    }

    /** What {@code value} stands for once optionals are looked through: {@code Optional.of(x)} is x, empty is null. */
    public static Object unwrap(Object value) {
        Object v = value;
        while (v instanceof Optional<?> o) {
            v = o.orElse(null);
        }
        return v;
    }

    /** The type name of a record value: the binary class name of a Java record, or {@link RecordValue#type()}. */
    public static String recordType(Object record) {
        return record instanceof RecordValue r ? r.type() : record.getClass().getName();
    }

    /** The components of a record value, by name, in declaration order. */
    public static Map<String, Object> recordFields(Object record) {
        if (record instanceof RecordValue r) {
            return r.fields();
        }
        return SHAPES.get(record.getClass()).read((Record) record);
    }

    /** The type name of an enum value: the enum's binary class name (also for constants with bodies). */
    public static String enumType(Object constant) {
        return constant instanceof EnumValue e ? e.type() : ((Enum<?>) constant).getDeclaringClass().getName();
    }

    public static String enumName(Object constant) {
        return constant instanceof EnumValue e ? e.name() : ((Enum<?>) constant).name();
    }

    /** The simple name of a binary class name: {@code com.example.Outer$Point} gives {@code Point}. */
    public static String simpleName(String typeName) {
        int cut = Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$'));
        return typeName.substring(cut + 1);
    }

    /** Component names and accessors of one record class, looked up once per class. */
    private record RecordShape(String[] names, MethodHandle[] accessors, String problem) {

        static RecordShape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            MethodHandle[] accessors = new MethodHandle[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    names[i] = components[i].getName();
                    var accessor = components[i].getAccessor();
                    accessor.setAccessible(true);
                    accessors[i] = MethodHandles.lookup().unreflect(accessor);
                }
                return new RecordShape(names, accessors, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new RecordShape(names, accessors, "record " + type.getName()
                        + " cannot be read by Samos (" + e.getMessage() + "); open its package to dev.samos");
            }
        }

        Map<String, Object> read(Record record) {
            if (problem != null) {
                throw NotAValueException.here(problem);
            }
            Map<String, Object> fields = new LinkedHashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                try {
                    fields.put(names[i], accessors[i].invoke(record));
                } catch (Throwable e) {
                    throw NotAValueException.here("record " + record.getClass().getName() + " component "
                            + names[i] + " could not be read: " + e);
                }
            }
            return fields;
        }
    }
}
