package dev.samos.portalservice.api;

import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceValueStore;
import dev.samos.portalservice.ServiceUnderTest;
import dev.samos.store.ValueStore;
import dev.samos.store.ValueStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ValueStore contract suite against the HTTP client, over the folder backend of a running portal-service.
 *
 * <p>Not compiled yet: {@code ValueStoreContract} is being written on another branch. Once it is in common's
 * test-jar, move this file to {@code src/test/java} (same package); adjust {@link #newStore} if the hook's name
 * differs.
 */
class ServiceValueStoreContractTest extends ValueStoreContract {

    private static ServiceUnderTest service;

    @BeforeAll
    static void start() throws IOException {
        service = ServiceUnderTest.start(Files.createTempDirectory("samos-value-contract"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Override
    protected ValueStore newStore() {
        return new ServiceValueStore(service.uri(), ServiceOptions.defaults());
    }
}
