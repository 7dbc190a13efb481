package dev.samos.portalservice.api;

import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.service.ServiceProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /internal/index/settled}: the index's news of settled executions ({@link ExecutionIndex#onSettled}) as
 * a server-sent event stream, a comment as heartbeat. Each event holds one {@code data:} line per execution address,
 * as many as were waiting when the relay woke (see {@link SettledRelay}): one event, one write and one flush for a
 * burst, where an event per address cost all three per address. Each client gets a subscription and a
 * {@link SettledRelay} of its own, sent from a virtual thread (a stream holds no request thread, and a slow client
 * slows nobody else); the subscription closes when the client goes.
 */
@RestController
final class SettledNewsController implements SmartLifecycle {

    /** News a client may have waiting before it loses some; ~100 B each, so ~100 KB a client at most. */
    static final int CLIENT_BUFFER = 1024;
    /** Addresses in one event at most: ~50 KB, so a write stays a few socket buffers long. */
    static final int EVENT_BATCH = 512;
    static final long HEARTBEAT_MILLIS = 15_000;

    private final ExecutionIndex index;
    private final Set<SettledRelay> relays = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    SettledNewsController(ExecutionIndex index) {
        this.index = index;
    }

    @GetMapping(path = ServiceProtocol.SETTLED, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter settled() throws IOException {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the heartbeat finds dead clients
        SettledRelay relay = new SettledRelay(CLIENT_BUFFER, EVENT_BATCH, HEARTBEAT_MILLIS);
        ExecutionIndex.Subscription subscription = index.onSettled(relay);
        relays.add(relay);
        Runnable end = relay::close;
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(e -> relay.close());
        // Sent at once, so the client sees the stream open (and the headers leave) before any news.
        emitter.send(SseEmitter.event().comment("settled news"));
        Thread.ofVirtual().name("samos-settled-news").start(() -> {
            try {
                relay.run(new Events(emitter));
            } finally {
                subscription.close();
                relays.remove(relay);
                try {
                    emitter.complete();
                } catch (RuntimeException alreadyOver) {
                    // The connection is gone already.
                }
            }
        });
        return emitter;
    }

    /** The relay's writes as server-sent events: a batch is one event, one {@code data:} line per address. */
    private record Events(SseEmitter emitter) implements SettledRelay.Sink {

        private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

        @Override
        public void send(List<ExecutionAddress> batch) throws IOException {
            StringBuilder event = new StringBuilder(batch.size() * 100 + 1);
            for (ExecutionAddress address : batch) {
                // An address has no line breaks (its characters are checked), so it cannot end the event early.
                event.append("data:").append(address.descriptor()).append(':').append(address.hash()).append('\n');
            }
            event.append('\n');
            // Written as one piece: the bytes SseEmitter.event().data(lines) would write, without its copying the
            // text a character at a time and handing it to the converters in three pieces (about 40% of the relay's
            // CPU per address in SettledNewsBenchmark; see the README's figures).
            emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(event.toString(), TEXT)));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment(""));
        }
    }

    /** Clients connected now. */
    int clients() {
        return relays.size();
    }

    /** News dropped for slow clients, over the clients connected now. */
    long dropped() {
        return relays.stream().mapToLong(SettledRelay::dropped).sum();
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream when the service begins to stop — in the default phase, before the web server's graceful
     * shutdown, which would otherwise wait its whole timeout for these never-ending responses (clients reconnect
     * to another replica).
     */
    @Override
    public void stop() {
        running = false;
        relays.forEach(SettledRelay::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
