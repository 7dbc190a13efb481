package dev.samos.portal;

import dev.samos.function.CurrentCaller;
import java.nio.file.Path;

/**
 * Which portal code that names none is talking to: the executing one, the last opened one, or the default. It is
 * also the {@link CurrentCaller} of {@code Pure.call}: initialising this class registers it, and
 * {@code CurrentCaller} initialises it by name if a function is called before any portal class was touched.
 */
final class PortalContext {

    /** Bound while a pure function runs, so its inner calls go to the portal that runs it. */
    static final ScopedValue<Portal> EXECUTING = ScopedValue.newInstance();

    private static volatile Portal lastOpened;
    private static Portal defaultPortal;

    static {
        CurrentCaller.provide(PortalContext::current);
    }

    private PortalContext() {
    }

    static Portal current() {
        if (EXECUTING.isBound()) {
            return EXECUTING.get();
        }
        Portal last = lastOpened;
        return last != null ? last : defaultPortal();
    }

    static void opened(Portal portal) {
        lastOpened = portal;
    }

    static void closed(Portal portal) {
        if (lastOpened == portal) {
            lastOpened = null;
        }
    }

    static synchronized Portal defaultPortal() {
        if (defaultPortal == null) {
            defaultPortal = LocalPortal.open(defaultFolder());
        }
        return defaultPortal;
    }

    static Path defaultFolder() {
        String property = System.getProperty("samos.portal");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("SAMOS_PORTAL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".samos", "portal");
    }
}
