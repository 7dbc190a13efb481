package dev.samos.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** Makes the pipeline's threads and remembers them, so a test can check that none is left alive. */
final class TrackingThreads implements ThreadFactory {

    private final ThreadFactory delegate;
    private final List<Thread> made = new ArrayList<>();

    TrackingThreads(ThreadFactory delegate) {
        this.delegate = delegate;
    }

    static TrackingThreads virtual() {
        return new TrackingThreads(Thread.ofVirtual().factory());
    }

    @Override
    public synchronized Thread newThread(Runnable body) {
        Thread thread = delegate.newThread(body);
        made.add(thread);
        return thread;
    }

    synchronized int made() {
        return made.size();
    }

    synchronized long alive() {
        return made.stream().filter(Thread::isAlive).count();
    }

    /** Live platform threads of any pipeline, by name (virtual threads are not listed by the JVM). */
    static long livePipelinePlatformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("samos-pipeline")).count();
    }
}
