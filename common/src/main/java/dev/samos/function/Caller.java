package dev.samos.function;

import dev.samos.execution.ExecutionAddress;

/**
 * What calling a {@link Pure} needs: something that finds a function's implementation and runs it, memoized. A
 * {@code Pure} is data; its call methods hand it to the {@link CurrentCaller current caller}, which is the portal
 * ({@code dev.samos.portal.Portal} extends this interface). Declared here so functions do not depend on the portal
 * that runs them.
 */
public interface Caller {

    /** The pure function implemented by {@code type}, stored where this caller keeps functions. */
    Pure pure(Class<? extends PureFunction> type);

    /** Calls {@code function} with {@code kwargs}: the stored result if there is one, else computed once. */
    Object call(Pure function, Kwargs kwargs);

    /** Requests the call and returns its execution address at once; the result comes later. */
    ExecutionAddress swarm(Pure function, Kwargs kwargs);
}
