package dev.samos.executor.task;

import dev.samos.execution.ExecutionAddress;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * A task record as the share group delivered it: the execution it names, how often the broker has delivered it (1
 * the first time), and the handle that accepts or releases it.
 */
record Delivery(ExecutionAddress address, int deliveryCount, ShareAcknowledgment ack) {
}
