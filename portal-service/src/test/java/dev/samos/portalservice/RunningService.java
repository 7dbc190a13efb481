package dev.samos.portalservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real portal-service on a free port, on the folder backend in a fresh temporary folder. Every test class that
 * extends this shares one running server (Spring caches the context), so tests use addresses of their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class RunningService {

    /** Small, so the oversize test needs no large body; the portal tests stay far below it. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final Path FOLDER = temporaryFolder();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void folderBackend(DynamicPropertyRegistry registry) {
        registry.add("samos.portal.backend", () -> "folder");
        registry.add("samos.portal.folder", FOLDER::toString);
        registry.add("samos.portal.max-body-size", () -> MAX_BODY_BYTES + "B");
    }

    /** The folder backend's portal folder, for tests that damage it by hand. */
    protected static Path folder() {
        return FOLDER;
    }

    protected URI serviceUri() {
        return URI.create("http://localhost:" + port);
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("samos-portal-service-test");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
