package dev.samos.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IdentityObjectIntMap;
import com.esotericsoftware.kryo.util.IntMap;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gatekeeper between class names in stored bytes and the JVM. Explicit registrations cover the JDK part of the
 * value model; user records and enums, which cannot be known in advance, are admitted by name, and nothing else is:
 * a name in the stream is checked before its class is ever initialised, so gadget classes never get to run code.
 * Also folds every List, Set and Map implementation onto one canonical registration, which is what lets
 * {@code List.of(..)} or an unmodifiable map be written at all under required registration.
 */
final class ValueClassResolver extends DefaultClassResolver implements NamedValueSerializers.Classes {

    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    /** Most value classes a resolver remembers by name; one resolver serves one thread at a time (pooled Kryo). */
    private static final int MAX_ADMITTED = 4_096;

    private final ClassLoader[] loaders;
    /**
     * Record and enum classes already found by name and judged values: a stream names the class of each record it
     * holds, and loading plus judging it again for each one was most of the cost of reading a list of records.
     */
    private final java.util.Map<String, Class<?>> admitted = new java.util.HashMap<>();
    private boolean sealed;
    private Registration listRegistration;
    private Registration setRegistration;
    private Registration mapRegistration;
    private Registration recordRegistration;
    private Registration enumRegistration;

    ValueClassResolver(ClassLoader[] loaders) {
        this.loaders = loaders.clone();
    }

    /** Ends the set-up phase: from now on unknown classes are judged instead of silently missing. */
    void seal() {
        listRegistration = super.getRegistration(ArrayList.class);
        setRegistration = super.getRegistration(LinkedHashSet.class);
        mapRegistration = super.getRegistration(LinkedHashMap.class);
        recordRegistration = super.getRegistration(dev.samos.value.RecordValue.class);
        enumRegistration = super.getRegistration(dev.samos.value.EnumValue.class);
        sealed = true;
    }

    @Override
    public Registration getRegistration(Class type) {
        Registration registration = super.getRegistration(type);
        if (registration != null || !sealed) {
            return registration;
        }
        Registration canonical = canonicalCollection(type);
        if (canonical != null) {
            classToRegistration.put(type, canonical); // cache: the next List.of(..) needs no instanceof chain
            return canonical;
        }
        if (Enum.class.isAssignableFrom(type) && !type.isEnum() && type.getSuperclass() != null
                && type.getSuperclass().isEnum()) {
            // A constant with a body is an anonymous subclass; it is stored as its declaring enum's constant.
            return getRegistration(type.getSuperclass());
        }
        String refusal = refusal(type);
        if (refusal != null) {
            throw new NotStorableException(refusal);
        }
        if (type.isRecord() || type.isEnum()) {
            // Self-described under one registration each, so a JVM without the class can still read the value.
            Registration named = type.isRecord() ? recordRegistration : enumRegistration;
            classToRegistration.put(type, named);
            return named;
        }
        return register(new Registration(type, serializerFor(type), NAME));
    }

    /**
     * The record or enum class a self-described value names, if this JVM has it; null if not (the value is then
     * read as a RecordValue or EnumValue). A class that exists but is no value type is refused, never instantiated.
     */
    @Override
    public Class<?> valueClass(String className) {
        Class<?> known = admitted.get(className);
        if (known != null) {
            return known; // looked up and checked before: a class's name does not change its answer
        }
        if (isJdk(className)) {
            throw refused(className);
        }
        Class<?> type = null;
        for (ClassLoader loader : loaders) {
            try {
                type = Class.forName(className, false, loader); // false: no static initialiser before the check
                break;
            } catch (ClassNotFoundException | LinkageError e) {
                // the next loader may have it
            }
        }
        if (type != null && refusal(type) != null) {
            throw refused(className);
        }
        if (type != null && admitted.size() < MAX_ADMITTED) {
            admitted.put(className, type);
        }
        return type;
    }

