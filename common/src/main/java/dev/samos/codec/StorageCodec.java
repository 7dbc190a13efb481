package dev.samos.codec;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Stores values (see the value model in common/README.md) as bytes, and reads them back. The format is a 5-byte
 * header (magic, format version) followed by one standard LZ4 frame (64 KiB independent blocks, block and
 * content checksums) around a Kryo payload. The bytes are not canonical: hash values elsewhere, never these bytes.
 *
 * <p>Thread-safe; Kryo instances are pooled. Reading treats its input as hostile: only value classes can be named
 * in it, and length prefixes are never trusted for allocation.
 */
public final class StorageCodec {

    private static final byte[] MAGIC = {(byte) 0xC5, 'S', 'A', 'M'};
    /** 2: records and enums self-described (type and component names), readable without their classes. */
    static final byte FORMAT_VERSION = 2;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int BLOCK_BYTES = 64 * 1024;
    /**
     * The frame descriptor (LZ4 magic, flags, block size, descriptor checksum) every value is written with. Reading
     * insists on it byte for byte, because the LZ4 reader would otherwise accept a frame whose flags switch the
     * checksums off, and its one-byte descriptor checksum lets 1 in 256 such flips through.
     */
    static final byte[] FRAME_DESCRIPTOR = frameDescriptor();

    private final Pool<Session> sessions;

    /** Records and enums are loaded with this thread's context class loader, else with the codec's own. */
    public StorageCodec() {
        this(defaultLoaders());
    }

    public StorageCodec(ClassLoader loader) {
        this(new ClassLoader[] {Objects.requireNonNull(loader, "loader")});
    }

    private StorageCodec(ClassLoader[] loaders) {
        this.sessions = new Pool<>(true, false, 4 * Runtime.getRuntime().availableProcessors()) {
            @Override
            protected Session create() {
                return new Session(loaders);
            }
        };
    }

    private static ClassLoader[] defaultLoaders() {
        ClassLoader own = StorageCodec.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context == null || context == own ? new ClassLoader[] {own} : new ClassLoader[] {context, own};
    }

    /**
     * Writes the value to {@code out} as it goes, buffering only a few blocks, and leaves {@code out} open. If this
     * throws, {@code out} may hold a partial encoding, which reading rejects as truncated.
     *
     * @throws NotStorableException if the value (or anything inside it) is not a value
     * @throws UncheckedIOException if {@code out} fails
     */
    public void write(Object value, OutputStream out) {
        Objects.requireNonNull(out, "out");
        Sink sink = new Sink(out);
        Session session = sessions.obtain();
        boolean reusable = false;
        try {
            sink.write(MAGIC);
            sink.write(FORMAT_VERSION);
            try (Lz4FrameWriter frame = new Lz4FrameWriter(sink, FRAME_DESCRIPTOR, BLOCK_BYTES)) {
                session.output.setOutputStream(frame);
                session.kryo.writeClassAndObject(session.output, value);
                session.output.flush();
                frame.finish();
            }
            sink.flush();
            reusable = true;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw writeFailure(value, e);
        } finally {
            session.output.setOutputStream(null);
            if (reusable) {
                sessions.free(session);
            }
        }
    }

