package dev.samos.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The form a service's own records take on an internal API (portal-service and its clients): the records and enums
 * reachable from a few root types are registered by number and written by position, with no names, no LZ4 frame and
 * no checksums. Values inside those records travel as their stored bytes ({@code byte[]}), never through this codec.
 *
 * <p>Why not {@link StorageCodec}: that one writes what must stay readable for good, by JVMs that lack the classes,
 * so it names every record type and component in every message, and frames and checksums it; on the index's hot
 * paths (a batch of a hundred tasks claimed or settled) that was most of portal-service's CPU. Here both ends are
 * builds of Samos that share these classes: the header carries a fingerprint of the registered types (names,
 * components, constants, in registration order), so a peer built from other classes is refused with a clear message
 * instead of misreading positions.
 *
 * <p>Reading treats bytes as hostile as the storage codec does: only registered classes and the value model's
 * classes can be named, records are built through their canonical constructors (which check their components),
 * array lengths are never trusted for allocation, and every failure is a {@link CorruptValueException}.
 */
public final class WireCodec {

    private static final byte[] MAGIC = {(byte) 0xC5, 'S', 'W', '1'};
    /** Registration numbers of the wire's own types start here, after the value model's. */
    private static final int FIRST_ID = 100;

    private final List<Class<?>> types;
    private final byte[] fingerprint;
    private final Pool<Session> sessions;

    /**
     * A codec for the records and enums reachable from {@code roots}: a record's components, a sealed interface's
     * permitted classes, an interface's method signatures, the type arguments of generic types.
     */
    public WireCodec(Type... roots) {
        this.types = reachable(roots);
        this.fingerprint = fingerprint(types);
        ClassLoader[] loaders = {WireCodec.class.getClassLoader()};
        this.sessions = new Pool<>(true, false, 4 * Runtime.getRuntime().availableProcessors()) {
            @Override
            protected Session create() {
                return new Session(ValueKryo.create(loaders, kryo -> {
                    for (int i = 0; i < types.size(); i++) {
                        Class<?> type = types.get(i);
                        kryo.register(type, type.isEnum() ? new Constants(type) : new Positional(type),
                                FIRST_ID + i);
                    }
                }));
            }
        };
    }

    /** The record and enum classes this codec writes by number, in registration order. */
    public List<Class<?>> types() {
        return types;
    }

    /**
     * @throws NotStorableException if the object holds something that is neither a registered type nor a value
     */
    public byte[] encode(Object object) {
        Session session = sessions.obtain();
        boolean reusable = false;
        try {
            Output output = session.output;
            output.reset();
            output.writeBytes(MAGIC);
            output.writeBytes(fingerprint);
            session.kryo.writeClassAndObject(output, object);
            byte[] bytes = output.toBytes();
            reusable = true;
            return bytes;
        } catch (NotStorableException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new NotStorableException("cannot encode a " + (object == null ? "null" : object.getClass().getName())
                    + " for the wire: " + e, e);
        } finally {
            if (reusable) {
                if (session.output.getBuffer().length > Session.KEPT_BYTES) {
                    session.output.setBuffer(new byte[Session.FIRST_BYTES], -1); // a large body's buffer is not kept
                }
                sessions.free(session);
            }
        }
    }