    private Registration canonicalCollection(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return listRegistration;
        }
        if (Set.class.isAssignableFrom(type)) {
            return setRegistration;
        }
        if (Map.class.isAssignableFrom(type)) {
            return mapRegistration;
        }
        return null;
    }

    /** Arrays of values are the only classes still registered by name: records and enums are self-described. */
    private static com.esotericsoftware.kryo.Serializer<?> serializerFor(Class<?> type) {
        return new ValueSerializers.ObjectArraySerializer(type);
    }

    /** Why the class may not be stored or read by name, or null if it may. */
    private String refusal(Class<?> type) {
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            if (component.isPrimitive() ? component == char.class || component == void.class : !isElementType(component)) {
                return notAValue(type);
            }
            return null;
        }
        if (isJdk(type.getName()) || !(type.isRecord() || type.isEnum())) {
            return notAValue(type);
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> declared = component.getType();
                Class<?> canonical = List.class.isAssignableFrom(declared) ? ArrayList.class
                        : Set.class.isAssignableFrom(declared) ? LinkedHashSet.class
                        : Map.class.isAssignableFrom(declared) ? LinkedHashMap.class : null;
                if (canonical != null && !declared.isAssignableFrom(canonical)) {
                    return "record " + type.getName() + " declares component " + component.getName() + " as "
                            + declared.getName() + ", but collections are stored as " + canonical.getSimpleName()
                            + "; declare it as " + (canonical == ArrayList.class ? "List"
                                    : canonical == LinkedHashSet.class ? "Set" : "Map");
                }
            }
        }
        return null;
    }

    private boolean isElementType(Class<?> component) {
        return super.getRegistration(component) != null
                || component == Object.class || component == List.class || component == Set.class
                || component == Map.class || component == Collection.class
                || refusal(component) == null;
    }

    private static String notAValue(Class<?> type) {
        return "class " + type.getName() + " is not a value type: only null, Boolean, Byte, Short, Integer, Long,"
                + " BigInteger, Float, Double, String, byte[], lists, sets, maps, arrays, Optional, records and enums"
                + " (outside the JDK's packages) can be stored";
    }

    static boolean isJdk(String className) {
        for (String prefix : JDK_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    // --- names in the stream ---

    @Override
    protected void writeName(Output output, Class type, Registration registration) {
        // The registration's type, not the object's: an enum constant with a body is named by its enum.
        Class<?> named = registration.getType();
        output.writeByte(NAME + 2);
        if (classToNameId == null) {
            classToNameId = new IdentityObjectIntMap<>();
        }
        int nameId = classToNameId.get(named, -1);
        if (nameId != -1) {
            output.writeVarInt(nameId, true);
            return;
        }
        nameId = nextNameId++;
        classToNameId.put(named, nameId);
        output.writeVarInt(nameId, true);
        ValueSerializers.writeString(output, named.getName());
    }

    @Override
    protected Registration readName(Input input) {
        int nameId = input.readVarInt(true);
        if (nameIdToClass == null) {
            nameIdToClass = new IntMap<>();
        }
        Class type = nameIdToClass.get(nameId);
        if (type == null) {
            type = resolve(ValueSerializers.readString(input, ValueSerializers.MAX_CLASS_NAME_CHARS));
            nameIdToClass.put(nameId, type);
        }
        return getRegistration(type);
    }

    private Class<?> resolve(String className) {
        // JDK classes are never admitted by name, so they are refused without even being loaded.
        if (isJdk(className)) {
            throw refused(className);
        }
        Class<?> type = load(className);
        if (super.getRegistration(type) == null && refusal(type) != null) {
            throw refused(className);
        }
        return type;
    }

    private Class<?> load(String className) {
        Throwable failure = null;
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(className, false, loader); // false: no static initialiser runs before the check
            } catch (ClassNotFoundException | LinkageError e) {
                failure = e;
            }
        }
        throw new CorruptValueException("class " + className + " named in stored bytes is not on the class path"
                + " (or cannot be loaded)", failure);
    }

    private static CorruptValueException refused(String className) {
        return new CorruptValueException("class " + className
                + " named in stored bytes is not a value type; refusing to instantiate");
    }

    /** Kryo clears name ids only when registration is optional; they must not leak from one value into the next. */
    @Override
    public void reset() {
        super.reset();
        if (classToNameId != null) {
            classToNameId.clear(2048);
        }
        if (nameIdToClass != null) {
            nameIdToClass.clear();
        }
        nextNameId = 0;
    }
}
