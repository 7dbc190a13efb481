package dev.samos.executor.task;

import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.cluster.tasks.TaskTopicProperties;
import dev.samos.executor.config.ExecutorProperties;
import dev.samos.executor.task.ExecutorMetrics.Outcome;
import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.PortalEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes the task topic through the executors' share group (KIP-932: any executor takes any record, one record
 * at a time, with per-record acknowledgement and a delivery count) and runs the tasks on
 * {@code samos.executor.concurrency} threads. The consumer threads only hand records over; worker threads take what
 * has arrived — a batch that grows while batches finish quickly and shrinks when they take long, since a batch costs
 * the same two calls to portal-service (claim, settle) as one task.
 *
 * <p>Records are acknowledged in MANUAL mode (Spring Kafka queues acknowledgements from worker threads to the
 * consumer thread). A task's record is acknowledged when its batch settles; the execution's lease in the index, which
 * this executor renews while it runs, is what keeps a long task from running twice: if the broker's acquisition lock
 * (30 s by default) runs out first and the record goes to another executor, that one finds the lease held and
 * accepts the record without running it. Kafka 4.2's RENEW acknowledgement is not used: a renewed record comes back
 * from the next poll as in flight again, and the container would hand it to the listener a second time.
 *
 * <p>Stopping: records not started are released at once (another executor takes them); running ones finish within
 * {@code samos.executor.shutdown-grace}, then the consumers close after sending the last acknowledgements.
 */
