package dev.samos.portal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Captures what a pure function prints, per execution, for its execution record. System.out and System.err are
 * replaced once by streams that still print as before and, while an execution runs on the thread, also copy into
 * that execution's buffers (a scoped value, so nested calls and virtual threads each get their own).
 */
final class OutputCapture {

    record Buffers(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        static Buffers empty() {
            return new Buffers(new ByteArrayOutputStream(0), new ByteArrayOutputStream(0));
        }
    }

    /** Bytes kept per stream and execution; beyond this the record says the output was cut. */
    static final int LIMIT = 1 << 20;

    private static final ScopedValue<Buffers> CURRENT = ScopedValue.newInstance();
    private static boolean installed;

    private OutputCapture() {
    }

    static synchronized void install() {
        if (!installed) {
            System.setOut(new PrintStream(new Tee(System.out, true), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(System.err, false), true, StandardCharsets.UTF_8));
            installed = true;
        }
    }

    static <T> T capturing(Buffers buffers, Callable<T> work) throws Exception {
        return ScopedValue.where(CURRENT, buffers).call(work::call);
    }

    private static final class Tee extends OutputStream {
        private final PrintStream original;
        private final boolean stdout;

        Tee(PrintStream original, boolean stdout) {
            this.original = original;
            this.stdout = stdout;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            if (CURRENT.isBound()) {
                ByteArrayOutputStream target = stdout ? CURRENT.get().out() : CURRENT.get().err();
                synchronized (target) {
                    int room = LIMIT - target.size();
                    if (room > 0) {
                        target.write(b, off, Math.min(room, len));
                    }
                }
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
