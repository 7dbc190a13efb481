package dev.samos.gateway.api;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalDescription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The portal's summary: values, functions, executions by status, workers alive, validators in use. */
@RestController
@Tag(name = "portal", description = "The portal's summary")
public class PortalController {

    private final Portal portal;

    PortalController(Portal portal) {
        this.portal = portal;
    }

    @Operation(operationId = "describePortal", summary = "Values, functions, executions by status, workers alive, "
            + "validators in use")
    @GetMapping(path = "/api/v1/portal", produces = MediaType.APPLICATION_JSON_VALUE)
    public PortalDescription describe() {
        return portal.describe();
    }
}
