package dev.samos.portalservice.index;

import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The news of executions settled in a Redis index: the settle and cancel scripts publish, on the channel
 * {@code <prefix>settled}, one message per script run holding a line {@code <execution address> <status>} for each
 * execution that became DONE or FAILED. Published inside the script, so a change and its news are one step.
 *
 * <p>Why a Redis channel rather than a Kafka topic: the change happens in Redis, so publishing there is atomic with
 * it, with no outbox between two systems; subscribers are the few portal-service replicas, which relay it to their
 * clients. Pub/sub is at most once (a subscriber that is disconnected misses news), which is why news is a hint
 * that wakes a waiter early, and waiters still look at the index after a pause.
 */
final class SettledNews implements AutoCloseable {

    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private final List<Consumer<ExecutionAddress>> listeners = new CopyOnWriteArrayList<>();
    /*
     * One thread hands the news to listeners, in the order Redis delivered it, off the connection's event loop. The
     * container's default starts a thread per message, which reorders news (the index's own test saw a cancel heard
     * before the settle that came first) and, under a swarm's flow of settlements, costs a thread each.
     */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("samos-settled-news").daemon().factory());

    SettledNews(RedisConnectionFactory connections, String prefix) {
        container.setConnectionFactory(connections);
        container.setTaskExecutor(delivery);
        container.addMessageListener(this::received, new ChannelTopic(prefix + "settled"));
        container.afterPropertiesSet();
        container.start();
    }

    ExecutionIndex.Subscription subscribe(Consumer<ExecutionAddress> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void received(Message message, byte[] pattern) {
        for (String line : new String(message.getBody(), StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            ExecutionAddress address;
            try {
                address = ExecutionAddress.parse(space < 0 ? line : line.substring(0, space));
            } catch (RuntimeException malformed) {
                continue; // not ours: the channel is in a shared Redis
            }
            for (Consumer<ExecutionAddress> listener : listeners) {
                listener.accept(address);
            }
        }
    }

    @Override
    public void close() {
        try {
            container.stop();
            container.destroy();
        } catch (Exception e) {
            // Closing: the connection goes with it either way.
        }
        delivery.shutdownNow();
    }
}
