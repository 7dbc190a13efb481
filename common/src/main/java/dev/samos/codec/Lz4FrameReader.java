package dev.samos.codec;

import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;

/**
 * Reads the blocks of one LZ4 frame as {@link Lz4FrameWriter} writes them (its descriptor already read and checked
 * by the caller): independent blocks of at most the block size, each with its checksum, then the end mark and the
 * content checksum, after which it reads nothing more. It exists because the library's
 * {@link net.jpountz.lz4.LZ4FrameInputStream} takes its content hash from {@code XXHashFactory.fastestInstance()},
 * which loads the JNI library (extracted into the temp folder, left there by a killed JVM) or uses
 * {@code sun.misc.Unsafe}; this reader uses only the pure-Java instances of {@link Lz4FrameWriter#LZ4}.
 *
 * <p>Every length is checked against the block size before anything is allocated, and buffers grow with what the
 * frame holds, so a tiny value costs a tiny buffer. Truncation is reported as {@link #PREMATURE_END}, the library
 * reader's message, which the codec tells apart from corruption.
 */
final class Lz4FrameReader extends InputStream {

    static final String PREMATURE_END = "Stream ended prematurely";
    private static final int INCOMPRESSIBLE = 0x8000_0000;
    /** LZ4 expands at most 255-fold; a block's buffer need not be larger than that of its compressed size. */
    private static final int MAX_RATIO = 255;
    private static final LZ4SafeDecompressor DECOMPRESSOR = Lz4FrameWriter.LZ4.safeDecompressor();
    private static final XXHash32 BLOCK_HASH = Lz4FrameWriter.XXHASH.hash32();

    private final InputStream in;
    private final int blockSize;
    private final StreamingXXHash32 contentHash = Lz4FrameWriter.XXHASH.newStreamingHash32(0);
    private final byte[] intBuffer = new byte[4];
    private byte[] compressed = new byte[0];
    private byte[] block = new byte[0];
    /** What {@link #read} hands out: {@link #block}, or {@link #compressed} for a block stored uncompressed. */
    private byte[] current = block;
    private int position;
    private int limit;
    private boolean ended;

    Lz4FrameReader(InputStream in, int blockSize) {
        this.in = in;
        this.blockSize = blockSize;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !nextBlock()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit && !nextBlock()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    /** Reads the next non-empty block; false at the end of the frame, once its content checksum is verified. */
    private boolean nextBlock() throws IOException {
        while (!ended) {
            int header = readInt();
            if (header == 0) {
                int expected = readInt();
                ended = true;
                if (contentHash.getValue() != expected) {
                    throw new IOException("LZ4 content checksum mismatch");
                }
                return false;
            }
            if (header == INCOMPRESSIBLE) {
                throw new IOException("damaged LZ4 end mark");
            }
            boolean stored = (header & INCOMPRESSIBLE) != 0;
            int length = header & ~INCOMPRESSIBLE;
            if (length > blockSize) {
                throw new IOException("LZ4 block of " + length + " bytes in a frame of " + blockSize + "-byte blocks");
            }
            if (compressed.length < length) {
                compressed = new byte[Math.max(length, Math.min(blockSize, compressed.length * 4))];
            }
            if (in.readNBytes(compressed, 0, length) < length) {
                throw new IOException(PREMATURE_END);
            }
            if (BLOCK_HASH.hash(compressed, 0, length, 0) != readInt()) {
                throw new IOException("LZ4 block checksum mismatch");
            }
            if (stored) {
                current = compressed;
                limit = length;
            } else {
                int room = (int) Math.min(blockSize, (long) length * MAX_RATIO);
                if (block.length < room) {
                    block = new byte[room];
                }
                current = block;
                limit = DECOMPRESSOR.decompress(compressed, 0, length, block, 0, room);
            }
            position = 0;
            contentHash.update(current, 0, limit);
            if (limit > 0) {
                return true;
            }
        }
        return false;
    }

    private int readInt() throws IOException {
        if (in.readNBytes(intBuffer, 0, 4) < 4) {
            throw new IOException(PREMATURE_END);
        }
        return (intBuffer[0] & 0xFF) | (intBuffer[1] & 0xFF) << 8 | (intBuffer[2] & 0xFF) << 16
                | (intBuffer[3] & 0xFF) << 24;
    }
}
