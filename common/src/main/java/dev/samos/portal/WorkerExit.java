package dev.samos.portal;

/**
 * The end of a worker JVM that is no longer healthy: a thread it could not stop still runs user code, or its heap ran
 * out. Halting (not exiting) skips shutdown hooks that would wait for that very thread; the leases it still holds
 * expire and are claimed again, each counting a try, and its supervisor starts a fresh JVM.
 */
final class WorkerExit {

    /** The exit status that tells a supervisor the worker ended on purpose, to be replaced. */
    static final int STATUS = 70;

    private WorkerExit() {
    }

    static void now(String reason) {
        System.err.println("samos worker: exiting to be replaced: " + reason);
        System.err.flush();
        Runtime.getRuntime().halt(STATUS);
    }
}
