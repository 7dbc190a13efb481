package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.store.ValueStore;
import dev.samos.store.ValueStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The value store contract on a portal folder: small values in SQLite rows, large ones in files. */
class FolderStoreContractTest extends ValueStoreContract {

    @TempDir
    Path root;

    private final List<FolderStore> opened = new ArrayList<>();

    @Override
    protected ValueStore newStore() {
        FolderStore store = FolderStore.open(root.resolve("portal-" + opened.size()), new StorageCodec());
        opened.add(store);
        return store;
    }

    /** Damages what the folder holds for {@code address}: its file, or its row's bytes, behind the store's back. */
    @Override
    protected void rewriteStored(ValueStore store, ValueAddress address, UnaryOperator<byte[]> change) {
        Path folder = ((FolderStore) store).folder();
        Path file = folder.resolve("values").resolve(address.toPath());
        try {
            if (Files.exists(file)) {
                Files.write(file, change.apply(Files.readAllBytes(file)));
                return;
            }
            byte[] key = HexFormat.of().parseHex(address.hash());
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("samos.db"));
                    PreparedStatement read = db.prepareStatement("SELECT inline FROM value_entry WHERE hash = ?");
                    PreparedStatement write = db.prepareStatement("UPDATE value_entry SET inline = ? WHERE hash = ?")) {
                read.setBytes(1, key);
                byte[] bytes;
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        return;
                    }
                    bytes = row.getBytes(1);
                }
                write.setBytes(1, change.apply(bytes));
                write.setBytes(2, key);
                write.executeUpdate();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not damage " + address + " in " + folder, e);
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(FolderStore::close);
    }
}
