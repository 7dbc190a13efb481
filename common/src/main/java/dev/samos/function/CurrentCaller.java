package dev.samos.function;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where {@link Pure#call}, {@link Pure#swarm} and {@link Pure#of} find their {@link Caller}: the portal package
 * provides it ({@code dev.samos.portal.PortalContext} registers itself when it is initialised), so this package
 * never names the portal's types.
 *
 * <p><b>Late binding.</b> If a {@code Pure} is used before any portal class was initialised (a program whose first
 * line is {@code Pure.of(Square.class)}), there is no provider yet; {@link #get} then initialises
 * {@value #DEFAULT_PROVIDER} by name, which registers itself, so the default portal is found exactly as before. A
 * class path without the portal package gets an {@link IllegalStateException} saying so.
 *
 * <p>The provider is set once: the portal's is the only one, and a function (which may use this package) cannot
 * redirect other calls elsewhere.
 */
public final class CurrentCaller {

    /** The class that provides the caller; named, not referenced, so the dependency points from portal to here. */
    static final String DEFAULT_PROVIDER = "dev.samos.portal.PortalContext";

    private static volatile Supplier<? extends Caller> provider;

    private CurrentCaller() {
    }

    /** The caller for code that names none: for the portal, the one of the running execution, else the current. */
    public static Caller get() {
        Supplier<? extends Caller> current = provider;
        if (current == null) {
            current = bindDefault();
        }
        return Objects.requireNonNull(current.get(), "the caller provider returned null");
    }

    /**
     * Registers where the current caller comes from; called once, by the portal package.
     *
     * @throws IllegalStateException if a provider is registered already
     */
    public static synchronized void provide(Supplier<? extends Caller> callers) {
        Objects.requireNonNull(callers, "callers");
        if (provider != null) {
            throw new IllegalStateException("the current caller is provided already");
        }
        provider = callers;
    }

    private static Supplier<? extends Caller> bindDefault() {
        try {
            Class.forName(DEFAULT_PROVIDER, true, CurrentCaller.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no portal to call pure functions on: " + DEFAULT_PROVIDER
                    + " is not on the class path", e);
        }
        Supplier<? extends Caller> current = provider;
        if (current == null) {
            throw new IllegalStateException(DEFAULT_PROVIDER + " was initialised but registered no caller");
        }
        return current;
    }
}
