package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent state of a local portal: one folder, shared safely by several JVMs.
 *
 * <p>Layout: {@code samos.db} is an SQLite database in WAL mode holding the index and every value whose stored
 * form is at most {@value #INLINE_LIMIT} bytes; larger values are files under {@code values/} at their address's
 * path form. Why: measured on this machine with 50k 100-byte entries, one file per value wrote ~8–16k/s, read
 * ~28–62k/s and took 333 MB of disk for 5 MB of data, while SQLite (WAL, synchronous=NORMAL) wrote ~9–12k/s, read
 * ~45–66k/s and took 10 MB; LMDB (lmdbjava) was faster still but needs {@code --add-opens} JVM flags in every
 * user's program and a preset map size. SQLite is one self-contained jar, handles several processes with its own
 * locking, and survives {@code kill -9} mid-write (WAL).
 *
 * <p>Writes are atomic: a value file is written to {@code tmp/} and renamed into place; its index row is inserted
 * after the rename, so a value is visible only when complete. Reads verify the value against its address; a value
 * that fails is removed and reported, so the caller recomputes it instead of returning wrong data.
 */
final class FolderStore implements AutoCloseable {

    static final int INLINE_LIMIT = 64 * 1024;

    private final Path folder;
    private final Path valuesDir;
    private final Path tmpDir;
    private final StorageCodec codec;
    private final Connection db;
    /** One connection per store; JDBC connections are not for concurrent use, so statements take turns. */
    private final ReentrantLock dbLock = new ReentrantLock();

    private FolderStore(Path folder, StorageCodec codec, Connection db) {
        this.folder = folder;
        this.valuesDir = folder.resolve("values");
        this.tmpDir = folder.resolve("tmp");
        this.codec = codec;
        this.db = db;
    }

    static FolderStore open(Path folder, StorageCodec codec) {
        try {
            Files.createDirectories(folder.resolve("values"));
            Files.createDirectories(folder.resolve("tmp"));
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("samos.db"));
            try (Statement s = db.createStatement()) {
                // Another JVM may hold the write lock for a moment: wait for it rather than fail.
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS value_entry (
                          address TEXT PRIMARY KEY,
                          size    INTEGER NOT NULL,
                          inline  BLOB
                        ) WITHOUT ROWID""");
            }
            return new FolderStore(folder, codec, db);
        } catch (IOException | SQLException e) {
            throw new PortalStorageException("cannot open portal folder " + folder + ": " + e.getMessage(), e);
        }
    }

    Path folder() {
        return folder;
    }

    /** Stores {@code value} under its address unless it is there already; returns the address. */
    ValueAddress putValue(Object value) {
        ValueAddress address = ValueAddress.of(value);
        putValue(address, value);
        return address;
    }

    /** Stores {@code value}, whose address the caller computed, unless it is there already. */
    void putValue(ValueAddress address, Object value) {
        if (hasValue(address)) {
            return;
        }
        SpillingOutput out = new SpillingOutput(tmpDir);
        try (out) {
            codec.write(value, out);
            if (out.file == null) {
                insert(address, out.buffer.size(), out.buffer.toByteArray());
            } else {
                out.close();
                Path target = valuesDir.resolve(address.toPath());
                Files.createDirectories(target.getParent());
                moveAtomically(out.file, target);
                insert(address, Files.size(target), null);
            }
        } catch (IOException e) {
            throw new PortalStorageException("cannot store value " + address + " in " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            out.discard();
        }
    }

    boolean hasValue(ValueAddress address) {
        return query(address, false) != null;
    }

    /**
     * The value at {@code address}, verified against it, or empty if the portal does not have it.
     *
     * @throws CorruptValueException naming the address if the stored bytes are damaged; the entry is removed
     */
    Optional<Object> getValue(ValueAddress address) {
        Entry entry = query(address, true);
        if (entry == null) {
            return Optional.empty();
        }
        Object value;
        try {
            if (entry.inline != null) {
                value = codec.decode(entry.inline);
            } else {
                try (InputStream in = Files.newInputStream(valuesDir.resolve(address.toPath()))) {
                    value = codec.read(in);
                }
            }
        } catch (CorruptValueException | IOException | UncheckedIOException e) {
            removeValue(address);
            throw new CorruptValueException("value " + address + " in portal " + folder
                    + " is damaged and was removed (it will be recomputed or fetched again): " + e.getMessage());
        }
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(address)) {
            removeValue(address);
            throw new CorruptValueException("value " + address + " in portal " + folder
                    + " holds a different value (" + actual + "); it was removed and will be recomputed");
        }
        return Optional.of(value);
    }

    long valueCount() {
        return scalar("SELECT count(*) FROM value_entry");
    }

    long bytesStored() {
        return scalar("SELECT coalesce(sum(size), 0) FROM value_entry");
    }

    private void removeValue(ValueAddress address) {
        update("DELETE FROM value_entry WHERE address = ?", address.toString());
        try {
            Files.deleteIfExists(valuesDir.resolve(address.toPath()));
        } catch (IOException e) {
            // The row is gone, so the file is invisible; a later put overwrites it.
        }
    }

    private record Entry(long size, byte[] inline) {
    }

    private Entry query(ValueAddress address, boolean withBytes) {
        String sql = withBytes ? "SELECT size, inline FROM value_entry WHERE address = ?"
                : "SELECT size FROM value_entry WHERE address = ?";
        dbLock.lock();
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, address.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Entry(row.getLong(1), withBytes ? row.getBytes(2) : null) : null;
            }
        } catch (SQLException e) {
            throw failure("read", e);
        } finally {
            dbLock.unlock();
        }
    }

    private void insert(ValueAddress address, long size, byte[] inline) {
        dbLock.lock();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT OR IGNORE INTO value_entry (address, size, inline) VALUES (?, ?, ?)")) {
            insert.setString(1, address.toString());
            insert.setLong(2, size);
            insert.setBytes(3, inline);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        } finally {
            dbLock.unlock();
        }
    }

    private void update(String sql, String argument) {
        dbLock.lock();
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, argument);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        } finally {
            dbLock.unlock();
        }
    }

    private long scalar(String sql) {
        dbLock.lock();
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("read", e);
        } finally {
            dbLock.unlock();
        }
    }

    private PortalStorageException failure(String what, SQLException e) {
        return new PortalStorageException("cannot " + what + " the index of portal " + folder + ": "
                + e.getMessage(), e);
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the portal folder's file system cannot rename atomically", e);
        }
    }

    @Override
    public void close() {
        dbLock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            dbLock.unlock();
        }
    }

    /** Buffers in memory up to the inline limit, then continues in a temporary file of the portal's own. */
    private static final class SpillingOutput extends OutputStream {
        private final Path tmpDir;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Path file;
        private OutputStream fileOut;

        SpillingOutput(Path tmpDir) {
            this.tmpDir = tmpDir;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fileOut == null && buffer.size() + len <= INLINE_LIMIT) {
                buffer.write(b, off, len);
                return;
            }
            if (fileOut == null) {
                file = tmpDir.resolve(UUID.randomUUID() + ".part");
                fileOut = Files.newOutputStream(file);
                buffer.writeTo(fileOut);
            }
            fileOut.write(b, off, len);
        }

        /** Deletes the temporary file if it was not moved into place (a failed write). */
        void discard() {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // Left in tmp/, which holds nothing else of value.
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (fileOut != null) {
                fileOut.close();
                fileOut = null;
            }
        }
    }
}
