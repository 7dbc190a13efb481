package dev.samos.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.address.ValueAddress;
import dev.samos.autonomy.AutonomyChecker;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.BundleClassLoader;
import dev.samos.bundle.FunctionBundle;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.index.ExecutionIndex;
import dev.samos.store.ValueStore;
import dev.samos.value.Values;
import dev.samos.value.ValueSize;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions of a portal: registered (bundled, autonomy-checked, stored), loaded (each bundle in a class loader
 * of its own, once), and instantiated for each execution. A class the portal could not instantiate is refused when
 * it is registered, not when it is first called.
 */
final class Functions {

    private final ValueStore values;
    private final ExecutionIndex index;
    private final Map<Class<?>, Pure> pures = new ConcurrentHashMap<>();
    private final Map<String, Constructor<?>> constructors = new ConcurrentHashMap<>();
    /**
     * Stored values decoded once: functions of swarmed tasks repeat, and values never change. Weighed by their
     * estimated heap size ({@link ValueSize}); one over a sixteenth of the budget (a large argument map) is decoded
     * each time instead of pinning the heap.
     */
    private final Cache<ValueAddress, Weighed> decoded;
    private final long largestDecoded;
    /**
     * The address of each function value in use, by identity (weak keys): hashing a function value costs about as
     * much as a first call's SQL statements besides the commits, and a caller calls one function many times. Its
     * upkeep (dropping collected keys) runs on the calling thread: on the common pool it woke a thread per few calls.
     */
    private final Cache<Pure, ValueAddress> stored = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

    private record Weighed(Object value, int weight) {
    }

    /** @param decodedBytes the memory budget of decoded stored values, in estimated heap bytes */
    Functions(ValueStore values, ExecutionIndex index, long decodedBytes) {
        this.values = values;
        this.index = index;
        this.largestDecoded = decodedBytes / 16;
        this.decoded = Caffeine.newBuilder().maximumWeight(decodedBytes)
                .weigher((ValueAddress address, Weighed value) -> value.weight()).build();
    }

    Pure pure(Class<? extends PureFunction> type, AutonomyPolicy policy) {
        Pure known = pures.get(type);
        if (known != null) {
            return known;
        }
        Constructor<?> constructor = constructorOf(type);
        FunctionBundle bundle = FunctionBundle.of(type);
        AutonomyChecker.check(bundle, policy);
        Pure pure = register(bundle, type.getSimpleName());
        constructors.put(pure.bundle(), constructor);
        pures.put(type, pure);
        return pure;
    }

    /** A function from a bundle (e.g. compiled from source): checked, loaded, stored. */
    Pure pure(FunctionBundle bundle, AutonomyPolicy policy) {
        AutonomyChecker.check(bundle, policy);
        Constructor<?> constructor = constructorOf(load(bundle));
        Pure pure = register(bundle, Values.simpleName(bundle.mainClass()));
        constructors.putIfAbsent(pure.bundle(), constructor);
        return pure;
    }

    private Pure register(FunctionBundle bundle, String name) {
        ValueAddress bundleAddress = values.put(bundle.toValue());
        index.registerFunction(bundleAddress, name);
        return new Pure(name, bundleAddress.toString(), Map.of());
    }

    /**
     * Stores {@code function} (validators included: what its executions run) unless the store has it, and gives
     * its address. The store is asked each time (cheaply: it knows what it holds), so a value it dropped as damaged
     * is stored again before an index names it.
     */
    ValueAddress store(Pure function) {
        ValueAddress address = stored.get(function, ValueAddress::of);
        values.put(address, function);
        return address;
    }

    /** A new instance of the function's class, its bundle loaded from the store the first time. */
    PureFunction instantiate(Pure function) {
        Constructor<?> constructor = constructors.computeIfAbsent(function.bundle(), bundle -> {
            Object value = values.get(ValueAddress.parse(bundle)).orElseThrow(() -> new UnknownAddressException(
                    bundle, values.location() + " (the bundle of function " + function.name() + ")")).value();
            return constructorOf(load(FunctionBundle.fromValue(value)));
        });
        try {
            return (PureFunction) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("function " + function.name() + " could not be instantiated: "
                    + e.getCause(), e.getCause() == null ? e : e.getCause());
        }
    }

    /** A stored value (a function, an argument map) decoded once. */
    Object decoded(ValueAddress address) {
        Weighed known = decoded.getIfPresent(address);
        if (known != null) {
            return known.value();
        }
        Object value = values.get(address).orElseThrow(
                () -> new UnknownAddressException(address.toString(), values.location())).value();
        long weight = ValueSize.of(value);
        if (weight <= largestDecoded) {
            decoded.put(address, new Weighed(value, (int) weight));
        }
        return value;
    }

    private static Class<?> load(FunctionBundle bundle) {
        return new BundleClassLoader(bundle, Functions.class.getClassLoader()).mainClass();
    }

    private static Constructor<?> constructorOf(Class<?> type) {
        if (!PureFunction.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("function " + type.getName() + " must implement PureFunction");
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("function " + type.getName()
                    + " needs a no-argument constructor (the portal makes a new instance for every execution)", e);
        }
    }
}
