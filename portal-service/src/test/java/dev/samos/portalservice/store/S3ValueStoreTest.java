package dev.samos.portalservice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.portal.PortalStorageException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against S3Mock, plus what only an S3 store has: keys, a recount, S3's errors. */
class S3ValueStoreTest extends S3ValueStoreContract {

    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @Override
    S3Client s3() {
        return S3.client();
    }

    @Override
    String bucket() {
        return S3.bucket();
    }

    @Test
    void aValueIsOneObjectAtItsAddressPathUnderThePrefix() {
        ValueAddress address = store.put(List.of("where", "am", "I"));
        String key = ((S3ValueStore) store).key(address);

        assertThat(key).matches("store-\\d+/values/list_3/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{60}")
                .endsWith(address.toPath());
        assertThat(s3().headObject(b -> b.bucket(bucket()).key(key)).contentLength())
                .isEqualTo(encodedLength(List.of("where", "am", "I")));
        assertThat(store.location()).isEqualTo("s3://" + bucket() + "/" + key.substring(0, key.indexOf('/') + 1));
    }

    @Test
    void aRecountByListingAgreesWithTheKeptCounts() {
        Map<ValueAddress, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            values.put(ValueAddress.of(List.of("recount", i)), List.of("recount", i));
        }
        store.putAll(values);
        store.put(randomBytes(100_000, 9));

        assertThat(((S3ValueStore) store).recount()).isEqualTo(store.size());
        assertThat(store.size().values()).isEqualTo(26);
    }

    @Test
    void knownAddressesCostNoRequest() {
        ValueAddress address = store.put("asked once");
        int heads = S3.requests("HeadObjectRequest");
        int puts = S3.requests("PutObjectRequest");

        store.put("asked once");
        assertThat(store.has(address)).isTrue();
        assertThat(store.missing(List.of(address))).isEmpty();

        assertThat(S3.requests("HeadObjectRequest")).isEqualTo(heads);
        assertThat(S3.requests("PutObjectRequest")).isEqualTo(puts);
    }

    @Test
    void aMissingBucketIsAStorageErrorNamingTheOperationAndTheObject() {
        try (S3ValueStore lost = new S3ValueStore(s3(), new S3Location("no-such-bucket", "p"),
                StoreTally.inMemory())) {
            ValueAddress address = ValueAddress.of("nowhere");

            assertThatThrownBy(() -> lost.put("nowhere"))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("S3 put of s3://no-such-bucket/p/values/" + address.toPath())
                    .hasMessageContaining("NoSuchBucket");
            assertThatThrownBy(() -> lost.get(address))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("S3 get of s3://no-such-bucket/p/values/" + address.toPath());
            assertThat(lost.size()).isEqualTo(new dev.samos.store.ValueStore.StoreSize(0, 0));
        }
    }

    @Test
    void anUnreachableServerIsAStorageErrorAndNothingIsCounted() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://localhost:" + socket.getLocalPort());
        }
        try (S3Client down = S3Client.builder()
                     .endpointOverride(closed)
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                     .forcePathStyle(true)
                     .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))
                             .apiCallTimeout(Duration.ofSeconds(5)))
                     .build();
             S3ValueStore unreachable = new S3ValueStore(down, new S3Location("b", ""), StoreTally.inMemory())) {
            ValueAddress address = ValueAddress.of(List.of(1, 2));

            assertThatThrownBy(() -> unreachable.putAll(Map.of(address, List.of(1, 2), ValueAddress.of(3), 3)))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("could not be reached")
                    .hasCauseInstanceOf(SdkClientException.class);
            assertThatThrownBy(() -> unreachable.has(address))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining("S3 head of s3://b/values/" + address.toPath());
            assertThat(unreachable.size().values()).isZero();
        }
    }
}
