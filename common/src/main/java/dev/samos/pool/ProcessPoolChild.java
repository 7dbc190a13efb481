package dev.samos.pool;

import dev.samos.bundle.BundleClassLoader;
import dev.samos.bundle.FunctionBundle;
import dev.samos.codec.NotStorableException;
import dev.samos.codec.StorageCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a process pool's child JVM: reads frames ({@link ChildProtocol}) from stdin, runs chunks one
 * at a time, answers on stdout. It exits when stdin ends (the pool closed it, or the parent died and the pipe
 * closed) and, as a second guard, when the parent process ends ({@code args[0]} is its pid), so no child is ever
 * left behind.
 */
final class ProcessPoolChild {

    private static final StorageCodec CODEC = new StorageCodec();

    /** One rebuilt function: the object, the interface method it is called through, its codec. */
    private record Callable(Object target, Method method, StorageCodec codec) {
    }

    private final Map<String, ClassLoader> loaders = ChildProtocol.lru(ChildProtocol.CHILD_BUNDLES);
    private final Map<String, FunctionBundle> bundles = ChildProtocol.lru(ChildProtocol.CHILD_BUNDLES);
    private final Map<Long, Object> functions = ChildProtocol.lru(ChildProtocol.CHILD_FUNCTIONS);
    private final DataInputStream in;
    private final DataOutputStream out;

