package dev.samos.executor.task;

import dev.samos.cluster.tasks.TaskTopicProperties;
import dev.samos.execution.ExecutionAddress;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter topic: one record per execution that is FAILED for good, keyed by its address, its value a small
 * JSON document with the reason — for operators and alerting; the execution's records in the index hold the full
 * story (every attempt, its output and stack trace).
 */
@Component
class DeadLetters {

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final JsonMapper json = JsonMapper.builder().build();

    DeadLetters(KafkaTemplate<String, String> kafka, TaskTopicProperties topics) {
        this.kafka = kafka;
        this.topic = topics.deadLetterTopic();
    }

    void send(ExecutionAddress address, String reason, List<String> validation, String executor) {
        kafka.send(topic, address.toString(), json.writeValueAsString(Map.of("execution", address.toString(),
                "reason", reason, "validation", validation, "executor", executor)));
    }
}
