package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway from its packaged jar (its default standalone profile until the cluster profile exists) answers its API,
 * and {@link ServiceProcess#kill9()} ends it at once: SIGKILL, no shutdown hook, the process gone, the port closed.
 */
class GatewayKillIT {

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder().standaloneGateway().build();

    @Test
    void theGatewayAnswersAndKill9EndsIt() throws Exception {
        ServiceProcess gateway = CLUSTER.gateway();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> portal = http.send(HttpRequest.newBuilder(gateway.uri("/api/v1/portal"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(portal.statusCode()).as(portal.body()).isEqualTo(200);

            long pid = gateway.pid();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            assertThat(gateway.kill9()).as("exit code of SIGKILL (128 + 9)").isEqualTo(ServiceProcess.SIGKILL_EXIT);

            assertThat(gateway.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty();
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(gateway.uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            // Killed, not stopped: Spring's graceful shutdown never ran.
            assertThat(gateway.logText()).doesNotContain("Commencing graceful shutdown");
        }
    }
}
