package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kwargs and results an execution index holds: small ones inline (their storage-codec bytes beside the
 * execution, since a value of their own would cost a second write), larger ones as values in the store, which are
 * stored before the index names them. Inline bytes have no address of their own, so what reads them verifies them
 * against what they belong to — kwargs against the execution address, a result against its value address — as
 * every value read from a store is verified.
 */
final class InlineValues {

    private final ValueStore values;
    private final StorageCodec codec;

    InlineValues(ValueStore values, StorageCodec codec) {
        this.values = values;
        this.codec = codec;
    }

    /** The kwargs as the index keeps them: inline when small, else stored first and named by address. */
    Arguments arguments(Kwargs all) {
        byte[] bytes = codec.encode(all.asMap());
        return bytes.length <= ExecutionIndex.INLINE_LIMIT ? Arguments.inline(bytes)
                : Arguments.stored(values.put(all.asMap()));
    }

    /** The kwargs an index holds for {@code address}, checked against it. */
    Kwargs kwargs(ExecutionAddress address, Pure function, Arguments arguments) {
        Object map = arguments.inline() != null ? codec.decode(arguments.inline())
                : values.get(arguments.value()).orElseThrow(() -> new UnknownAddressException(
                        arguments.value().toString(), values.location())).value();
        @SuppressWarnings("unchecked")
        Kwargs all = Kwargs.of((Map<String, ?>) map);
        if (!addressOf(function, all).equals(address)) {
            throw new CorruptValueException("the kwargs stored for " + address
                    + " do not hash to its address: the portal's index is damaged");
        }
        return all;
    }

    /** A result as the index keeps it: inline when small, else stored first and named by address. */
    Result result(ValueAddress address, Object value) {
        byte[] bytes = codec.encode(value);
        if (bytes.length <= ExecutionIndex.INLINE_LIMIT) {
            return new Result(address, bytes);
        }
        values.put(address, value);
        return new Result(address, null);
    }

    /**
     * The value of a result, verified; empty if the store does not have it.
     *
     * @throws CorruptValueException if it is damaged
     */
    Optional<StoredValue> read(Result result) {
        if (result.inline() == null) {
            return values.get(result.address());
        }
        Object value = codec.decode(result.inline());
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(result.address())) {
            throw new CorruptValueException("result " + result.address() + " in " + values.location()
                    + " holds a different value (" + actual + "); it will be recomputed");
        }
        return Optional.of(new StoredValue(value));
    }

    /** The execution address of {@code function} called with all of {@code all} (fixed kwargs included). */
    static ExecutionAddress addressOf(Pure function, Kwargs all) {
        Map<String, ValueAddress> arguments = new TreeMap<>();
        for (Map.Entry<String, Object> argument : all.asMap().entrySet()) {
            arguments.put(argument.getKey(), ValueAddress.ofArgument(argument.getValue(), "kwargs." + argument.getKey()));
        }
        return ExecutionAddress.of(function.name(), function.bundleAddress(), arguments);
    }
}