    private ProcessPoolChild(InputStream in, java.io.OutputStream out) {
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            long parent = Long.parseLong(args[0]);
            ProcessHandle.of(parent).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                    () -> Runtime.getRuntime().halt(0));
        }
        // stdout carries the protocol: what the functions print goes to stderr, which the parent shows.
        FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        FileInputStream protocolIn = new FileInputStream(FileDescriptor.in);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        System.setIn(InputStream.nullInputStream());
        new ProcessPoolChild(protocolIn, protocolOut).serve();
        // stdin ended: the pool is done with this child (or the parent is gone).
        Runtime.getRuntime().halt(0);
    }

    private void serve() throws IOException {
        out.writeInt(ChildProtocol.READY);
        out.writeLong(ProcessHandle.current().pid());
        out.flush();
        while (true) {
            byte kind;
            try {
                kind = in.readByte();
            } catch (EOFException e) {
                return;
            }
            switch (kind) {
                case ChildProtocol.BUNDLE -> {
                    String address = in.readUTF();
                    byte[] bytes = ChildProtocol.readBytes(in);
                    bundles.put(address, FunctionBundle.fromValue(CODEC.decode(bytes)));
                }
                case ChildProtocol.DEFINE -> {
                    long id = in.readLong();
                    byte[] bytes = ChildProtocol.readBytes(in);
                    Object function;
                    try {
                        function = define((Map<?, ?>) CODEC.decode(bytes));
                    } catch (Throwable t) {
                        function = t;   // reported at its first call, which the parent is waiting for
                    }
                    functions.put(id, function);
                }
                case ChildProtocol.CALL -> {
                    long id = in.readLong();
                    byte[] bytes = ChildProtocol.readBytes(in);
                    call(functions.get(id), bytes);
                    out.flush();
                }
                default -> throw new IOException("unknown frame " + kind);
            }
        }
    }

    private Callable define(Map<?, ?> definition) throws ReflectiveOperationException {
        ClassLoader loader = loaderFor((String) definition.get("bundle"), (Boolean) definition.get("onClassPath"));
        StorageCodec codec = new StorageCodec(loader);
        Class<?> type = Class.forName((String) definition.get("type"), false, loader);
        Method method = ShippedFunction.samOf(type, ((Number) definition.get("arity")).intValue());
        Class<?> cls = Class.forName((String) definition.get("class"), false, loader);
        Object target = switch ((String) definition.get("form")) {
            case "lambda" -> {
                List<?> captures = (List<?>) codec.decode((byte[]) definition.get("captures"));
                SerializedLambda lambda = new SerializedLambda(cls, (String) definition.get("fi"),
                        (String) definition.get("fiMethod"), (String) definition.get("fiSignature"),
                        ((Number) definition.get("implKind")).intValue(), (String) definition.get("implClass"),
                        (String) definition.get("implMethod"), (String) definition.get("implSignature"),
                        (String) definition.get("instantiated"), captures.toArray());
                // javac writes $deserializeLambda$ into every class with serializable lambdas: it checks the
                // lambda is one of them and rebuilds it through the same bootstrap, captured values included.
                Method deserialize = cls.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                deserialize.setAccessible(true);
                try {
                    yield deserialize.invoke(null, lambda);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException("cannot rebuild the lambda: " + e.getCause(), e.getCause());
                }
            }
            case "value" -> codec.decode((byte[]) definition.get("value"));
            case "new" -> {
                Constructor<?> constructor = cls.getDeclaredConstructor();
                constructor.setAccessible(true);
                yield constructor.newInstance();
            }
            default -> throw new IllegalStateException("unknown form " + definition.get("form"));
        };
        method.setAccessible(true);
        return new Callable(target, method, codec);
    }

    /**
     * The class path's own copy of the code if it is the same bytecode (so its classes are shared with the rest of
     * the class path), else the shipped bundle in a loader of its own.
     */
    private ClassLoader loaderFor(String address, boolean onClassPath) {
        ClassLoader cached = loaders.get(address);
        if (cached != null) {
            return cached;
        }
        FunctionBundle bundle = bundles.get(address);
        if (bundle == null) {
            throw new IllegalStateException("bundle " + address + " was not sent");
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        ClassLoader loader = null;
        if (onClassPath) {
            try {
                Class<?> local = Class.forName(bundle.mainClass(), false, system);
                if (FunctionBundle.of(local).address().toString().equals(address)) {
                    loader = system;
                }
            } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
                // Not here, or not the same: the shipped bytecode is used.
            }
        }
        if (loader == null) {
            loader = new BundleClassLoader(bundle, system);
        }
        loaders.put(address, loader);
        return loader;
    }

    private void call(Object function, byte[] argBytes) throws IOException {
        if (!(function instanceof Callable callable)) {
            out.writeByte(ChildProtocol.BROKEN);
            out.writeUTF(function instanceof Throwable t ? describe(t) : "the function was not sent");
            return;
        }
        List<?> argLists;
        try {
            argLists = (List<?>) callable.codec.decode(argBytes);
        } catch (RuntimeException e) {
            out.writeByte(ChildProtocol.BROKEN);
            out.writeUTF("cannot read the inputs: " + describe(e));
            return;
        }
        List<Object> results = new ArrayList<>(argLists.size());
        for (int i = 0; i < argLists.size(); i++) {
            Object result;
            try {
                result = callable.method.invoke(callable.target, ((List<?>) argLists.get(i)).toArray());
            } catch (InvocationTargetException e) {
                failed(i, results, e.getCause(), callable.codec);
                return;
            } catch (IllegalAccessException | RuntimeException e) {
                failed(i, results, e, callable.codec);
                return;
            }
            results.add(result);
        }
        byte[] encoded;
        try {
            encoded = callable.codec.encode(results);
        } catch (NotStorableException e) {
            for (int i = 0; i < results.size(); i++) {
                try {
                    callable.codec.encode(results.get(i));
                } catch (NotStorableException bad) {
                    failed(i, results.subList(0, i), new NotStorableException("the result of a process pool's"
                            + " function must be a value to leave its child process: " + bad.getMessage()),
                            callable.codec);
                    return;
                }
            }
            failed(0, List.of(), e, callable.codec);
            return;
        }
        out.writeByte(ChildProtocol.RESULTS);
        ChildProtocol.writeBytes(out, encoded);
    }

    private void failed(int offset, List<Object> before, Throwable error, StorageCodec codec) throws IOException {
        byte[] results;
        try {
            results = codec.encode(before);
        } catch (NotStorableException e) {
            results = codec.encode(List.of());
        }
        out.writeByte(ChildProtocol.FAILED);
        out.writeInt(offset);
        ChildProtocol.writeBytes(out, results);
        ChildProtocol.writeBytes(out, CODEC.encode(errorValue(error)));
    }

    private static Map<String, Object> errorValue(Throwable error) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("class", error.getClass().getName());
        value.put("message", error.getMessage());
        List<Object> stack = new ArrayList<>();
        for (StackTraceElement frame : error.getStackTrace()) {
            stack.add(java.util.Arrays.asList(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
                    frame.getLineNumber()));
        }
        value.put("stack", stack);
        value.put("java", javaSerialized(error));
        return value;
    }

    private static byte[] javaSerialized(Throwable error) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(error);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return bytes.toByteArray();
    }

    private static String describe(Throwable t) {
        return t.getCause() != null && t.getCause() != t && t instanceof IllegalStateException
                ? t.getMessage() : t.toString();
    }
}
