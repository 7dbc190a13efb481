package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Executors from the executor-service jar, as the cluster will run them: each given the portal-service URI and the
 * broker, two with resources of their own (by arguments); one is killed with SIGKILL and another started later. The
 * executor-service is a skeleton today, so this shows the harness's plumbing, not task execution.
 */
class ExecutorProcessIT {

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder()
            .executorArgs("--samos.executor.e2e=true")
            .executor("small", "--samos.executor.threads=1")
            .executor("big", "--samos.executor.threads=4")
            .build();

    @Test
    void executorsRunWithTheirOwnArgumentsAndOneIsReplacedAfterAKill() {
        ServiceProcess small = CLUSTER.executor("small");
        ServiceProcess big = CLUSTER.executor("big");
        assertThat(CLUSTER.executors()).containsExactly(small, big);
        for (ServiceProcess executor : CLUSTER.executors()) {
            assertThat(executor.command()).contains(
                    "--samos.cluster.portal-service=" + CLUSTER.portalService(),
                    "--spring.kafka.bootstrap-servers=" + CLUSTER.bootstrapServers(),
                    "--samos.executor.e2e=true");
            assertThat(executor.log().getFileName().toString()).startsWith("ExecutorProcessIT-");
        }
        assertThat(small.command()).contains("--samos.executor.threads=1").doesNotContain("--samos.executor.threads=4");
        assertThat(big.command()).contains("--samos.executor.threads=4");

        assertThat(small.kill9()).isEqualTo(ServiceProcess.SIGKILL_EXIT);
        assertThat(CLUSTER.executors()).containsExactly(big);

        ServiceProcess late = CLUSTER.startExecutor("late", "--samos.executor.threads=2");
        assertThat(late.isAlive()).isTrue();
        assertThat(CLUSTER.executors()).containsExactly(big, late);
    }
}
