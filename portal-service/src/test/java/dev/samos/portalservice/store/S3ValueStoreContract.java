package dev.samos.portalservice.store;

import dev.samos.address.ValueAddress;
import dev.samos.store.ValueStore;
import dev.samos.store.ValueStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The value store contract against an S3-compatible server; subclasses say which server. */
abstract class S3ValueStoreContract extends ValueStoreContract {

    private static final AtomicInteger STORES = new AtomicInteger();

    abstract S3Client s3();

    abstract String bucket();

    /** A fresh prefix per test: an empty store in the class's bucket, and prefixes are exercised for free. */
    @Override
    protected ValueStore newStore() {
        return new S3ValueStore(s3(), new S3Location(bucket(), "store-" + STORES.incrementAndGet()),
                StoreTally.inMemory());
    }

    /** Overwrites the object unconditionally, as an operator's copy or a bad restore would. */
    @Override
    protected void rewriteStored(ValueStore store, ValueAddress address, UnaryOperator<byte[]> change) {
        String key = ((S3ValueStore) store).key(address);
        byte[] bytes = s3().getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray();
        s3().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(change.apply(bytes)));
    }
}
