package dev.samos.portalservice.store;

import dev.samos.address.ValueAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The functions registered with the cluster, in S3 beside their bundles: one small object per function under
 * {@code <prefix>functions/<bundle address path>} whose body is the function's name. Registration is rare, so one
 * PUT each is fine; a rebuild of the index lists them back.
 */
public final class FunctionLog {

    private static final String FUNCTIONS = "functions/";

    private final software.amazon.awssdk.services.s3.S3Client s3;
    private final S3Location location;

    public FunctionLog(software.amazon.awssdk.services.s3.S3Client s3, S3Location location) {
        this.s3 = s3;
        this.location = location;
    }

    public void record(ValueAddress bundle, String name) {
        String key = location.key(FUNCTIONS + bundle.toPath());
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key), RequestBody.fromString(name,
                    StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw S3Failures.of("put", location, key, e);
        }
    }

    /** Hands every recorded function (bundle address, name) to {@code each}; returns how many. */
    public long replay(BiConsumer<ValueAddress, String> each) {
        String prefix = location.key(FUNCTIONS);
        long count = 0;
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    b -> b.bucket(location.bucket()).prefix(prefix))) {
                for (S3Object object : page.contents()) {
                    ValueAddress bundle = bundleOf(object.key().substring(prefix.length()));
                    if (bundle == null) {
                        continue; // not written by this log
                    }
                    try {
                        each.accept(bundle, s3.getObjectAsBytes(b -> b.bucket(location.bucket())
                                .key(object.key())).asUtf8String());
                        count++;
                    } catch (NoSuchKeyException gone) {
                        // removed between listing and reading
                    }
                }
            }
        } catch (SdkException e) {
            throw S3Failures.of("list", location, prefix, e);
        }
        return count;
    }

    /** The bundle address of a path {@code descriptor/ab/cd/rest}, or null if it is none. */
    private static ValueAddress bundleOf(String path) {
        String[] parts = path.split("/");
        if (parts.length != 4) {
            return null;
        }
        try {
            return ValueAddress.parse(parts[0] + ":" + parts[1] + parts[2] + parts[3]);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
