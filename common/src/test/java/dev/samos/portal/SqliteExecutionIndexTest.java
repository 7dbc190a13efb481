package dev.samos.portal;

import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndexContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The execution index contract on a portal folder's SQLite index. */
class SqliteExecutionIndexTest extends ExecutionIndexContract {

    @TempDir
    Path folder;

    private final List<LocalStores> opened = new ArrayList<>();

    @Override
    protected ExecutionIndex newIndex(Clock clock) {
        LocalStores stores = LocalStores.open(folder.resolve("portal-" + opened.size()), clock);
        opened.add(stores);
        return stores.index();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(LocalStores::close);
    }
}
