package dev.samos.cluster.tasks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The task topics ({@code samos.tasks.*}), the same for the gateway that publishes and the executors that consume.
 *
 * @param topic where task records go: one record per execution that needs running, its value the execution address
 * @param deadLetterTopic where a task goes once its execution is FAILED for good (tries used up, or no executor
 *        satisfies its validators), with the reason
 * @param partitions partitions of the task topic when Samos creates it: a share group lets any number of executors
 *        share a partition, so this bounds broker parallelism, not the number of executors
 * @param replicas replication factor when Samos creates the topics (-1: the broker's default)
 * @param group the executors' share group
 */
@ConfigurationProperties("samos.tasks")
public record TaskTopicProperties(String topic, String deadLetterTopic, Integer partitions, Short replicas,
        String group) {

    public TaskTopicProperties {
        topic = topic == null || topic.isBlank() ? "samos.tasks" : topic;
        deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? topic + ".dlt" : deadLetterTopic;
        partitions = partitions == null ? 6 : partitions;
        replicas = replicas == null ? -1 : replicas;
        group = group == null || group.isBlank() ? "samos-executors" : group;
        if (partitions < 1) {
            throw new IllegalArgumentException("samos.tasks.partitions must be ≥ 1, not " + partitions);
        }
    }
}
