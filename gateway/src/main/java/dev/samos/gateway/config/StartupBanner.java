package dev.samos.gateway.config;

import dev.samos.portal.Portal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says where everything is once the server listens: the API, its documentation, and the portal. */
@Component
class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final Portal portal;
    private final String address;

    StartupBanner(Portal portal, @Value("${server.address:localhost}") String address) {
        this.portal = portal;
        this.address = address;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String base = "http://" + address + ":" + event.getWebServer().getPort();
        log.info("Samos API:        {}/api/v1", base);
        log.info("Swagger UI:       {}/swagger-ui/index.html (OpenAPI: {}/v3/api-docs)", base, base);
        log.info("Portal:           {}", portal.describe().location());
    }
}
