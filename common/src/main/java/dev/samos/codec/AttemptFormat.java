package dev.samos.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.samos.execution.Attempt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An attempt record as compact bytes, field by field in a fixed order: what an index keeps once per attempt of every
 * execution, forever, and what the cluster's outcome log writes per settled task. The storage codec names the record
 * and each component and frames it: 271 bytes for an attempt with no output, where this takes about 40 (the worker's
 * id is most of it).
 *
 * <pre>
 * record   = magic C5 'S' 'A' '1' · attempt
 * attempt  = number (varlong) · worker? · start ms (varlong) · end ms (varlong) · outcome name · stdout? · stderr?
 *            · exception class? · exception message? · stack trace? · count (varint) · validator outcome{count}
 * text     = UTF-8 bytes; bytes = varint (length + 1) then the bytes, 0 for none (the fields marked ?)
 * </pre>
 *
 * {@link #isRecord} tells this form from a storage-codec record written before it, which readers still accept.
 */
public final class AttemptFormat {

    private static final byte[] MAGIC = {(byte) 0xC5, 'S', 'A', '1'};

    private AttemptFormat() {
    }

    /** {@code attempt} as a record of its own. */
    public static byte[] encode(Attempt attempt) {
        Output out = new Output(64, -1); // grows with the attempt's output
        out.writeBytes(MAGIC);
        write(out, attempt);
        return out.toBytes();
    }

    /** Whether {@code bytes} claim to be a record in this form (and not, say, a storage-codec one). */
    public static boolean isRecord(byte[] bytes) {
        return bytes.length > MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The attempt of a record {@link #encode} wrote.
     *
     * @throws CorruptValueException if the bytes are not such a record, are cut short, or hold what no attempt can be
     */
    public static Attempt decode(byte[] bytes) {
        if (!isRecord(bytes)) {
            throw new CorruptValueException("not an attempt record (no SA1 header)");
        }
        Input in = new Input(bytes, MAGIC.length, bytes.length - MAGIC.length);
        try {
            Attempt attempt = read(in);
            if (in.position() != in.limit()) {
                throw new CorruptValueException("attempt record has " + (in.limit() - in.position())
                        + " bytes after its last field");
            }
            return attempt;
        } catch (KryoException e) {
            throw new CorruptValueException("attempt record cut short: " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            // an unknown outcome name, or a record its constructor refuses
            throw new CorruptValueException("attempt record holds an invalid attempt: " + e.getMessage());
        }
    }

    /** Writes {@code attempt}'s fields (no magic), as a part of a larger object. */
    public static void write(Output out, Attempt attempt) {
        out.writeVarLong(attempt.number(), true);
        writeText(out, attempt.worker());
        out.writeVarLong(attempt.startMillis(), true);
        out.writeVarLong(attempt.endMillis(), true);
        writeText(out, attempt.outcome().name());
        writeText(out, attempt.stdout());
        writeText(out, attempt.stderr());
        writeText(out, attempt.exceptionClass());
        writeText(out, attempt.exceptionMessage());
        writeText(out, attempt.stackTrace());
        out.writeVarInt(attempt.validatorOutcomes().size(), true);
        for (String validator : attempt.validatorOutcomes()) {
            writeText(out, validator);
        }
    }

    /**
     * Reads the fields {@link #write} wrote.
     *
     * @throws CorruptValueException for a field longer than what is left, or a missing outcome
     * @throws KryoException if the input ends too soon
     * @throws IllegalArgumentException for an unknown outcome name or an attempt its constructor refuses
     */
    public static Attempt read(Input in) {
        long number = in.readVarLong(true);
        String worker = readText(in);
        long start = in.readVarLong(true);
        long end = in.readVarLong(true);
        String outcome = readText(in);
        if (outcome == null) {
            throw new CorruptValueException("an attempt record without its outcome");
        }
        String stdout = readText(in);
        String stderr = readText(in);
        String exceptionClass = readText(in);
        String exceptionMessage = readText(in);
        String stackTrace = readText(in);
        int validators = in.readVarInt(true);
        if (validators < 0 || validators > in.limit() - in.position()) {
            throw new CorruptValueException("an attempt record claims " + validators + " validator outcomes");
        }
        List<String> validatorOutcomes = new ArrayList<>(validators);
        for (int v = 0; v < validators; v++) {
            String validator = readText(in);
            if (validator == null) {
                throw new CorruptValueException("an attempt record with an empty validator outcome");
            }
            validatorOutcomes.add(validator);
        }
        return new Attempt(number, worker, start, end, Attempt.Outcome.valueOf(outcome), stdout, stderr,
                exceptionClass, exceptionMessage, stackTrace, validatorOutcomes);
    }

    /** Text as this form writes it: its UTF-8 bytes, or none for null. */
    public static void writeText(Output out, String text) {
        writeBytes(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes as this form writes them: varint (length + 1) then the bytes, 0 for null. */
    public static void writeBytes(Output out, byte[] bytes) {
        if (bytes == null) {
            out.writeVarInt(0, true);
        } else {
            out.writeVarInt(bytes.length + 1, true);
            out.writeBytes(bytes);
        }
    }

    public static String readText(Input in) {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** @throws CorruptValueException if the length read is more than what is left */
    public static byte[] readBytes(Input in) {
        int length = in.readVarInt(true) - 1;
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.limit() - in.position()) {
            throw new CorruptValueException("a record claims a field of " + length + " bytes where " + (in.limit() - in.position())
                    + " are left");
        }
        return in.readBytes(length);
    }
}
