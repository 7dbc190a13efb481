package dev.samos.portal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where sqlite-jdbc loads its native library from: a per-user cache folder ({@code samos.nativeDir}, default
 * {@code ~/.samos/native}), one file per library content, written once and shared by every JVM of the user.
 *
 * <p>Why: by default the driver extracts a fresh copy (about 1.1 MB) into the temp folder at every JVM start and
 * deletes it at a normal exit only. Worker JVMs are meant to be killed ({@code kill -9} past a time limit), and each
 * kill left its copy behind for good. Named by content, the cached copy is never stale; written to a temporary
 * name and moved into place, so JVMs starting at once never load a half-written file. If the folder cannot be
 * written, or {@code org.sqlite.lib.path} is set already, the driver's own behaviour is left alone.
 */
final class SqliteLibrary {

    private static boolean installed;

    private SqliteLibrary() {
    }

    /** Points the driver at the cached library; call before the first connection (later calls do nothing). */
    static synchronized void install() {
        if (installed || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        installed = true;
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;                 // no bundled library for this platform: the driver reports it
            }
            byte[] library = in.readAllBytes();
            Path dir = folder().resolve("sqlite-" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(library), 0, 8));
            Path file = dir.resolve(org.sqlite.util.LibraryLoaderUtil.getNativeLibName());
            if (!Files.isRegularFile(file) || Files.size(file) != library.length) {
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, "partial-", ".tmp");
                try {
                    Files.write(partial, library);
                    moveIntoPlace(partial, file);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", file.getFileName().toString());
        } catch (IOException | NoSuchAlgorithmException | RuntimeException cannotCache) {
            // The driver extracts to the temp folder as it always did: a leftover per killed JVM, nothing worse.
        }
    }

    private static Path folder() {
        String configured = System.getProperty("samos.nativeDir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".samos", "native");
    }

    private static void moveIntoPlace(Path partial, Path file) throws IOException {
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
