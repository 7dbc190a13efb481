package dev.samos.portal;

import dev.samos.codec.StorageCodec;
import dev.samos.index.ExecutionIndex;
import dev.samos.store.ValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The two stores of a portal folder: values in {@link FolderStore}, the execution index in
 * {@link SqliteExecutionIndex}, over one SQLite database ({@code samos.db}) that several JVMs can share. The local
 * portal runs on them; so can a portal-service without S3 and Redis (for development), and the contract suites.
 */
public final class LocalStores implements AutoCloseable {

    private final Path folder;
    private final PortalDatabase db;
    private final FolderStore values;
    private final SqliteExecutionIndex index;

    private LocalStores(Path folder, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.folder);
        } catch (java.io.IOException e) {
            throw new PortalStorageException("cannot create the portal folder " + folder + ": " + e.getMessage(), e);
        }
        this.db = PortalDatabase.open(this.folder.resolve("samos.db"),
                FolderStore.SCHEMA + "\n;\n" + SqliteExecutionIndex.SCHEMA);
        StorageCodec codec = new StorageCodec(LocalStores.class.getClassLoader());
        this.values = new FolderStore(this.folder, codec, db);
        this.index = new SqliteExecutionIndex(db, clock, codec);
    }

    /** Opens (creating if needed) the stores of the portal folder {@code folder}, timed by {@code clock}. */
    public static LocalStores open(Path folder, Clock clock) {
        return new LocalStores(folder, clock);
    }

    public Path folder() {
        return folder;
    }

    public ValueStore values() {
        return values;
    }

    public ExecutionIndex index() {
        return index;
    }

    /** Closes the database both stores share. */
    @Override
    public void close() {
        db.close();
    }
}
