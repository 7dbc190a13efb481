package dev.samos.codec;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a standard LZ4 frame (independent blocks, block and content checksums), read back by
 * {@link net.jpountz.lz4.LZ4FrameInputStream}. It exists because {@link net.jpountz.lz4.LZ4FrameOutputStream}
 * allocates a fresh copy of every block it cannot compress, so writing 256 MiB of random doubles would churn
 * 256 MiB of garbage; this writer reuses its two buffers for the life of the frame (growing them only as far as the value needs).
 */
final class Lz4FrameWriter extends OutputStream {

    private static final int INCOMPRESSIBLE = 0x8000_0000;
    /**
     * The pure-Java LZ4 and xxHash without {@code sun.misc.Unsafe}, for the codec's reader and writer alike. Not
     * the JNI ones: they extract a native library into the temp folder at every JVM start, which a JVM killed with
     * {@code kill -9} (a worker JVM past its time limit) leaves there for good; the JNI xxHash also allocated a
     * finalizable native object per frame (JFR: a quarter of encode+decode time for a one-entry map). Not the
     * Unsafe ones: JDK 25 warns at startup about {@code sun.misc.Unsafe}. What it costs: bench/README.md.
     */
    static final LZ4Factory LZ4 = LZ4Factory.safeInstance();
    static final XXHashFactory XXHASH = XXHashFactory.safeInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final XXHash32 BLOCK_HASH = XXHASH.hash32();
    /**
     * Blocks shorter than this are stored as they are. The pure-Java compressor allocates and zeroes a 16 KiB hash
     * table per block, which cost more than the rest of encoding a small value (JFR, first calls: every attempt
     * record), and LZ4 saves little on so few bytes (a successful attempt's record: 234 bytes, 203 compressed).
     */
    static final int SMALLEST_COMPRESSED = 512;

    private final OutputStream out;
    private final int blockSize;
    /** Starts small and grows to the block size: most values are tiny, and zeroing 128 KiB per value was most of
     *  the cost of storing one (measured: 17 of 28 profile samples of putValue in this constructor). */
    private byte[] block = new byte[256];
    private byte[] compressed = new byte[0];
    private final byte[] intBuffer = new byte[4];
    private final StreamingXXHash32 contentHash = XXHASH.newStreamingHash32(0);
    private int position;
    private boolean finished;

    /** @param descriptor the frame's magic and descriptor, whose block size and flags this writer must honour */
    Lz4FrameWriter(OutputStream out, byte[] descriptor, int blockSize) throws IOException {
        this.out = out;
        this.blockSize = blockSize;
        out.write(descriptor);
    }

    @Override
    public void write(int b) throws IOException {
        if (position == block.length) {
            makeRoom();
        }
        block[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (position == block.length) {
                makeRoom();
            }
            int n = Math.min(len, block.length - position);
            System.arraycopy(b, off, block, position, n);
            position += n;
            off += n;
            len -= n;
        }
    }

    /** Grows the block buffer towards the block size, or writes the full block out. */
    private void makeRoom() throws IOException {
        if (block.length < blockSize) {
            block = java.util.Arrays.copyOf(block, Math.min(blockSize, block.length * 4));
        } else {
            writeBlock();
        }
    }

    private void writeBlock() throws IOException {
        if (position == 0) {
            return;
        }
        contentHash.update(block, 0, position);
        int length = position;
        if (position >= SMALLEST_COMPRESSED) {
            if (compressed.length < COMPRESSOR.maxCompressedLength(position)) {
                compressed = new byte[COMPRESSOR.maxCompressedLength(block.length)];
            }
            length = COMPRESSOR.compress(block, 0, position, compressed, 0, compressed.length);
        }
        byte[] data = compressed;
        int header = length;
        if (length >= position) {
            data = block;
            length = position;
            header = position | INCOMPRESSIBLE;
        }
        writeInt(header);
        out.write(data, 0, length);
        writeInt(BLOCK_HASH.hash(data, 0, length, 0));
        position = 0;
    }

    /** Writes the last block, the end mark and the content checksum; leaves the underlying stream open. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        try {
            writeBlock();
            writeInt(0);
            writeInt(contentHash.getValue());
            finished = true;
        } finally {
            contentHash.close();
        }
    }

    /** Releases the (possibly native) hash state when the frame is abandoned half-written. */
    @Override
    public void close() {
        if (!finished) {
            contentHash.close();
        }
    }

    private void writeInt(int value) throws IOException {
        intBuffer[0] = (byte) value;
        intBuffer[1] = (byte) (value >>> 8);
        intBuffer[2] = (byte) (value >>> 16);
        intBuffer[3] = (byte) (value >>> 24);
        out.write(intBuffer);
    }
}
