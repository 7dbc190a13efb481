package dev.samos.pool;

import dev.samos.bundle.BundleException;
import dev.samos.bundle.FunctionBundle;
import dev.samos.codec.NotStorableException;
import dev.samos.codec.StorageCodec;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A function made ready for a child JVM, checked before anything is sent. Its code travels as the
 * {@link FunctionBundle} of its class's nest (so a class the child's class path lacks, e.g. compiled from source,
 * runs too); the object itself is rebuilt there in one of three forms:
 *
 * <ul>
 *   <li>{@code lambda}: a serializable lambda or method reference, from its {@link SerializedLambda} (class, method,
 *       captured values) through the {@code $deserializeLambda$} method javac writes for such lambdas;
 *   <li>{@code value}: a record or enum that is a value (its fields are values), encoded as one;
 *   <li>{@code new}: an instance of a class without instance fields, made with its no-argument constructor.
 * </ul>
 *
 * Captured values are encoded with the storage codec; one that is not a value is a {@link NotShippableException}
 * naming it.
 */
final class ShippedFunction {

    private static final AtomicLong IDS = new AtomicLong();
    private static final StorageCodec WRITER = new StorageCodec();

    /** Normalizing a nest is milliseconds of ASM work: once per class, not once per map. */
    private static final ClassValue<Object> BUNDLES = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> host) {
            try {
                return FunctionBundle.of(host);
            } catch (BundleException e) {
                return e;
            }
        }
    };

    private static final ClassValue<StorageCodec> CODECS = new ClassValue<>() {
        @Override
        protected StorageCodec computeValue(Class<?> type) {
            return new StorageCodec(type.getClassLoader());
        }
    };

    final long id = IDS.incrementAndGet();
    final FunctionBundle bundle;
    /** The encoded definition map the child rebuilds the function from. */
    final byte[] definition;
    /** Reads results and exceptions with the function's class loader, so its own record types come back. */
    final StorageCodec codec;
    final ClassLoader loader;
    final String description;
    final int arity;

    private ShippedFunction(FunctionBundle bundle, byte[] definition, Class<?> functionClass, String description,
                            int arity) {
        this.bundle = bundle;
        this.definition = definition;
        this.codec = CODECS.get(functionClass);
        this.loader = functionClass.getClassLoader();
        this.description = description;
        this.arity = arity;
    }

    /**
     * @param function the object to ship
     * @param type     the functional interface it is called through (Function, BiFunction, TriFunction, ...)
     * @param arity    the number of arguments of that interface's method
     */
    static ShippedFunction of(Object function, Class<?> type, int arity) {
        if (function == null) {
            throw new NullPointerException("function");
        }
        Method method = samOf(type, arity);
        Class<?> cls = function.getClass();
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("type", type.getName());
        definition.put("method", method.getName());
        definition.put("arity", arity);
        if (cls.isHidden()) {
            return lambda(function, cls, definition, arity);
        }
        String description = cls.getName();
        if (cls.isRecord() || cls.isEnum() || cls.getSuperclass() != null && cls.getSuperclass().isEnum()) {
            definition.put("form", "value");
            try {
                definition.put("value", WRITER.encode(function));
            } catch (NotStorableException e) {
                throw new NotShippableException("cannot ship " + description + " to a child process: it is not a"
                        + " value (" + e.getMessage() + ")", e);
            }
        } else {
            List<String> fields = new ArrayList<>();
            for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
                Arrays.stream(c.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .forEach(f -> fields.add(f.getName()));
            }
            if (!fields.isEmpty()) {
                throw new NotShippableException("cannot ship " + description + " to a child process: it has instance"
                        + " fields " + fields + " (an inner or anonymous class also holds its enclosing instance);"
                        + " make it a record whose fields are values, or a serializable lambda");
            }
            try {
                cls.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new NotShippableException("cannot ship " + description + " to a child process: it has no"
                        + " constructor without arguments", e);
            }
            definition.put("form", "new");
        }
        definition.put("class", cls.getName());
        return bundled(cls, definition, description, arity);
    }

    private static ShippedFunction lambda(Object function, Class<?> cls, Map<String, Object> definition, int arity) {
        if (!(function instanceof Serializable)) {
            throw new NotShippableException("cannot ship lambda " + cls.getName() + " to a child process: it is not"
                    + " serializable, so Java keeps no record of its code and captures. Give it a serializable type:"
                    + " SerializableFunction / SerializableBiFunction / SerializableTriFunction (dev.samos.pool),"
                    + " or a cast such as (Function<A, R> & Serializable)");
        }
        SerializedLambda lambda;
        try {
            Method writeReplace = cls.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            lambda = (SerializedLambda) writeReplace.invoke(function);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NotShippableException("cannot ship lambda " + cls.getName() + " to a child process: its"
                    + " serialized form is not readable (" + e + ")", e);
        }
        String capturing = lambda.getCapturingClass().replace('/', '.');
        String description = "lambda " + simpleName(capturing) + "." + lambda.getImplMethodName()
                + " (" + lambda.getFunctionalInterfaceClass().replace('/', '.') + ")";
        Class<?> capturingClass;
        try {
            capturingClass = Class.forName(capturing, false, cls.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NotShippableException("cannot ship " + description + ": its class is not found", e);
        }
        List<Object> captures = new ArrayList<>(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            captures.add(lambda.getCapturedArg(i));
        }
        byte[] encoded;
        try {
            encoded = WRITER.encode(captures);
        } catch (NotStorableException e) {
            throw new NotShippableException(unshippableCapture(description, capturingClass, captures), e);
        }
        definition.put("form", "lambda");
        definition.put("class", capturing);
        definition.put("fi", lambda.getFunctionalInterfaceClass());
        definition.put("fiMethod", lambda.getFunctionalInterfaceMethodName());
        definition.put("fiSignature", lambda.getFunctionalInterfaceMethodSignature());
        definition.put("implKind", lambda.getImplMethodKind());
        definition.put("implClass", lambda.getImplClass());
        definition.put("implMethod", lambda.getImplMethodName());
        definition.put("implSignature", lambda.getImplMethodSignature());
        definition.put("instantiated", lambda.getInstantiatedMethodType());
        definition.put("captures", encoded);
        return bundled(capturingClass, definition, description, arity);
    }

    /** Finds which capture is not a value, to name it (index, type, and the usual reason). */
    private static String unshippableCapture(String description, Class<?> capturingClass, List<Object> captures) {
        for (int i = 0; i < captures.size(); i++) {
            Object capture = captures.get(i);
            try {
                WRITER.encode(capture);
            } catch (NotStorableException e) {
                String type = capture == null ? "null" : capture.getClass().getName();
                String hint = capturingClass.isInstance(capture) && i == 0
                        ? " — it is the enclosing instance ('this'): the lambda uses a field or method of it; copy"
                        + " what it needs into a local variable first"
                        : "";
                return "cannot ship " + description + " to a child process: capture " + i + " (a " + type
                        + ") is not a value" + hint + " (" + e.getMessage() + ")";
            }
        }
        return "cannot ship " + description + " to a child process: its captures are not values";
    }

    private static ShippedFunction bundled(Class<?> codeClass, Map<String, Object> definition, String description,
                                           int arity) {
        if (codeClass.getClassLoader() == null) {
            throw new NotShippableException("cannot ship " + description + ": its class is part of the JDK");
        }
        Class<?> host = codeClass.getNestHost();
        Object bundle = BUNDLES.get(host);
        if (bundle instanceof BundleException e) {
            throw new NotShippableException("cannot ship " + description + ": no bytecode to send for "
                    + host.getName() + " (" + e.getMessage() + ")", e);
        }
        FunctionBundle functionBundle = (FunctionBundle) bundle;
        definition.put("bundle", functionBundle.address().toString());
        definition.put("onClassPath", onSystemClassPath(host));
        return new ShippedFunction(functionBundle, WRITER.encode(definition), codeClass, description, arity);
    }

    /** The child has the same class path, so it may use its own copy of the class if the bytecode is the same. */
    private static boolean onSystemClassPath(Class<?> host) {
        try {
            return Class.forName(host.getName(), false, ClassLoader.getSystemClassLoader()) == host;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The single abstract method of {@code type} taking {@code arity} arguments. */
    static Method samOf(Class<?> type, int arity) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not a functional interface");
        }
        Method found = null;
        for (Method m : type.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && m.getParameterCount() == arity) {
                if (found != null && !found.getName().equals(m.getName())) {
                    throw new IllegalArgumentException(type.getName() + " has several abstract methods of "
                            + arity + " arguments");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(type.getName() + " has no abstract method of " + arity + " arguments");
        }
        return found;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return description;
    }
}
