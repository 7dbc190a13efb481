package dev.samos.portal;

/**
 * How a portal engine's calls reach the code that runs them.
 *
 * @param publisher where swarmed calls go once requested ({@link TaskPublisher#NONE}: this JVM's workers and every
 *        other JVM's find them in the index)
 * @param callsInCaller whether a synchronous call runs in the caller's thread (the local portal, and an executor,
 *        whose functions' nested calls run in place) or is swarmed and awaited like any task (a cluster gateway,
 *        which runs no user code)
 */
public record TaskRouting(TaskPublisher publisher, boolean callsInCaller) {

    /** The local portal: tasks wait in the index for worker threads, calls run in the caller. */
    public static final TaskRouting LOCAL = new TaskRouting(TaskPublisher.NONE, true);

    public TaskRouting {
        java.util.Objects.requireNonNull(publisher, "publisher");
    }

    /** An executor: swarmed calls are published; a function's own nested calls run where it runs. */
    public static TaskRouting published(TaskPublisher publisher) {
        return new TaskRouting(publisher, true);
    }

    /** A cluster gateway: every call, synchronous or swarmed, is published and run by the executors. */
    public static TaskRouting allPublished(TaskPublisher publisher) {
        return new TaskRouting(publisher, false);
    }
}
