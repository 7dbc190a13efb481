package dev.samos.executor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An executor: takes task records from the cluster's task topic (a Kafka share group), runs each task's pure
 * function on this JVM's resources after its pre-validators agree, and stores the result through portal-service.
 * Scale it by adding replicas: any executor takes any task.
 */
@SpringBootApplication
public class ExecutorServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExecutorServiceApplication.class, args);
    }
}
