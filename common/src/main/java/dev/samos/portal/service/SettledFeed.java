package dev.samos.portal.service;

import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client end of {@code GET /internal/index/settled}: one event stream per index client, shared by all its
 * listeners, open while anyone listens. A stream that ends or fails (the service restarted, a proxy cut it) is
 * opened again after a backoff (0.1 s doubling to 5 s, reset once a stream delivers); a stream silent for three
 * heartbeats is taken for dead and opened again. News missed meanwhile is lost: it is a hint, waiters look at the
 * index anyway.
 *
 * <p>Lines are pushed by the HTTP client's own threads (no thread of ours waits on a read); one scheduler thread
 * times reconnects and the silence check. Every stream has a generation, so callbacks of a stream that was replaced
 * or closed change nothing.
 */
final class SettledFeed implements AutoCloseable {

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** The service sends a heartbeat every 15 s; three missed ones mean the connection is gone. */
    private static final long SILENCE_MILLIS = 45_000;

    private final ServiceConnection service;
    private final List<Consumer<ExecutionAddress>> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private long generation;
    private Flow.Subscription stream;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> watchdog;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private boolean closed;
    private volatile long lastHeard;

    SettledFeed(ServiceConnection service) {
        this.service = service;
    }

    ExecutionIndex.Subscription subscribe(Consumer<ExecutionAddress> listener) {
        synchronized (this) {
            if (closed) {
                return () -> { };
            }
            listeners.add(listener);
            if (listeners.size() == 1) {
                start();
            }
        }
        return new ExecutionIndex.Subscription() {
            private boolean done;

            @Override
            public void close() {
                synchronized (SettledFeed.this) {
                    if (!done) {
                        done = true;
                        listeners.remove(listener);
                        if (listeners.isEmpty()) {
                            stop();
                        }
                    }
                }
            }
        };
    }

    private void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("samos-settled-news").factory());
        }
        backoffMillis = FIRST_BACKOFF_MILLIS;
        connect();
        watchdog = scheduler.scheduleWithFixedDelay(this::checkSilence, 5, 5, TimeUnit.SECONDS);
    }

    /** The last listener went (or the index closed): the stream and the scheduler go too. */
    private void stop() {
        generation++;
        if (stream != null) {
            stream.cancel();
            stream = null;
        }
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private synchronized void connect() {
        if (closed || listeners.isEmpty()) {
            return;
        }
        long mine = ++generation;
        lastHeard = System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(service.base() + ServiceProtocol.SETTLED))
                .timeout(service.options().requestTimeout()) // until the headers; the stream itself has no end
                .header("Accept", "text/event-stream")
                .GET().build();
        service.http().sendAsync(request, info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(mine))
                        : HttpResponse.BodySubscribers.replacing(null))
                .whenComplete((response, failure) -> ended(mine));
    }

    /** A stream ended, failed or was refused: open another after the backoff, unless it was replaced or closed. */
    private synchronized void ended(long which) {
        if (which != generation || closed || scheduler == null) {
            return;
        }
        stream = null;
        generation++; // late lines of the ended stream are ignored
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void checkSilence() {
        long which;
        Flow.Subscription silent;
        synchronized (this) {
            if (stream == null || System.currentTimeMillis() - lastHeard < SILENCE_MILLIS) {
                return;
            }
            which = generation;
            silent = stream;
        }
        silent.cancel(); // a cancelled body need not complete its response future: end it here
        ended(which);
    }

    private synchronized boolean current(long which, Flow.Subscription subscription) {
        if (which != generation) {
            subscription.cancel();
            return false;
        }
        stream = subscription;
        return true;
    }

    private synchronized void delivering(long which) {
        if (which == generation) {
            backoffMillis = FIRST_BACKOFF_MILLIS; // the service is back: the next break starts from the shortest
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            listeners.clear();
            stop();
        }
    }

    /**
     * One stream's lines: every {@code data:<address>} line is news of its own (an event holds a batch of them, one
     * per line; older services sent one an event), comments and blank lines keep the stream alive.
     */
    private final class Lines implements Flow.Subscriber<String> {

        private final long which;
        private boolean delivered;

        Lines(long which) {
            this.which = which;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            if (current(which, subscription)) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            lastHeard = System.currentTimeMillis();
            if (!delivered) {
                delivered = true;
                delivering(which);
            }
            if (!line.startsWith("data:")) {
                return;
            }
            ExecutionAddress address;
            try {
                address = ExecutionAddress.parse(line.substring(5).strip());
            } catch (RuntimeException malformed) {
                return;
            }
            for (Consumer<ExecutionAddress> listener : listeners) {
                try {
                    listener.accept(address);
                } catch (RuntimeException e) {
                    // A failing listener must not end the stream for the others.
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The response future fails too; ended() reconnects.
        }

        @Override
        public void onComplete() {
        }
    }
}
