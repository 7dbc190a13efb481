package dev.samos.portalservice.store;

import static dev.samos.codec.AttemptFormat.readBytes;
import static dev.samos.codec.AttemptFormat.readText;
import static dev.samos.codec.AttemptFormat.writeBytes;
import static dev.samos.codec.AttemptFormat.writeText;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.samos.address.MalformedAddressException;
import dev.samos.address.ValueAddress;
import dev.samos.codec.AttemptFormat;
import dev.samos.codec.CorruptValueException;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portalservice.store.OutcomeLog.Outcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of one object of the {@link OutcomeLog}: a batch of outcomes written field by field, in a fixed order.
 * Every settle of DONE executions writes one (shared by the settles of the same moment), so their encoding is on the
 * path of every task: the storage codec, which names every record and component and compresses, took about a fifth
 * of portal-service's CPU in a swarm of tiny tasks (JFR, 2026-11-30); this takes a small fraction of it.
 *
 * <pre>
 * batch    = magic "SOB1" (4 bytes) · CRC-32C of the rest (4 bytes, big-endian) · count (varint) · outcome{count}
 * outcome  = execution address · function address · arguments · result · attempt
 * arguments= 0 · bytes (inline kwargs)  |  1 · value address (stored kwargs)
 * result   = value address? · bytes? (inline result)
 * attempt  = an attempt's fields as {@link AttemptFormat} writes them (number, worker, times, outcome, output…)
 * text, address = UTF-8 bytes; bytes = varint (length + 1) then the bytes, 0 for none (the fields marked ?)
 * </pre>
 *
 * A new version gets a new magic and its own reader; {@link #isBatch} tells this format from the storage-codec
 * objects that earlier versions of Samos wrote, which replays still read.
 */
final class OutcomeBatchFormat {

    private static final byte[] MAGIC = {'S', 'O', 'B', '1'};
    private static final int HEADER = MAGIC.length + Integer.BYTES;
    /** An outcome takes well over this many bytes: a count above size / this is a lie. */
    private static final int MIN_OUTCOME_BYTES = 8;

    private OutcomeBatchFormat() {
    }

    static byte[] encode(List<Outcome> outcomes) {
        Output out = new Output(Math.clamp(256L * outcomes.size(), 256, 1 << 20), -1); // grows past it
        out.writeBytes(MAGIC);
        out.writeInt(0); // the checksum, once the rest is written
        out.writeVarInt(outcomes.size(), true);
        for (Outcome outcome : outcomes) {
            writeText(out, outcome.execution().toString());
            writeText(out, outcome.function().toString());
            ExecutionIndex.Arguments kwargs = outcome.kwargs();
            if (kwargs.inline() != null) {
                out.writeByte(0);
                writeBytes(out, kwargs.inline());
            } else {
                out.writeByte(1);
                writeText(out, kwargs.value().toString());
            }
            ExecutionIndex.Result result = outcome.result();
            writeText(out, result.address() == null ? null : result.address().toString());
            writeBytes(out, result.inline());
            AttemptFormat.write(out, outcome.attempt());
        }
        byte[] bytes = out.toBytes();
        ByteBuffer.wrap(bytes).putInt(MAGIC.length, checksum(bytes));
        return bytes;
    }

    /** Whether {@code bytes} claim to be a batch in this format (and not, say, an older storage-codec one). */
    static boolean isBatch(byte[] bytes) {
        return bytes.length >= HEADER && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The outcomes of a batch.
     *
     * @throws CorruptValueException if the bytes are damaged (checksum), cut short, or hold what no outcome can be
     */
    static List<Outcome> decode(byte[] bytes) {
        if (!isBatch(bytes)) {
            throw new CorruptValueException("not an outcome batch (no SOB1 header)");
        }
        if (checksum(bytes) != ByteBuffer.wrap(bytes).getInt(MAGIC.length)) {
            throw new CorruptValueException("outcome batch damaged: its checksum does not match its bytes");
        }
        Input in = new Input(bytes, HEADER, bytes.length - HEADER);
        try {
            int count = in.readVarInt(true);
            if (count < 1 || count > bytes.length / MIN_OUTCOME_BYTES) {
                throw new CorruptValueException("outcome batch claims " + count + " outcomes in " + bytes.length
                        + " bytes");
            }
            List<Outcome> outcomes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ExecutionAddress execution = ExecutionAddress.parse(required(readText(in), "execution address"));
                ValueAddress function = ValueAddress.parse(required(readText(in), "function address"));
                int kind = in.readByte();
                ExecutionIndex.Arguments kwargs = switch (kind) {
                    case 0 -> ExecutionIndex.Arguments.inline(required(readBytes(in), "inline kwargs"));
                    case 1 -> new ExecutionIndex.Arguments(null,
                            ValueAddress.parse(required(readText(in), "kwargs address")));
                    default -> throw new CorruptValueException("outcome batch: unknown kind of arguments " + kind);
                };
                String resultAddress = readText(in);
                ExecutionIndex.Result result = new ExecutionIndex.Result(
                        resultAddress == null ? null : ValueAddress.parse(resultAddress), readBytes(in));
                outcomes.add(new Outcome(execution, function, kwargs, result, AttemptFormat.read(in)));
            }
            if (in.position() != in.limit()) {
                throw new CorruptValueException("outcome batch has " + (in.limit() - in.position())
                        + " bytes after its last outcome");
            }
            return outcomes;
        } catch (KryoException e) {
            throw new CorruptValueException("outcome batch cut short: " + e.getMessage());
        } catch (MalformedAddressException | IllegalArgumentException | NullPointerException e) {
            // a malformed address, an unknown outcome name, or a record its constructor refuses
            throw new CorruptValueException("outcome batch holds an invalid outcome: " + e.getMessage());
        }
    }

    /** The CRC-32C of everything after the header. */
    static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, bytes.length - HEADER);
        return (int) crc.getValue();
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new CorruptValueException("outcome batch: an outcome without its " + what);
        }
        return value;
    }
}