    /**
     * Reads one stored value from {@code in}, consuming exactly its bytes, and leaves {@code in} open.
     *
     * @throws CorruptValueException if the bytes are not a valid stored value
     * @throws UncheckedIOException if {@code in} itself fails
     */
    public Object read(InputStream in) {
        Objects.requireNonNull(in, "in");
        Source source = new Source(in);
        Session session = sessions.obtain();
        boolean reusable = false;
        try {
            readHeader(source);
            InputStream frame = new Lz4FrameReader(source, BLOCK_BYTES);
            session.input.setInputStream(frame);
            Object value = session.kryo.readClassAndObject(session.input);
            // Reading on to the end mark is also what verifies the content checksum.
            if (!session.input.end()) {
                throw new CorruptValueException("stored bytes are corrupted: data follows the value inside its frame");
            }
            // The LZ4 reader masks the "uncompressed" bit off the end mark, so that one flip would pass unseen.
            if (source.lastEight >>> 32 != 0) {
                throw new CorruptValueException("stored bytes are corrupted: damaged LZ4 end mark");
            }
            reusable = true;
            return value;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw readFailure(e);
        } finally {
            session.input.setInputStream(null);
            if (reusable) {
                sessions.free(session);
            }
        }
    }

    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(value, bytes);
        return bytes.toByteArray();
    }

    public Object decode(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(Objects.requireNonNull(bytes, "bytes"));
        Object value = read(in);
        if (in.available() > 0) {
            throw new CorruptValueException("stored bytes are corrupted: " + in.available()
                    + " bytes follow the stored value");
        }
        return value;
    }

    private static void readHeader(InputStream in) throws IOException {
        byte[] header = in.readNBytes(MAGIC.length + 1);
        if (header.length < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptValueException("not a Samos stored value: " + (header.length == 0 ? "no bytes"
                    : "wrong magic bytes " + hex(header, Math.min(header.length, MAGIC.length))));
        }
        if (header.length == MAGIC.length) {
            throw new CorruptValueException("stored bytes are truncated: no format version after the magic bytes");
        }
        if (header[MAGIC.length] != FORMAT_VERSION) {
            throw new CorruptValueException("not a Samos stored value of a known format: format version "
                    + (header[MAGIC.length] & 0xFF) + ", this codec reads version " + FORMAT_VERSION);
        }
        byte[] descriptor = in.readNBytes(FRAME_DESCRIPTOR.length);
        if (descriptor.length < FRAME_DESCRIPTOR.length) {
            throw new CorruptValueException("stored bytes are truncated: the LZ4 frame descriptor is incomplete");
        }
        if (!Arrays.equals(descriptor, FRAME_DESCRIPTOR)) {
            throw new CorruptValueException("stored bytes are corrupted: unexpected LZ4 frame descriptor "
                    + hex(descriptor, descriptor.length));
        }
    }

    private static RuntimeException writeFailure(Object value, Throwable e) {
        NotStorableException notStorable = find(e, NotStorableException.class);
        if (notStorable != null) {
            return notStorable;
        }
        SourceOrSinkFailure io = find(e, SourceOrSinkFailure.class);
        if (io != null) {
            return new UncheckedIOException("writing a stored value failed", io.failure());
        }
        if (e instanceof StackOverflowError) {
            return new NotStorableException("value of class " + value.getClass().getName()
                    + " nests too deeply or contains itself", e);
        }
        return new NotStorableException("cannot store value of class "
                + (value == null ? "null" : value.getClass().getName()) + ": " + e.getMessage(), e);
    }

    private static RuntimeException readFailure(Throwable e) {
        CorruptValueException corrupt = find(e, CorruptValueException.class);
        if (corrupt != null) {
            return corrupt;
        }
        SourceOrSinkFailure io = find(e, SourceOrSinkFailure.class);
        if (io != null) {
            return new UncheckedIOException("reading a stored value failed", io.failure());
        }
        if (e instanceof StackOverflowError) {
            return new CorruptValueException("stored bytes are corrupted or hostile: the value nests too deeply", e);
        }
        IOException frameFailure = find(e, IOException.class);
        boolean truncated = find(e, KryoBufferUnderflowException.class) != null
                || frameFailure != null && Lz4FrameReader.PREMATURE_END.equals(frameFailure.getMessage());
        String what = truncated ? "stored bytes are truncated" : "stored bytes are corrupted";
        return new CorruptValueException(what + ": " + e, e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        return s.toString();
    }

    /**
     * The LZ4 frame magic and descriptor: version 1, independent blocks, block and content checksums, no content
     * size, 64 KiB blocks, then the descriptor's checksum (the second byte of the xxHash32 of FLG and BD).
     * {@code StorageCodecFormatTest} checks it against what the library's own writer produces.
     */
    private static byte[] frameDescriptor() {
        byte flg = (byte) (0x40 | 0x20 | 0x10 | 0x04);
        byte bd = 0x40;
        int headerHash = Lz4FrameWriter.XXHASH.hash32().hash(new byte[] {flg, bd}, 0, 2, 0);
        return new byte[] {0x04, 0x22, 0x4D, 0x18, flg, bd, (byte) (headerHash >>> 8)};
    }


    /** Frames a raw Kryo payload exactly as {@link #write} would; lets tests craft hostile payloads. */
    static byte[] frame(byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(MAGIC);
        bytes.write(FORMAT_VERSION);
        try (Lz4FrameWriter frame = new Lz4FrameWriter(bytes, FRAME_DESCRIPTOR, BLOCK_BYTES)) {
            frame.write(payload);
            frame.finish();
        }
        return bytes.toByteArray();
    }

    /** One pooled Kryo with its reusable buffers; an instance that saw an exception is dropped, not pooled. */
    private static final class Session {
        final com.esotericsoftware.kryo.Kryo kryo;
        final Output output = new Output(BUFFER_SIZE); // max = initial size: it flushes, it never grows
        final Input input = new Input(BUFFER_SIZE);

        Session(ClassLoader[] loaders) {
            this.kryo = ValueKryo.create(loaders);
        }
    }

    /** Marks failures of the caller's stream, so they are reported as I/O errors and not as corrupt bytes. */
    private static final class SourceOrSinkFailure extends IOException {
        SourceOrSinkFailure(IOException failure) {
            super(failure);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }

    private static final class Sink extends FilterOutputStream {
        Sink(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new SourceOrSinkFailure(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new SourceOrSinkFailure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new SourceOrSinkFailure(e);
            }
        }

        /** The caller owns `out`: closing the LZ4 frame must not close it. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class Source extends FilterInputStream {
        /** The most recent bytes read, newest in the low byte: at the end of a frame, its end mark and checksum. */
        long lastEight;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    lastEight = lastEight << 8 | b;
                }
                return b;
            } catch (IOException e) {
                throw new SourceOrSinkFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceOrSinkFailure(e);
            }
            for (int i = Math.max(off, off + n - Long.BYTES); i < off + n; i++) {
                lastEight = lastEight << 8 | b[i] & 0xFF;
            }
            return n;
        }

        @Override
        public void close() {
            // The caller owns `in`.
        }
    }
}
