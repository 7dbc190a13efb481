package dev.samos.pool;

import dev.samos.codec.NotStorableException;
import dev.samos.codec.StorageCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parent's end of one child JVM: its pipes and what it has been sent. Used by one thread at a time (the pool
 * hands a child to one chunk at a time).
 */
final class ChildProcess {

    private static final StorageCodec CODEC = new StorageCodec();

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;
    private boolean ready;
    /** Mirrors of the child's caches, half their size: both see the same accesses, so these are always there. */
    private final Map<String, Boolean> bundles = ChildProtocol.lru(ChildProtocol.CHILD_BUNDLES / 2);
    private final Map<Long, Boolean> functions = ChildProtocol.lru(ChildProtocol.CHILD_FUNCTIONS / 2);

    /** The child is gone: its pipe ended or broke. */
    static final class Died extends Exception {
        Died(Throwable cause) {
            super(cause);
        }
    }

    private ChildProcess(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
    }

    static ChildProcess start(List<String> command) throws IOException {
        // stderr is inherited: what the function prints (the child sends System.out there too) reaches the user.
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildProcess(process);
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Runs a chunk: {@code argLists} are the calls' arguments; the results go to {@code results[at..]}.
     *
     * @throws ChunkFunction.Failure a call failed (the results before it are written), or an input is not a value
     * @throws Died                  the child died or its pipe broke; nothing is written
     */
    void call(ShippedFunction fn, List<List<Object>> argLists, Object[] results, int at) throws Died {
        byte[] args = encodeArguments(argLists);
        try {
            if (!ready) {
                if (in.readInt() != ChildProtocol.READY) {
                    throw new IOException("the child did not start the pool protocol");
                }
                in.readLong();
                ready = true;
            }
            if (functions.get(fn.id) == null) {
                String address = fn.bundle.address().toString();
                if (bundles.get(address) == null) {
                    out.writeByte(ChildProtocol.BUNDLE);
                    out.writeUTF(address);
                    ChildProtocol.writeBytes(out, CODEC.encode(fn.bundle.toValue()));
                    bundles.put(address, true);
                }
                out.writeByte(ChildProtocol.DEFINE);
                out.writeLong(fn.id);
                ChildProtocol.writeBytes(out, fn.definition);
                functions.put(fn.id, true);
            }
            out.writeByte(ChildProtocol.CALL);
            out.writeLong(fn.id);
            ChildProtocol.writeBytes(out, args);
            out.flush();
            byte kind = in.readByte();
            switch (kind) {
                case ChildProtocol.RESULTS -> copy(fn.codec.decode(ChildProtocol.readBytes(in)), results, at);
                case ChildProtocol.FAILED -> {
                    int offset = in.readInt();
                    copy(fn.codec.decode(ChildProtocol.readBytes(in)), results, at);
                    Object error = fn.codec.decode(ChildProtocol.readBytes(in));
                    throw new ChunkFunction.Failure(offset, rebuild((Map<?, ?>) error, fn.loader));
                }
                case ChildProtocol.BROKEN -> throw new ChunkFunction.Failure(0,
                        new IllegalStateException("child process " + pid() + " could not run " + fn.description
                                + ": " + in.readUTF()));
                default -> throw new IOException("unknown reply " + kind + " from child process " + pid());
            }
        } catch (EOFException e) {
            throw new Died(e);
        } catch (IOException e) {
            throw new Died(e);
        }
    }

    private static byte[] encodeArguments(List<List<Object>> argLists) {
        try {
            return CODEC.encode(argLists);
        } catch (NotStorableException e) {
            // Name the input that is not a value: only on this failing path is each one encoded alone.
            for (int i = 0; i < argLists.size(); i++) {
                try {
                    CODEC.encode(argLists.get(i));
                } catch (NotStorableException bad) {
                    throw new ChunkFunction.Failure(i, new NotStorableException("an input of a process pool must be"
                            + " a value to reach a child process: " + bad.getMessage(), bad));
                }
            }
            throw new ChunkFunction.Failure(0, e);
        }
    }

    private static void copy(Object decoded, Object[] results, int at) {
        List<?> list = (List<?>) decoded;
        for (int i = 0; i < list.size(); i++) {
            results[at + i] = list.get(i);
        }
    }

    /**
     * The child's exception with its own type when this JVM has its class (Java serialization, restricted to
     * throwables and the JDK types inside them), else a {@link ProcessTaskException} with its name, message and
     * stack trace.
     */
    static Throwable rebuild(Map<?, ?> error, ClassLoader loader) {
        String className = (String) error.get("class");
        String message = (String) error.get("message");
        List<?> frames = (List<?>) error.get("stack");
        StackTraceElement[] stack = new StackTraceElement[frames.size()];
        for (int i = 0; i < stack.length; i++) {
            List<?> frame = (List<?>) frames.get(i);
            stack[i] = new StackTraceElement((String) frame.get(0), (String) frame.get(1), (String) frame.get(2),
                    ((Number) frame.get(3)).intValue());
        }
        if (error.get("java") instanceof byte[] java) {
            try (ObjectInputStream objects = new LoaderObjectInputStream(new ByteArrayInputStream(java), loader)) {
                objects.setObjectInputFilter(ChildProcess::throwablesOnly);
                if (objects.readObject() instanceof Throwable t) {
                    return t;
                }
            } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
                // Fall through to the typed stand-in.
            }
        }
        return new ProcessTaskException(className, message, stack);
    }

    /** The bytes come from our own child, yet only exception-shaped object graphs are read. */
    private static ObjectInputFilter.Status throwablesOnly(ObjectInputFilter.FilterInfo info) {
        Class<?> c = info.serialClass();
        if (c == null) {
            return info.depth() > 64 || info.references() > 100_000 ? ObjectInputFilter.Status.REJECTED
                    : ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || Throwable.class.isAssignableFrom(c) || c == StackTraceElement.class
                || c.getName().startsWith("java.lang.") || c.getName().startsWith("java.util.")) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    /** How the child ended, for errors: waits a moment for its exit code. */
    String describeDeath() {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return "pid " + pid() + ", exit " + code + (code > 128 ? " (killed by signal " + (code - 128) + ")"
                        : "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "pid " + pid() + ", pipe broken while the process still runs";
    }

    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Asks the child to end by closing its stdin; kills it if it has not ended within the grace period. */
    void stop(long graceMillis) {
        try {
            out.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL, then waits until the process is gone (so no child outlives the pool). */
    void kill() {
        process.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // The pipes need no closing: once the process has exited the JDK drains and closes them itself.
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
