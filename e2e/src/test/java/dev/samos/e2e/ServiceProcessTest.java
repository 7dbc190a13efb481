package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.e2e.stub.HealthStub;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceProcess} on a stand-in service ({@link HealthStub}, a few lines of JDK HTTP server): it waits for UP,
 * SIGTERM runs the service's shutdown hook and SIGKILL does not, kill9 takes the descendants too, and a service that
 * exits or never gets healthy fails with its log's tail.
 */
class ServiceProcessTest {

    private static final List<ServiceProcess> STARTED = new ArrayList<>();

    @AfterAll
    static void stopAll() {
        STARTED.forEach(ServiceProcess::close);
    }

    @Test
    void stopSendsSigtermAndTheServiceShutsDownGracefully() {
        ServiceProcess stub = start("stub-stop");
        assertThat(stub.isAlive()).isTrue();
        assertThat(stub.baseUri().toString()).isEqualTo("http://127.0.0.1:" + stub.port());
        assertThat(stub.log()).isEqualTo(E2e.logs().resolve("stub-stop.log"));
        assertThat(stub.stop()).isEqualTo(ServiceProcess.SIGTERM_EXIT);
        assertThat(stub.logText()).contains("stub: listening", "stub: shutdown hook ran");
    }

    @Test
    void kill9SendsSigkillToTheServiceAndItsChildren() throws Exception {
        ServiceProcess stub = start("stub-kill", "--child");
        List<ProcessHandle> children = stub.process().children().toList();
        assertThat(children).hasSize(1);

        assertThat(stub.kill9()).isEqualTo(ServiceProcess.SIGKILL_EXIT);

        assertThat(ProcessHandle.of(stub.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(children.getFirst().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
        Thread.sleep(200); // the log is the process's own file: nothing more can be written now
        assertThat(stub.logText()).contains("stub: listening").doesNotContain("shutdown hook ran");
    }

    @Test
    void aRestartRunsOnTheSamePortWithALogOfItsOwn() {
        ServiceProcess first = start("stub-restart");
        first.kill9();
        ServiceProcess second = first.restart();
        STARTED.add(second);
        assertThat(second.port()).isEqualTo(first.port());
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.log().getFileName().toString()).isEqualTo("stub-restart-2.log");
    }

    @Test
    void aServiceThatExitsFailsTheStartWithItsLog() {
        assertThatThrownBy(() -> start("stub-fail", "--fail"))
                .isInstanceOf(ServiceProcess.StartFailure.class)
                .hasMessageContaining("exited with code 3 before it was healthy")
                .hasMessageContaining("stub: failing on purpose")
                .hasMessageContaining("stub-fail.log");
    }

    @Test
    void aServiceThatNeverGetsHealthyFailsAfterTheTimeoutAndIsKilled() {
        ServiceProcess.Builder builder = stub("stub-down", "--down").healthTimeout(Duration.ofSeconds(3));
        assertThatThrownBy(builder::start)
                .isInstanceOfSatisfying(ServiceProcess.StartFailure.class, e -> {
                    assertThat(e.process().isAlive()).isFalse();
                    assertThat(e).hasMessageContaining("did not answer UP").hasMessageContaining("503")
                            .hasMessageContaining("DOWN").hasMessageContaining("stub: listening");
                });
    }

    private static ServiceProcess start(String name, String... args) {
        ServiceProcess process = stub(name, args).start();
        STARTED.add(process);
        return process;
    }

    private static ServiceProcess.Builder stub(String name, String... args) {
        return ServiceProcess.java(name, List.of("-cp", classes(), HealthStub.class.getName()))
                .heap("32m").args(args).healthTimeout(Duration.ofSeconds(30));
    }

    private static String classes() {
        try {
            return Path.of(HealthStub.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
