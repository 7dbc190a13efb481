package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.codec.CorruptValueException;
import dev.samos.examples.MySquare;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the index keeps inline (small kwargs and results in the execution's row) is checked like every value read
 * from the folder: against the execution's address and the result's address. Damage is made by hand with SQL.
 */
class IndexIntegrityTest {

    @TempDir
    Path folder;

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("samos.db"));
    }

    @Test
    void aFolderOfAnotherLayoutIsRefusedNotMisread() throws Exception {
        Files.createDirectories(folder);
        try (Connection db = database(); Statement s = db.createStatement()) {
            s.execute("PRAGMA user_version = 1");
        }
        assertThatThrownBy(() -> LocalPortal.open(folder))
                .isInstanceOf(PortalStorageException.class)
                .hasMessageContaining("layout version 1")
                .hasMessageContaining("reads version " + PortalDatabase.LAYOUT_VERSION);
    }

    @Test
    void aFolderMadeBeforeRequestsRecordedTheirDepthOrCallerOpensAndItsRequestsAreSwarmedFromTheTop()
            throws Exception {
        ExecutionAddress three;
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            three = portal.pure(MySquare.class).swarm("x", 3);
        }
        try (Connection db = database(); Statement s = db.createStatement()) {
            s.execute("ALTER TABLE execution DROP COLUMN depth"); // the execution table as layout 3 first had it
            s.execute("ALTER TABLE execution DROP COLUMN caller_waits");
        }
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(1))) {
            portal.startWorkers();
            assertThat(portal.get(three, Duration.ofSeconds(30))).isEqualTo(9L);
        }
        try (Connection db = database(); Statement s = db.createStatement();
                var row = s.executeQuery("SELECT depth, caller_waits FROM execution")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isZero();
            assertThat(row.getInt(2)).isZero();
        }
    }

    @Test
    void swappedInlineKwargsFailTheTaskInsteadOfAnsweringAnotherCall() throws Exception {
        ExecutionAddress three;
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(MySquare.class);
            three = square.swarm("x", 3);
            square.swarm("x", 4);
        }
        try (Connection db = database(); Statement s = db.createStatement()) {
            // The row of x=3 now holds the kwargs of x=4: running it would store 16 as the square of 3.
            s.executeUpdate("UPDATE execution SET kwargs = (SELECT kwargs FROM execution WHERE id = 2) WHERE id = 1");
        }
        // Run in the caller (no worker alive): refused before it runs.
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            assertThatThrownBy(() -> portal.get(three, Duration.ofSeconds(30)))
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessageContaining(three.toString())
                    .hasMessageContaining("do not hash to its address");
        }
        // Run by a worker: the attempt fails, and the execution is FAILED with that reason.
        try (LocalPortal portal = LocalPortal.open(folder,
                PortalOptions.defaults().withWorkers(1).withRetries(1, 10))) {
            portal.startWorkers();
            assertThatThrownBy(() -> portal.get(three, Duration.ofSeconds(30)))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("do not hash to its address");
            assertThat(portal.get(portal.executionAddress(portal.pure(MySquare.class), Kwargs.of("x", 4)),
                    Duration.ofSeconds(30))).isEqualTo(16L);
        }
    }

    @Test
    void aSwappedInlineResultIsNeverReturnedAndIsComputedAgain() throws Exception {
        ExecutionAddress three;
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(MySquare.class);
            assertThat(square.call("x", 3)).isEqualTo(9L);
            assertThat(square.call("x", 4)).isEqualTo(16L);
            three = portal.executionAddress(square, Kwargs.of("x", 3));
        }
        try (Connection db = database(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE execution SET result_inline = "
                    + "(SELECT result_inline FROM execution WHERE id = 2) WHERE id = 1");
        }
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            assertThat(portal.pure(MySquare.class).call("x", 3)).isEqualTo(9L);
            assertThat(portal.record(three).orElseThrow().attempts()).hasSize(2)
                    .allMatch(attempt -> attempt.outcome() == dev.samos.execution.Attempt.Outcome.DONE);
        }
    }
}
