package dev.samos.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Captures what a pure function prints, per execution, for its execution record. System.out and System.err are
 * replaced once by streams that, while an execution runs on the thread, write into that execution's buffers (a
 * scoped value, so nested calls and virtual threads each get their own) and nowhere else: a function printing
 * without end fills its own record up to {@link #LIMIT} bytes per stream, with a note of what was cut, and never the
 * server's log. Outside executions they print as before.
 */
final class OutputCapture {

    /** Bytes kept per stream and execution; beyond this the record says how much was cut. */
    static final int LIMIT = 1 << 20;

    /** One execution's captured stdout and stderr. */
    static final class Buffers {
        private final Bounded out;
        private final Bounded err;

        private Buffers(int limit) {
            this.out = new Bounded(limit);
            this.err = new Bounded(limit);
        }

        static Buffers create() {
            return new Buffers(LIMIT);
        }

        static Buffers empty() {
            return new Buffers(0);
        }

        String stdout() {
            return out.text();
        }

        String stderr() {
            return err.text();
        }

        private Bounded stream(boolean stdout) {
            return stdout ? out : err;
        }
    }

    /** Keeps the first {@code limit} bytes and counts the rest. */
    private static final class Bounded {
        private final int limit;
        private final ByteArrayOutputStream kept;
        private long cut;

        Bounded(int limit) {
            this.limit = limit;
            this.kept = new ByteArrayOutputStream(Math.min(limit, 256));
        }

        synchronized void write(byte[] b, int off, int len) {
            int room = limit - kept.size();
            if (room > 0) {
                kept.write(b, off, Math.min(room, len));
            }
            cut += Math.max(0, len - Math.max(room, 0));
        }

        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8);
            return cut == 0 ? text : text + "\n[… " + cut + " more bytes cut: output is kept up to " + limit
                    + " bytes per stream]";
        }
    }

    private static final ScopedValue<Buffers> CURRENT = ScopedValue.newInstance();
    private static boolean installed;

    private OutputCapture() {
    }

    static synchronized void install() {
        if (!installed) {
            System.setOut(new PrintStream(new Redirect(System.out, true), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Redirect(System.err, false), true, StandardCharsets.UTF_8));
            installed = true;
        }
    }

    static <T> T capturing(Buffers buffers, Callable<T> work) throws Exception {
        return ScopedValue.where(CURRENT, buffers).call(work::call);
    }

    /** To the execution's buffer while one runs on this thread, else to the original stream. */
    private static final class Redirect extends OutputStream {
        private final PrintStream original;
        private final boolean stdout;

        Redirect(PrintStream original, boolean stdout) {
            this.original = original;
            this.stdout = stdout;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (CURRENT.isBound()) {
                CURRENT.get().stream(stdout).write(b, off, len);
            } else {
                original.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
