package dev.samos.gateway.examples;

import dev.samos.portal.Portal;
import java.nio.file.Files;

/** The examples on an embedded local portal. */
class LocalPortalExamplesTest extends PortalExamplesContract {

    @Override
    protected Portal open() throws Exception {
        return Portal.local(Files.createTempDirectory("samos-examples"));
    }
}
