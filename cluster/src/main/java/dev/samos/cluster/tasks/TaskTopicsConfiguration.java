package dev.samos.cluster.tasks;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The task topics (created at start if missing, by Spring's KafkaAdmin) and the publisher of task records; imported
 * by the gateway's cluster profile and by executor-service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaskTopicProperties.class)
public class TaskTopicsConfiguration {

    @Bean
    NewTopic samosTaskTopic(TaskTopicProperties topics) {
        return new NewTopic(topics.topic(), Optional.of(topics.partitions()), replicas(topics));
    }

    @Bean
    NewTopic samosDeadLetterTopic(TaskTopicProperties topics) {
        return new NewTopic(topics.deadLetterTopic(), Optional.of(1), replicas(topics));
    }

    @Bean
    KafkaTaskPublisher taskPublisher(KafkaTemplate<String, String> kafka, TaskTopicProperties topics,
            @Value("${samos.tasks.publish-timeout:30s}") Duration timeout) {
        return new KafkaTaskPublisher(kafka, topics.topic(), timeout);
    }

    private static Optional<Short> replicas(TaskTopicProperties topics) {
        return topics.replicas() < 0 ? Optional.empty() : Optional.of(topics.replicas());
    }
}
