package dev.samos.gateway.examples;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalContract;
import java.net.URI;
import java.nio.file.Files;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The portal contract through the Java client against a real standalone gateway on a random port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RemotePortalContractTest extends PortalContract {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-remote-contract").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.tokens", () -> "client-token");
    }

    @LocalServerPort
    int port;

    @Override
    protected Portal open() {
        return Portal.remote(URI.create("http://localhost:" + port), "client-token");
    }
}
