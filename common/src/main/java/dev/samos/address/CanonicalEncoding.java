package dev.samos.address;

import dev.samos.value.NotAValueException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical encoding of values: one deterministic byte form per logical value, the input of every address.
 * Specified in docs/addresses.md; not a storage format (that is {@code dev.samos.codec.StorageCodec}).
 */
public final class CanonicalEncoding {

    private static final MessageDigest SHA_256_PROTOTYPE;

    static {
        try {
            SHA_256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CanonicalEncoding() {
    }

    /**
     * The canonical bytes of {@code value}.
     *
     * @param root how the caller names the value in errors, e.g. {@code kwargs}
     * @throws NotAValueException naming the path of the first part that is not a value
     */
    public static byte[] encode(Object value, String root) {
        CanonicalWriter writer = new CanonicalWriter(null, 64);
        write(writer, value, root);
        return writer.toByteArray();
    }

    public static byte[] encode(Object value) {
        return encode(value, "value");
    }

    /** SHA-256 of the canonical bytes of {@code value}, streamed: no copy of a large value is made. */
    static byte[] sha256(Object value, String root) {
        return sha256(value, root, false);
    }

    /** As above; {@code identities}: records that are {@link dev.samos.value.IdentifiedRecord}s count by identity. */
    static byte[] sha256(Object value, String root, boolean identities) {
        MessageDigest digest = newSha256();
        CanonicalWriter writer = new CanonicalWriter(digest, 0, identities);
        write(writer, value, root);
        writer.flush();
        return digest.digest();
    }

    private static void write(CanonicalWriter writer, Object value, String root) {
        try {
            writer.value(value, 0);
        } catch (NotAValueException e) {
            throw e.inside(root);
        }
    }

    static MessageDigest newSha256() {
        try {
            // Cloning a prototype skips the provider lookup of getInstance, which costs more than hashing a small map.
            return (MessageDigest) SHA_256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
