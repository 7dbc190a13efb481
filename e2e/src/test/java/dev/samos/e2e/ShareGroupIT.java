package dev.samos.e2e;

import dev.samos.cluster.testkit.KafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite's broker gives queue semantics through a share group (KIP-932), as the executors will use it: records
 * produced after the group was told to start at the earliest offset reach a {@link KafkaShareConsumer} with explicit
 * acknowledgement, ACCEPTed ones are done, and a RELEASEd one comes back with delivery count 2.
 */
@ExtendWith(Suite.class)
class ShareGroupIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void recordsAreDeliveredAcknowledgedAndAReleasedOneIsRedelivered() {
        KafkaBroker broker = Suite.broker();
        String topic = "e2e-share-" + UUID.randomUUID();
        String group = "e2e-share-group-" + UUID.randomUUID();
        broker.createTopics(1, topic);
        broker.setShareGroupConfig(group, Map.of("share.auto.offset.reset", "earliest",
                "share.record.lock.duration.ms", "5000", "share.heartbeat.interval.ms", "500"));
        assertThat(broker.groupConfig(group)).containsEntry("share.auto.offset.reset", "earliest")
                .containsEntry("share.record.lock.duration.ms", "5000");

        // Produced before any member of the group fetched: a group on "latest" would never see these.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.producerProperties())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "task-" + i));
            }
            producer.flush();
        }

        try (KafkaShareConsumer<String, String> consumer =
                new KafkaShareConsumer<>(broker.shareConsumerProperties(group))) {
            consumer.subscribe(List.of(topic));
            long subscribed = System.nanoTime();
            Map<String, Optional<Short>> firstDelivery = new HashMap<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (firstDelivery.size() < 10) {
                assertThat(System.nanoTime()).as("10 records within %s; got %s", DEADLINE, firstDelivery.keySet())
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    firstDelivery.put(record.value(), record.deliveryCount());
                    // task-3 is handed back (as an executor whose validators are not satisfied would); the rest done.
                    consumer.acknowledge(record,
                            record.value().equals("task-3") ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT);
                }
                consumer.commitSync();
            }
            long allDelivered = System.nanoTime();
            assertThat(firstDelivery).hasSize(10)
                    .allSatisfy((value, count) -> assertThat(count).contains((short) 1));

            List<ConsumerRecord<String, String>> again = new ArrayList<>();
            while (again.isEmpty()) {
                assertThat(System.nanoTime()).as("task-3 redelivered within %s", DEADLINE).isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    again.add(record);
                    consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                }
                consumer.commitSync();
            }
            System.out.printf("[e2e] share group: 10 records delivered %d ms after subscribing, the released one"
                    + " again %d ms later%n", (allDelivered - subscribed) / 1_000_000,
                    (System.nanoTime() - allDelivered) / 1_000_000);
            assertThat(again).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo("task-3");
                assertThat(record.deliveryCount()).contains((short) 2);
            });
            // Everything is acknowledged: nothing comes back.
            assertThat(consumer.poll(Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void aLockBelowTheBrokersMinimumIsRefused() {
        KafkaBroker broker = Suite.broker();
        String group = "e2e-share-group-" + UUID.randomUUID();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broker.setShareGroupConfig(group,
                        Map.of("share.record.lock.duration.ms", "500")))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }
}