@Component
class TaskDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskDeliveries.class);
    /**
     * A batch whose functions ran less than this in all grows (doubles); one whose functions ran more than the slow
     * mark shrinks (halves). The calls to portal-service do not count: they cost the same for any batch.
     */
    private static final long QUICK_BATCH_MILLIS = 50;
    private static final long SLOW_BATCH_MILLIS = 500;

    private final PortalEngine portal;
    private final TaskRunner runner;
    private final TaskOutcomes outcomes;
    private final ExecutorMetrics metrics;
    private final ExecutorProperties properties;
    private final TaskTopicProperties topics;
    private final KafkaProperties kafka;
    private final KafkaAdmin admin;
    private final BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private ShareKafkaMessageListenerContainer<String, String> container;
    private volatile boolean running;
    private volatile boolean stopping;

    TaskDeliveries(PortalEngine portal, TaskRunner runner, TaskOutcomes outcomes, ExecutorMetrics metrics,
            ExecutorProperties properties, TaskTopicProperties topics, KafkaProperties kafka, KafkaAdmin admin) {
        this.portal = portal;
        this.runner = runner;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.properties = properties;
        this.topics = topics;
        this.kafka = kafka;
        this.admin = admin;
    }

    @Override
    public synchronized void start() {
        startGroupAtEarliest();
        for (int i = 0; i < properties.concurrency(); i++) {
            workers.add(Thread.ofPlatform().name("samos-executor-" + i).start(this::work));
        }
        Map<String, Object> config = new HashMap<>(kafka.getProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topics.group());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        ContainerProperties containerProperties = new ContainerProperties(topics.topic());
        containerProperties.setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
        containerProperties.setMessageListener(
                (AcknowledgingShareConsumerAwareMessageListener<String, String>) (record, ack, consumer) ->
                        arrived(record, ack));
        container = new ShareKafkaMessageListenerContainer<>(new DefaultShareConsumerFactory<>(config),
                containerProperties);
        container.setConcurrency(properties.consumers());
        container.setBeanName("samos-tasks");
        container.start();
        runner.serving(properties.concurrency());
        running = true;
        log.info("Samos executor {} consuming {} as share group {} on {} thread(s)", portal.workerId(),
                topics.topic(), topics.group(), properties.concurrency());
    }

    /**
     * A new share group starts at the topic's end; tasks published before the first executor joined must run too,
     * so the group starts at the earliest record (idempotent: every executor sets it at start).
     */
    private void startGroupAtEarliest() {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, topics.group());
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            client.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            // The broker applies the change from its metadata log a moment after the call returns; a consumer that
            // fetched before would start the new group at the latest record.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"earliest".equals(client.describeConfigs(List.of(group)).all().get(30, TimeUnit.SECONDS)
                    .get(group).get("share.auto.offset.reset").value())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not apply share.auto.offset.reset=earliest");
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure share group " + topics.group() + " on Kafka "
                    + kafka.getBootstrapServers() + " (Kafka ≥ 4.2 with share groups enabled is needed: "
                    + "group.share.enable=true on the brokers): " + e, e);
        }
    }

    private void arrived(ConsumerRecord<String, String> record, ShareAcknowledgment ack) {
        ExecutionAddress address;
        try {
            address = KafkaTaskPublisher.addressOf(record.value());
        } catch (RuntimeException malformed) {
            // Not a task of ours, and no delivery will ever make it one: archived, and said so.
            log.warn("rejecting a malformed task record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), malformed.getMessage());
            metrics.task(Outcome.MALFORMED);
            ack.reject();
            return;
        }
        Delivery delivery = new Delivery(address, record.deliveryCount().map(Short::intValue).orElse(1), ack);
        if (stopping) {
            outcomes.release(delivery, Outcome.RELEASED);
        } else {
            arrived.add(delivery);
        }
    }

    private void work() {
        int batch = 1;
        while (!stopping) {
            Delivery first;
            try {
                first = arrived.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Delivery> deliveries = new ArrayList<>(batch);
            deliveries.add(first);
            arrived.drainTo(deliveries, batch - 1);
            long ran;
            try {
                ran = outcomes.run(deliveries);
            } catch (RuntimeException unexpected) {
                // A record never acknowledged would block its share consumer for good (no poll until every record
                // of the last one is settled): give them all back, and this thread goes on.
                log.error("a batch of {} task(s) failed unexpectedly; releasing its records", deliveries.size(),
                        unexpected);
                deliveries.forEach(delivery -> outcomes.release(delivery, Outcome.RELEASED));
                ran = 0;
            }
            // A batch costs two calls to portal-service however many tasks it holds: grow it while its functions
            // are quick, shrink it when they take long, so slow tasks are shared among threads, not queued here.
            if (ran < QUICK_BATCH_MILLIS && deliveries.size() == batch) {
                batch = Math.min(batch * 2, properties.maxBatch());
            } else if (ran > SLOW_BATCH_MILLIS) {
                batch = Math.max(1, batch / 2);
            }
        }
    }

    private void drainRunner() {
        try {
            runner.drain();
        } catch (RuntimeException e) {
            log.warn("could not tell the workers to start no more tasks; their batches run to the end: {}",
                    e.toString());
        }
    }

    /** Tasks received and not started yet. */
    int waiting() {
        return arrived.size();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        stopping = true;
        long begin = System.nanoTime();
        List<Delivery> notStarted = new ArrayList<>();
        arrived.drainTo(notStarted);
        notStarted.forEach(delivery -> outcomes.release(delivery, Outcome.RELEASED));
        log.info("Samos executor {} stopping: {} task(s) received and not started released; running ones may finish"
                + " within {}", portal.workerId(), notStarted.size(), properties.shutdownGrace());
        // A running batch would otherwise keep the stop waiting until its last task ran: its unstarted tasks come
        // back released, and only the running ones are waited for.
        drainRunner();
        long deadline = System.nanoTime() + properties.shutdownGrace().toNanos();
        for (Thread worker : workers) {
            try {
                if (!worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    worker.interrupt(); // its attempt fails and is retried elsewhere: nothing is lost
                    worker.join(Duration.ofSeconds(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        arrived.drainTo(notStarted);
        notStarted.forEach(delivery -> outcomes.release(delivery, Outcome.RELEASED));
        outcomes.close();
        container.stop();
        runner.serving(0);
        running = false;
        log.info("Samos executor {} stopped in {} ms; {} task(s) released unstarted", portal.workerId(),
                (System.nanoTime() - begin) / 1_000_000, notStarted.size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
