package dev.samos.portal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The portal contract on a local folder. */
class LocalPortalContractTest extends PortalContract {

    @TempDir
    Path folder;

    @Override
    protected Portal open() {
        return Portal.local(folder);
    }
}
