package dev.samos.portalservice;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A portal-service of its own on a free port, on the folder backend, timed by a given clock: for suites that need a
 * fresh service per test or a clock they move (the index contract), and for the benchmark.
 */
public final class ServiceUnderTest implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI uri;

    private ServiceUnderTest(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.uri = URI.create("http://localhost:" + port);
    }

    public static ServiceUnderTest start(Path folder, Clock clock, String... properties) {
        String[] args = new String[properties.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--samos.portal.backend=folder";
        args[2] = "--samos.portal.folder=" + folder;
        System.arraycopy(properties, 0, args, 3, properties.length);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PortalServiceApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", clock))
                .logStartupInfo(false)
                .run(args);
        return new ServiceUnderTest(context);
    }

    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        context.close();
    }
}
