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
import java.util.Optional;
import dev.samos.store.StoredValue;
import dev.samos.store.ValueStore;
import java.util.UUID;

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
final class FolderStore implements ValueStore {

    static final int INLINE_LIMIT = 64 * 1024;

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    /** Statements separated by a line holding only ";". Counts are kept by triggers: describe() reads, never scans. */
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS value_entry (
              hash       BLOB PRIMARY KEY,
              descriptor TEXT NOT NULL,
              size       INTEGER NOT NULL,
              inline     BLOB
            ) WITHOUT ROWID
            ;
            CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID
            ;
            INSERT OR IGNORE INTO counter (name, value) VALUES ('values', 0), ('bytes', 0)
            ;
            CREATE TRIGGER IF NOT EXISTS value_added AFTER INSERT ON value_entry BEGIN
              UPDATE counter SET value = value + 1 WHERE name = 'values';
              UPDATE counter SET value = value + NEW.size WHERE name = 'bytes';
            END
            ;
            CREATE TRIGGER IF NOT EXISTS value_removed AFTER DELETE ON value_entry BEGIN
              UPDATE counter SET value = value - 1 WHERE name = 'values';
              UPDATE counter SET value = value - OLD.size WHERE name = 'bytes';
            END
            """;

    private final Path folder;
    private final Path valuesDir;
    private final Path tmpDir;
    private final StorageCodec codec;
    private final PortalDatabase db;
    /**
     * Addresses known to be stored: values never change once written, so "is it there?" needs asking only once
     * (a value found damaged is forgotten here too).
     */
    private final com.github.benmanes.caffeine.cache.Cache<ValueAddress, Boolean> known =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(200_000).build();

    /** Whether this store opened the database itself ({@link #open}) and so closes it. */
    private final boolean ownsDatabase;

    FolderStore(Path folder, StorageCodec codec, PortalDatabase db) {
        this(folder, codec, db, false);
    }

    private FolderStore(Path folder, StorageCodec codec, PortalDatabase db, boolean ownsDatabase) {
        this.ownsDatabase = ownsDatabase;
        this.folder = folder;
        this.valuesDir = folder.resolve("values");
        this.tmpDir = folder.resolve("tmp");
        this.codec = codec;
        this.db = db;
        db.onRollback(known::invalidateAll);
        try {
            Files.createDirectories(valuesDir);
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new PortalStorageException("cannot create the portal folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A store with a database of its own (tests and tools; a portal shares one database among its parts). */
    static FolderStore open(Path folder, StorageCodec codec) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new PortalStorageException("cannot create the portal folder " + folder + ": " + e.getMessage(), e);
        }
        return new FolderStore(folder, codec, PortalDatabase.open(folder.resolve("samos.db"), SCHEMA), true);
    }

    Path folder() {
        return folder;
    }

    @Override
    public void put(ValueAddress address, Object value) {
        if (known.getIfPresent(address) != null) {
            return;
        }
        SpillingOutput out = new SpillingOutput(tmpDir);
        try (out) {
            codec.write(value, out);
            if (out.file == null) {
                // INSERT OR IGNORE is the existence check: asking first would cost a second look-up per value.
                insert(address, out.buffer.size(), out.buffer.toByteArray());
            } else if (!has(address)) {
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

    @Override
    public boolean has(ValueAddress address) {
        if (known.getIfPresent(address) != null) {
            return true;
        }
        boolean stored = query(address, false) != null;
        if (stored) {
            known.put(address, Boolean.TRUE);
        }
        return stored;
    }

    /**
     * The value at {@code address}, verified against it, or empty if the portal does not have it.
     *
     * @throws CorruptValueException naming the address if the stored bytes are damaged; the entry is removed
     */
    @Override
    public Optional<StoredValue> get(ValueAddress address) {
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
                    if (in.read() != -1) {
                        throw new CorruptValueException("bytes after the end of the stored value");
                    }
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
        return Optional.of(new StoredValue(value));
    }

    @Override
    public StoreSize size() {
        return new StoreSize(db.count("SELECT value FROM counter WHERE name = 'values'"),
                db.count("SELECT value FROM counter WHERE name = 'bytes'"));
    }

    @Override
    public String location() {
        return folder.toString();
    }

    private void removeValue(ValueAddress address) {
        known.invalidate(address);
        db.update("DELETE FROM value_entry WHERE hash = ?", key(address));
        try {
            Files.deleteIfExists(valuesDir.resolve(address.toPath()));
        } catch (IOException e) {
            // The row is gone, so the file is invisible; a later put overwrites it.
        }
    }

    private record Entry(long size, byte[] inline) {
    }

    /**
     * The row key of a value: the raw bytes of its hash (half the size of the text, so more keys per page and
     * fewer pages written per insert). The descriptor is a function of the value, so the hash alone is unique; it
     * is kept to tell an address with a wrong descriptor that it is not here.
     */
    private static byte[] key(ValueAddress address) {
        return HEX.parseHex(address.hash());
    }

    private Entry query(ValueAddress address, boolean withBytes) {
        return withBytes
                ? db.queryOne("SELECT size, inline FROM value_entry WHERE hash = ? AND descriptor = ?",
                        row -> new Entry(row.getLong(1), row.getBytes(2)), key(address), address.descriptor())
                : db.queryOne("SELECT size FROM value_entry WHERE hash = ? AND descriptor = ?",
                        row -> new Entry(row.getLong(1), null), key(address), address.descriptor());
    }

    private void insert(ValueAddress address, long size, byte[] inline) {
        db.update("INSERT OR IGNORE INTO value_entry (hash, descriptor, size, inline) VALUES (?, ?, ?, ?)",
                key(address), address.descriptor(), size, inline);
        known.put(address, Boolean.TRUE);
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
        if (ownsDatabase) {
            db.close(); // else it is the folder's, shared with its execution index: the portal closes it
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
