package dev.samos.cluster.tasks;

import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.TaskPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes task records: one per execution, its key and value the execution address (text). A share group hands
 * any record to any executor, so the key is not for affinity: hashing it spreads a swarm evenly over the topic's
 * partitions, where a key-less swarm would land a whole batch on one partition (the producer's sticky partitioning)
 * and with it on the few consumers that partition is assigned to. {@link #publish} returns when the broker has every record, so a caller that was answered "swarmed"
 * knows its task is on its way (if Kafka fails after the index recorded the request, an executor's sweep of the
 * index still runs it).
 */
public final class KafkaTaskPublisher implements TaskPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Duration timeout;

    public KafkaTaskPublisher(KafkaTemplate<String, String> kafka, String topic, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void publish(List<ExecutionAddress> requested) {
        List<CompletableFuture<?>> sent = new ArrayList<>(requested.size());
        for (ExecutionAddress address : requested) {
            String text = address.toString();
            sent.add(kafka.send(new ProducerRecord<>(topic, text, text)));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TaskPublishException("Kafka did not take " + requested.size() + " task record(s) on " + topic
                    + " within " + timeout + ": " + (e.getCause() == null ? e : e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskPublishException("interrupted while publishing task records on " + topic, e);
        }
    }

    /** The address a task record carries, or an exception naming what is wrong with the record. */
    public static ExecutionAddress addressOf(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a task record without a value");
        }
        return ExecutionAddress.parse(value.trim());
    }
}
