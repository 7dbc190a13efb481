package dev.samos.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import org.junit.jupiter.api.Test;

/**
 * The codec writes and reads its LZ4 frames with its own pure-Java writer and reader (no JNI library in the temp
 * folder, no {@code sun.misc.Unsafe}); the frames stay standard: the library's own reader and writer agree.
 */
class StorageCodecFormatTest {

    @Test
    void theFrameDescriptorIsTheOneTheLibrarysWriterProduces() throws IOException {
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new LZ4FrameOutputStream(empty, BLOCKSIZE.SIZE_64KB, FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM,
                FLG.Bits.CONTENT_CHECKSUM).close();
        assertThat(StorageCodec.FRAME_DESCRIPTOR).isEqualTo(Arrays.copyOf(empty.toByteArray(), 7));
    }

    @Test
    void theLibrarysReaderReadsTheCodecsFramesAndTheCodecReadsTheLibrarysBlocks() throws IOException {
        byte[] payload = new byte[300_000];          // several blocks, compressible and not
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i < 150_000 ? i % 7 : random.nextInt());
        }
        byte[] framed = StorageCodec.frame(payload);
        byte[] frame = Arrays.copyOfRange(framed, 5, framed.length);      // after the magic and format version
        try (LZ4FrameInputStream library = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            assertThat(library.readAllBytes()).isEqualTo(payload);
        }

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream library = new LZ4FrameOutputStream(written, BLOCKSIZE.SIZE_64KB,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM)) {
            library.write(payload);
        }
        byte[] blocks = Arrays.copyOfRange(written.toByteArray(), 7, written.size());
        try (Lz4FrameReader reader = new Lz4FrameReader(new ByteArrayInputStream(blocks), 64 * 1024)) {
            assertThat(reader.readAllBytes()).isEqualTo(payload);
        }
    }
}
