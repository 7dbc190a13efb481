package dev.samos.execution;

import dev.samos.address.MalformedAddressException;
import dev.samos.address.ValueAddress;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The address of a call: the "future" of its result, valid across restarts and machines. It is the SHA-256 of the
 * canonical encoding of {@code {"function": <function bundle address>, "kwargs": {name: <value address>, …}}}
 * (docs/addresses.md §3), with the descriptor {@code call_<function name>}. Fixed kwargs count as kwargs, so a
 * partially applied function called with the rest has the same address as the full call.
 */
public record ExecutionAddress(String descriptor, String hash) {

    private static final String PREFIX = "call_";

    public ExecutionAddress {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(hash, "hash");
        ValueAddress checked = new ValueAddress(descriptor, hash); // same character rules as value addresses
        if (!checked.descriptor().startsWith(PREFIX)) {
            throw new MalformedAddressException(descriptor + ":" + hash,
                    "an execution address's descriptor starts with '" + PREFIX + "'");
        }
    }

    /** The address of calling the function with bundle {@code function} and name {@code name} with {@code kwargs}. */
    public static ExecutionAddress of(String name, ValueAddress function, Map<String, ValueAddress> kwargs) {
        Map<String, Object> identity = new TreeMap<>();
        identity.put("function", function.toString());
        Map<String, Object> arguments = new TreeMap<>();
        kwargs.forEach((k, v) -> arguments.put(k, v.toString()));
        identity.put("kwargs", arguments);
        // SHA-256 of the canonical encoding of the identity: exactly the hash of its value address.
        return new ExecutionAddress(PREFIX + ValueAddress.descriptorShape(name), ValueAddress.of(identity).hash());
    }

    public static ExecutionAddress parse(String text) {
        ValueAddress parsed = ValueAddress.parse(text);
        if (!parsed.descriptor().startsWith(PREFIX)) {
            throw new MalformedAddressException(text, "not an execution address: its descriptor must start with '"
                    + PREFIX + "' (a value address was given?)");
        }
        return new ExecutionAddress(parsed.descriptor(), parsed.hash());
    }

    public String toPath() {
        return new ValueAddress(descriptor, hash).toPath();
    }

    @Override
    public String toString() {
        return descriptor + ":" + hash;
    }
}
