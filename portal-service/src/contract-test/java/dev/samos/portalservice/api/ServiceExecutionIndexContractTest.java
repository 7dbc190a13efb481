package dev.samos.portalservice.api;

import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndexContract;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portalservice.ServiceUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The ExecutionIndex contract suite against the HTTP client. The contract moves time with the clock it gives, and
 * leases are judged by the server's index: so each index is a portal-service of its own, on a fresh folder, timed
 * by that very clock (a {@code Clock} bean, which the folder backend uses when present).
 *
 * <p>Not compiled yet: {@code ExecutionIndexContract} is being written on another branch. Once it is in common's
 * test-jar, move this file to {@code src/test/java} (same package).
 */
class ServiceExecutionIndexContractTest extends ExecutionIndexContract {

    private final List<ServiceUnderTest> services = new ArrayList<>();

    @Override
    protected ExecutionIndex newIndex(Clock clock) {
        try {
            ServiceUnderTest service = ServiceUnderTest.start(Files.createTempDirectory("samos-index-contract"),
                    clock);
            services.add(service);
            return new ServiceExecutionIndex(service.uri(), ServiceOptions.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopServices() {
        services.forEach(ServiceUnderTest::close);
        services.clear();
    }
}
