package dev.samos.cluster.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, in this JVM, on a free port) with share groups on, for tests of the task topic: one
 * per test class or suite, started in a few seconds (shared/INFRA.md). Share-group settings that tests rely on are
 * set here, so that every test sees the broker a production cluster would be: a delivery count limit of 5, records
 * locked for 30 s by default (tests may shorten a group's lock through its group config).
 */
public final class KafkaBroker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    public static KafkaBroker start() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("group.share.enable", "true");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.share.min.record.lock.duration.ms", "1000");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    /** host:port of the broker, for {@code spring.kafka.bootstrap-servers}. */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
