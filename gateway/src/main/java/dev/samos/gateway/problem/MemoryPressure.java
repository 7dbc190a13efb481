package dev.samos.gateway.problem;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that ran out of heap is the server's condition, not a bug and not the client's fault: it is answered
 * 503 with {@code Retry-After}, and logged once (the first time with its stack trace, then one line a minute at
 * most, with how many there were), so memory pressure never floods the log.
 */
final class MemoryPressure {

    private static final Logger log = LoggerFactory.getLogger(MemoryPressure.class);
    private static final long QUIET_NANOS = 60_000_000_000L;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    /** The {@link OutOfMemoryError} behind {@code failure}, or null if there is none. */
    static OutOfMemoryError cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    void noted(OutOfMemoryError e) {
        long n = count.incrementAndGet();
        long last = lastLogged.get();
        long now = System.nanoTime();
        if (now - last < QUIET_NANOS || !lastLogged.compareAndSet(last, now)) {
            return;
        }
        if (n == 1) {
            log.error("a request ran out of heap memory; answered 503 (raise -Xmx, or lower samos.hotResultBytes)",
                    e);
        } else {
            log.warn("{} requests ran out of heap memory so far; each was answered 503", n);
        }
    }
}
