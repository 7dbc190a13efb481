package dev.samos.gateway.api;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalDescription;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The portal's summary: values, functions, executions by status, workers alive, validators in use. */
@RestController
public class PortalController {

    private final Portal portal;

    PortalController(Portal portal) {
        this.portal = portal;
    }

    @GetMapping(path = "/api/v1/portal", produces = MediaType.APPLICATION_JSON_VALUE)
    public PortalDescription describe() {
        return portal.describe();
    }
}