    /** @throws CorruptValueException if the bytes are not one object written by a codec of the same types */
    public Object decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        int header = MAGIC.length + fingerprint.length;
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptValueException("not a Samos wire body: " + (bytes.length == 0 ? "no bytes"
                    : "wrong magic bytes"));
        }
        if (bytes.length < header) {
            throw new CorruptValueException("wire body truncated: the header is incomplete");
        }
        if (!Arrays.equals(bytes, MAGIC.length, header, fingerprint, 0, fingerprint.length)) {
            throw new CorruptValueException("the wire body was written by a Samos build with other wire records"
                    + " (fingerprint " + hex(bytes, MAGIC.length, header) + ", this build's is "
                    + hex(fingerprint, 0, fingerprint.length) + "): portal-service and its clients must run the"
                    + " same Samos version");
        }
        Session session = sessions.obtain();
        boolean reusable = false;
        try {
            session.input.setBuffer(bytes, header, bytes.length - header);
            Object object = session.kryo.readClassAndObject(session.input);
            if (session.input.position() != bytes.length) {
                throw new CorruptValueException("wire body corrupted: " + (bytes.length - session.input.position())
                        + " bytes follow the object");
            }
            reusable = true;
            return object;
        } catch (CorruptValueException e) {
            throw e;
        } catch (KryoBufferUnderflowException e) {
            throw new CorruptValueException("wire body truncated: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new CorruptValueException("wire body corrupted or hostile: it nests too deeply", e);
        } catch (RuntimeException e) {
            CorruptValueException inner = find(e);
            throw inner != null ? inner : new CorruptValueException("wire body corrupted: " + e, e);
        } finally {
            session.input.setBuffer(Session.EMPTY);
            if (reusable) {
                sessions.free(session);
            }
        }
    }

    private static CorruptValueException find(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CorruptValueException corrupt) {
                return corrupt;
            }
        }
        return null;
    }

    // ---- the types, found from the roots ------------------------------------------------------------------------

    private static List<Class<?>> reachable(Type[] roots) {
        Set<Class<?>> found = new LinkedHashSet<>();
        Set<Type> seen = new HashSet<>();
        List<Type> pending = new ArrayList<>(Arrays.asList(roots));
        while (!pending.isEmpty()) {
            Type type = pending.removeLast();
            if (!seen.add(type)) {
                continue;
            }
            switch (type) {
                case ParameterizedType generic -> {
                    pending.add(generic.getRawType());
                    pending.addAll(Arrays.asList(generic.getActualTypeArguments()));
                }
                case WildcardType wildcard -> {
                    pending.addAll(Arrays.asList(wildcard.getUpperBounds()));
                    pending.addAll(Arrays.asList(wildcard.getLowerBounds()));
                }
                case GenericArrayType array -> pending.add(array.getGenericComponentType());
                case Class<?> c when c.isArray() -> pending.add(c.getComponentType());
                case Class<?> c when c.isRecord() -> {
                    found.add(c);
                    for (RecordComponent component : c.getRecordComponents()) {
                        pending.add(component.getGenericType());
                    }
                }
                case Class<?> c when c.isEnum() -> found.add(c);
                case Class<?> c when c.isSealed() -> pending.addAll(Arrays.asList(c.getPermittedSubclasses()));
                case Class<?> c when c.isInterface() && !ValueClassResolver.isJdk(c.getName()) -> {
                    for (Method method : c.getMethods()) {
                        if (!method.isDefault() && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                            pending.add(method.getGenericReturnType());
                            pending.addAll(Arrays.asList(method.getGenericParameterTypes()));
                        }
                    }
                }
                default -> { } // primitives, the JDK's types (the value model's registrations cover those used)
            }
        }
        List<Class<?>> sorted = new ArrayList<>(found);
        sorted.removeIf(c -> ValueClassResolver.isJdk(c.getName()));
        sorted.sort(Comparator.comparing(Class::getName));
        return List.copyOf(sorted);
    }

    private static byte[] fingerprint(List<Class<?>> types) {
        StringBuilder shape = new StringBuilder();
        for (Class<?> type : types) {
            shape.append(type.getName()).append('(');
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    shape.append(((Enum<?>) constant).name()).append(',');
                }
            } else {
                for (RecordComponent component : type.getRecordComponents()) {
                    shape.append(component.getGenericType().getTypeName()).append(' ').append(component.getName())
                            .append(',');
                }
            }
            shape.append(')');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(hash, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hex(byte[] bytes, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        return s.toString();
    }

    // ---- serializers --------------------------------------------------------------------------------------------

    /** A record as its components in declaration order; each primitive as itself, anything else with its class. */
    private static final class Positional extends Serializer<Object> {
        private static final Set<Class<?>> CARRIED_PRIMITIVES = Set.of(long.class, int.class, boolean.class,
                double.class);

        private final Class<?> type;
        private final Class<?>[] componentTypes;
        private final String[] names;
        private final MethodHandle[] accessors;
        private final MethodHandle constructor;

        Positional(Class<?> type) {
            super(false, true);
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            this.componentTypes = new Class<?>[components.length];
            this.names = new String[components.length];
            this.accessors = new MethodHandle[components.length];
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                for (int i = 0; i < components.length; i++) {
                    componentTypes[i] = components[i].getType();
                    if (componentTypes[i].isPrimitive() && !CARRIED_PRIMITIVES.contains(componentTypes[i])) {
                        throw new IllegalStateException("record " + type.getName() + " cannot travel on the wire:"
                                + " its component " + components[i].getName() + " is a " + componentTypes[i]);
                    }
                    names[i] = components[i].getName();
                    accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
                this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, componentTypes))
                        .asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("record " + type.getName() + " cannot travel on the wire: " + e, e);
            }
        }

        @Override
        public void write(Kryo kryo, Output output, Object record) {
            for (int i = 0; i < accessors.length; i++) {
                Object component;
                try {
                    component = accessors[i].invokeExact(record);
                } catch (Throwable e) {
                    throw new NotStorableException("cannot read " + type.getName() + "." + names[i] + ": " + e, e);
                }
                Class<?> declared = componentTypes[i];
                if (declared == long.class) {
                    output.writeVarLong((Long) component, false);
                } else if (declared == int.class) {
                    output.writeVarInt((Integer) component, false);
                } else if (declared == boolean.class) {
                    output.writeBoolean((Boolean) component);
                } else if (declared == double.class) {
                    output.writeDouble((Double) component);
                } else {
                    kryo.writeClassAndObject(output, component);
                }
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> ignored) {
            Object[] components = new Object[accessors.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> declared = componentTypes[i];
                Object component;
                if (declared == long.class) {
                    component = input.readVarLong(false);
                } else if (declared == int.class) {
                    component = input.readVarInt(false);
                } else if (declared == boolean.class) {
                    component = input.readBoolean();
                } else if (declared == double.class) {
                    component = input.readDouble();
                } else {
                    component = kryo.readClassAndObject(input);
                    if (component != null && !declared.isInstance(component)) {
                        throw new CorruptValueException("wire body corrupted: " + type.getName() + "." + names[i]
                                + " is a " + declared.getName() + ", the body holds a " + component.getClass().getName());
                    }
                }
                components[i] = component;
            }
            try {
                return constructor.invokeExact(components);
            } catch (RuntimeException e) {
                throw new CorruptValueException("wire body refused: " + type.getName() + " rejects its components: "
                        + e, e);
            } catch (Throwable e) {
                throw new CorruptValueException("cannot build " + type.getName() + ": " + e, e);
            }
        }
    }

    /** An enum constant as its ordinal (the fingerprint covers the constants' names and order). */
    private static final class Constants extends Serializer<Enum<?>> {
        private final Class<?> type;
        private final Object[] constants;

        Constants(Class<?> type) {
            super(false, true);
            this.type = type;
            this.constants = type.getEnumConstants();
        }

        @Override
        public void write(Kryo kryo, Output output, Enum<?> constant) {
            output.writeVarInt(constant.ordinal(), true);
        }

        @Override
        public Enum<?> read(Kryo kryo, Input input, Class<? extends Enum<?>> ignored) {
            int ordinal = input.readVarInt(true);
            if (ordinal < 0 || ordinal >= constants.length) {
                throw new CorruptValueException("wire body corrupted: " + type.getName() + " has no constant number "
                        + ordinal);
            }
            return (Enum<?>) constants[ordinal];
        }
    }

    /** One pooled Kryo with its buffers; an instance that saw an exception is dropped, not pooled. */
    private static final class Session {
        static final int FIRST_BYTES = 4 * 1024;
        static final int KEPT_BYTES = 1024 * 1024;
        static final byte[] EMPTY = new byte[0];

        final Kryo kryo;
        final Output output = new Output(FIRST_BYTES, -1);
        final Input input = new Input();

        Session(Kryo kryo) {
            this.kryo = kryo;
        }
    }
}
