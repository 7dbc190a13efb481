package dev.samos.function;

import dev.samos.address.ValueAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A pure function as a value: its name, the address of its function bundle, and the kwargs fixed by partial
 * application. Being a value, it can be an argument or a result of another pure function ("functions as values"),
 * and it has an address. Being data, it does not run itself: calls go to the {@link CurrentCaller}, the portal's
 * {@code Portal.current()}: the portal of the execution that makes them, else the portal most recently opened, else
 * the default portal.
 *
 * @param name the function's name (its class's simple name), kept in the case it was written
 * @param bundle the string form of the function bundle's value address
 * @param fixed kwargs fixed by {@link #fixKwargs}; part of this value's address
 * @param preValidators checked before each execution (free RAM, a recursion guard…); not part of any execution's
 *        address, not even as a function passed as an argument ({@link dev.samos.address.ValueAddress#ofArgument}):
 *        adding one never recomputes a stored result. The function value stored keeps them (its own address does
 *        count them, so two functions that differ only in validators are two stored values)
 * @param postValidators checked on the result before it is stored; a failure fails the attempt
 */
public record Pure(String name, String bundle, Map<String, Object> fixed,
        java.util.List<Validator> preValidators,
        java.util.List<Validator> postValidators) implements dev.samos.value.IdentifiedRecord {

    public Pure {
        Objects.requireNonNull(name, "name");
        ValueAddress.parse(Objects.requireNonNull(bundle, "bundle"));
        fixed = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(fixed, "fixed")));
        preValidators = java.util.List.copyOf(preValidators);
        postValidators = java.util.List.copyOf(postValidators);
    }

    /** Name, bundle and fixed kwargs: validators travel with a function but are not part of a call's address. */
    @Override
    public Map<String, Object> identityFields() {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("name", name);
        fields.put("bundle", bundle);
        fields.put("fixed", fixed);
        return fields;
    }

    /** A function without validators. */
    public Pure(String name, String bundle, Map<String, Object> fixed) {
        this(name, bundle, fixed, java.util.List.of(), java.util.List.of());
    }

    /** This function with pre-validators added (conditions checked on the worker before each execution). */
    public Pure withPreValidators(Validator... validators) {
        java.util.List<Validator> all = new java.util.ArrayList<>(preValidators);
        all.addAll(java.util.List.of(validators));
        return new Pure(name, bundle, fixed, all, postValidators);
    }

    /** This function with post-validators added (conditions on the result, checked before it is stored). */
    public Pure withPostValidators(Validator... validators) {
        java.util.List<Validator> all = new java.util.ArrayList<>(postValidators);
        all.addAll(java.util.List.of(validators));
        return new Pure(name, bundle, fixed, preValidators, all);
    }

    /** The function of {@code type} on the current portal. */
    public static Pure of(Class<? extends PureFunction> type) {
        return CurrentCaller.get().pure(type);
    }

    /** Calls the function with {@code kwargs} (plus the fixed ones): memoized, on the current portal. */
    public Object call(Kwargs kwargs) {
        return CurrentCaller.get().call(this, kwargs);
    }

    /** Calls with alternating names and values: {@code factorial.call("n", 5)}. */
    public Object call(Object... namesAndValues) {
        return call(Kwargs.of(namesAndValues));
    }

    /** Calls a {@link TypedFunction} with its record of arguments. */
    public <T> T call(Class<T> resultType, Record arguments) {
        return cast(resultType, call(Kwargs.from(arguments)));
    }

    /** Calls and casts the result: {@code long r = square.call(Long.class, "x", 3)}. */
    public <T> T call(Class<T> resultType, Object... namesAndValues) {
        return cast(resultType, call(Kwargs.of(namesAndValues)));
    }

    private <T> T cast(Class<T> resultType, Object result) {
        if (result != null && !resultType.isInstance(result)) {
            throw new ClassCastException("result of " + name + " is " + result.getClass().getName()
                    + ", not " + resultType.getName());
        }
        return resultType.cast(result);
    }

    /** Swarms the call on the current portal: its execution address at once, the result later by {@code get}. */
    public dev.samos.execution.ExecutionAddress swarm(Kwargs kwargs) {
        return CurrentCaller.get().swarm(this, kwargs);
    }

    public dev.samos.execution.ExecutionAddress swarm(Object... namesAndValues) {
        return swarm(Kwargs.of(namesAndValues));
    }

    /** A new function: this one with some kwargs fixed (partial application). */
    public Pure fixKwargs(Kwargs kwargs) {
        return new Pure(name, bundle, fixedKwargs().merge(kwargs).asMap(), preValidators, postValidators);
    }

    public Pure fixKwargs(Object... namesAndValues) {
        return fixKwargs(Kwargs.of(namesAndValues));
    }

    public Kwargs fixedKwargs() {
        return Kwargs.of(fixed);
    }

    /** The function without fixed kwargs (its validators kept): what swarmed executions are stored with. */
    public Pure unfixed() {
        return fixed.isEmpty() ? this : new Pure(name, bundle, Map.of(), preValidators, postValidators);
    }

    public ValueAddress bundleAddress() {
        return ValueAddress.parse(bundle);
    }

    /**
     * The function address: bundle and fixed kwargs, validators left out (as when this function is an argument). The
     * stored function value, validators included, has an address of its own: {@code ValueAddress.of(pure)}.
     */
    public ValueAddress address() {
        return ValueAddress.ofArgument(this, "function");
    }

    @Override
    public String toString() {
        return name + (fixed.isEmpty() ? "" : fixed.keySet().toString()) + "@" + bundle;
    }
}
