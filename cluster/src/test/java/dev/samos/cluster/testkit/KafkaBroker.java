package dev.samos.cluster.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node) in this JVM — spring-kafka-test's {@link EmbeddedKafkaKraftBroker} on
 * Kafka 4.2.1 — with share groups (KIP-932) on, listening on a free port of 127.0.0.1. Starts in about 3 s.
 *
 * <p>Broker settings beyond Kafka's defaults ({@link #DEFAULTS}; {@link Builder#brokerProperty} changes any):
 * share groups enabled with their state topic on one replica; one partition for the internal topics (they are created
 * on first use, and 50 partitions take seconds); and the lower bounds of the share groups' record lock, session
 * timeout and heartbeat lowered so a test may set short ones per group ({@link #setShareGroupConfig}).
 *
 * <p>What a share group can be told, per group (Kafka 4.2.1, {@code GroupConfig}): {@code share.auto.offset.reset}
 * ({@code latest} by default — a new group skips what was produced before it first fetched; {@code earliest},
 * {@code by_duration:PT…}), {@code share.record.lock.duration.ms} (within the broker's
 * {@code group.share.min/max.record.lock.duration.ms}: here 1000 … 60000), {@code share.session.timeout.ms} and
 * {@code share.heartbeat.interval.ms} (within {@code group.share.min/max.session.timeout.ms} and
 * {@code …heartbeat.interval.ms}: here 1000 … 60000 and 100 … 15000), {@code share.isolation.level}. The delivery
 * count limit is <em>not</em> a group config in 4.2.1: it is the broker's {@code group.share.delivery.count.limit}
 * (2 … 10, default 5), set with {@link Builder#deliveryCountLimit(int)}.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Broker properties set unless the builder sets them otherwise. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaKraftBroker broker;
    private final Admin admin;
    private final String bootstrapServers;
    private final Map<String, String> properties;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker, Map<String, String> properties) {
        this.broker = broker;
        this.properties = Map.copyOf(properties);
        this.bootstrapServers = broker.getBrokersAsString();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A broker with {@link #DEFAULTS}. */
    public static KafkaBroker start() {
        return builder().start();
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers} and {@code spring.kafka.bootstrap-servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker properties it was started with (beyond Kafka's and spring-kafka-test's defaults). */
    public Map<String, String> properties() {
        return properties;
    }

    /** An admin client on the broker, closed with it. */
    public Admin admin() {
        return admin;
    }

    /** Creates topics of {@code partitions} partitions (one replica); waits until they exist. */
    public void createTopics(int partitions, String... topics) {
        createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList());
    }

    public void createTopics(Collection<NewTopic> topics) {
        await(admin.createTopics(topics).all(), "create topics " + topics);
    }

    /**
     * Sets configs of a share group ({@code Admin.incrementalAlterConfigs} on {@link ConfigResource.Type#GROUP}),
     * e.g. {@code share.auto.offset.reset=earliest}, {@code share.record.lock.duration.ms=2000}. The group need not
     * exist yet; set {@code share.auto.offset.reset} before producing what it must see. Returns once the broker
     * shows the new values (it applies them from its metadata log a moment after the admin call). Values out of the
     * broker's bounds are refused with an {@code InvalidConfigurationException} (see the class comment).
     */
    public void setShareGroupConfig(String group, Map<String, String> configs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = configs.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        await(admin.incrementalAlterConfigs(Map.of(resource, ops)).all(),
                "set configs " + configs + " of group " + group);
        // The change is a record in the metadata log: the broker applies it a moment after the call returns. A
        // consumer that fetched before then would start the group at "latest", so wait until the broker shows it.
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        Map<String, String> now = groupConfig(group);
        while (!now.entrySet().containsAll(configs.entrySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not apply " + configs + " to group " + group
                        + " within " + ADMIN_TIMEOUT + "; it shows " + now);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the configs of group " + group, e);
            }
            now = groupConfig(group);
        }
    }

    /** {@code share.auto.offset.reset=earliest}: the group sees records produced before it first fetched. */
    public void shareGroupFromEarliest(String group) {
        setShareGroupConfig(group, Map.of("share.auto.offset.reset", "earliest"));
    }

    /** Every config of a group as the broker reports it (set or default), sorted by name. */
    public Map<String, String> groupConfig(String group) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        var config = await(admin.describeConfigs(List.of(resource)).all(), "describe group " + group).get(resource);
        Map<String, String> values = new TreeMap<>();
        config.entries().forEach(e -> values.put(e.name(), e.value()));
        return values;
    }

    /** Producer properties for this broker with String keys and values. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * Properties of a {@code KafkaShareConsumer} in {@code group} with String keys and values and explicit
     * acknowledgement (each record ACCEPTed, RELEASEd or REJECTed by the consumer).
     */
    public Map<String, Object> shareConsumerProperties(String group) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put("share.acknowledgement.mode", "explicit");
        return props;
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            broker.destroy();
        }
    }

    @Override
    public String toString() {
        return "Kafka broker " + bootstrapServers;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        // Share groups (KIP-932).
        d.put("group.share.enable", "true");
        d.put("share.coordinator.state.topic.replication.factor", "1");
        d.put("share.coordinator.state.topic.min.isr", "1");
        d.put("share.coordinator.state.topic.num.partitions", "1");
        // One node: the internal topics on one replica, one partition (created on first use).
        d.put("offsets.topic.num.partitions", "1");
        d.put("transaction.state.log.replication.factor", "1");
        d.put("transaction.state.log.min.isr", "1");
        d.put("transaction.state.log.num.partitions", "1");
        // Let tests set short locks, sessions and heartbeats per group (Kafka's lower bounds: 15 s, 45 s, 5 s).
        d.put("group.share.min.record.lock.duration.ms", "1000");
        d.put("group.share.min.session.timeout.ms", "1000");
        d.put("group.share.min.heartbeat.interval.ms", "100");
        return d;
    }

    /** Broker settings; {@link #start()} starts it (about 3 s). */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>(DEFAULTS);
        private int partitions = 1;

        private Builder() {
        }

        /** A broker property, e.g. {@code group.share.record.lock.duration.ms}; overrides {@link #DEFAULTS}. */
        public Builder brokerProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** {@code group.share.delivery.count.limit}: deliveries of a record before it is archived (2 … 10). */
        public Builder deliveryCountLimit(int limit) {
            return brokerProperty("group.share.delivery.count.limit", Integer.toString(limit));
        }

        /** Partitions of topics the broker creates by itself (auto-created ones); 1 unless set. */
        public Builder defaultPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public KafkaBroker start() {
            long started = System.nanoTime();
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
            broker.brokerProperties(Map.copyOf(properties));
            broker.afterPropertiesSet();
            KafkaBroker running = new KafkaBroker(broker, properties);
            System.out.printf("[e2e] %s started in %.1f s%n", running, (System.nanoTime() - started) / 1e9);
            return running;
        }
    }
}
