package dev.samos.address;

import dev.samos.value.NotAValueException;
import dev.samos.value.ValueKind;
import dev.samos.value.Values;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The address of a value: a human-readable descriptor (kind and shape, e.g. {@code list_3}) and the SHA-256 of the
 * value's canonical encoding. Equal logical values have equal addresses on every machine (docs/addresses.md).
 *
 * <p>String form {@code list_3:<64 hex digits>}; path form {@code list_3/ab/cd/<60 hex digits>} for storage, so no
 * folder or key prefix holds more than 65,536 entries per descriptor.
 *
 * @param descriptor kind label, then {@code _} and the length or type name where the kind has one
 * @param hash 64 lowercase hexadecimal digits of the SHA-256 of the canonical encoding
 */
public record ValueAddress(String descriptor, String hash) {

    private static final HexFormat HEX = HexFormat.of();

    public ValueAddress {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(hash, "hash");
        if (!isDescriptor(descriptor)) {
            throw new MalformedAddressException(descriptor + ":" + hash, "descriptor '" + descriptor
                    + "' must be a lowercase kind, optionally followed by _ and up to 64 letters, digits or _");
        }
        if (!isHash(hash)) {
            throw new MalformedAddressException(descriptor + ":" + hash,
                    "hash must be 64 lowercase hexadecimal digits (SHA-256), got " + hash.length() + " characters");
        }
    }

    /** The address of {@code value}. */
    public static ValueAddress of(Object value) {
        return of(value, "value");
    }

    /**
     * The address of {@code value}.
     *
     * @param root how the caller names the value in errors, e.g. {@code kwargs}
     * @throws NotAValueException naming the path of the first part that is not a value
     */
    public static ValueAddress of(Object value, String root) {
        byte[] sha = CanonicalEncoding.sha256(value, root);
        return new ValueAddress(descriptorOf(value), HEX.formatHex(sha));
    }

    /**
     * The address of {@code value} as an argument of a call: like {@link #of(Object, String)}, except that records
     * which are {@link dev.samos.value.IdentifiedRecord}s count by their identity only — a pure function passed as an
     * argument has the same address whatever validators it carries. The value stored keeps them, under its own
     * {@link #of} address.
     */
    public static ValueAddress ofArgument(Object value, String root) {
        byte[] sha = CanonicalEncoding.sha256(value, root, true);
        return new ValueAddress(descriptorOf(value), HEX.formatHex(sha));
    }

    /** Parses the string form {@code descriptor:hash} or the path form {@code descriptor/ab/cd/rest}. */
    public static ValueAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon >= 0) {
            return checked(text, text.substring(0, colon), text.substring(colon + 1));
        }
        String[] parts = text.split("/", -1);
        if (parts.length == 4 && parts[1].length() == 2 && parts[2].length() == 2) {
            return checked(text, parts[0], parts[1] + parts[2] + parts[3]);
        }
        throw new MalformedAddressException(text, "expected 'descriptor:hash' (e.g. list_3:<64 hex digits>) "
                + "or the path form 'descriptor/ab/cd/<60 hex digits>'");
    }

    private static ValueAddress checked(String text, String descriptor, String hash) {
        try {
            return new ValueAddress(descriptor, hash);
        } catch (MalformedAddressException e) {
            throw new MalformedAddressException(text, e.getMessage().substring(e.getMessage().indexOf("': ") + 3));
        }
    }

    /** {@code [a-z][a-z0-9]*} then optionally {@code _} and 1 to 64 of {@code [A-Za-z0-9_]}; checked by hand: hot path. */
    private static boolean isDescriptor(String d) {
        int n = d.length();
        if (n == 0 || d.charAt(0) < 'a' || d.charAt(0) > 'z') {
            return false;
        }
        int i = 1;
        while (i < n && ((d.charAt(i) >= 'a' && d.charAt(i) <= 'z') || (d.charAt(i) >= '0' && d.charAt(i) <= '9'))) {
            i++;
        }
        if (i == n) {
            return true;
        }
        if (d.charAt(i) != '_' || n - i - 1 < 1 || n - i - 1 > 64) {
            return false;
        }
        for (i++; i < n; i++) {
            char c = d.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHash(String h) {
        if (h.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = h.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The path form: {@code descriptor/ab/cd/<remaining 60 hex digits>}. */
    public String toPath() {
        return descriptor + "/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash.substring(4);
    }

    /** The string form: {@code descriptor:hash}. */
    @Override
    public String toString() {
        return descriptor + ":" + hash;
    }

    /**
     * The descriptor of {@code value}: the kind label, then the length for strings (code points), bytes, lists,
     * maps, sets and typed arrays, or the simple type name for records and enums.
     */
    public static String descriptorOf(Object value) {
        Object v = Values.unwrap(value);
        ValueKind kind;
        try {
            kind = ValueKind.of(v);
        } catch (NotAValueException e) {
            throw e.inside("value");
        }
        String label = kind.label();
        return switch (kind) {
            case NULL, BOOLEAN, INTEGER, FLOAT -> label;
            case STRING -> label + "_" + ((String) v).codePointCount(0, ((String) v).length());
            case LIST -> label + "_" + (v instanceof Collection<?> c ? c.size() : Array.getLength(v));
            case MAP -> label + "_" + ((Map<?, ?>) v).size();
            case SET -> label + "_" + ((Collection<?>) v).size();
            case BYTES, F64_ARRAY, F32_ARRAY, I64_ARRAY, I32_ARRAY, I16_ARRAY -> label + "_" + Array.getLength(v);
            case RECORD -> label + "_" + safeName(Values.recordType(v));
            case ENUM -> label + "_" + safeName(Values.enumType(v));
        };
    }

    private static String safeName(String typeName) {
        return descriptorShape(Values.simpleName(typeName));
    }

    /** A name reduced to what is safe as a descriptor's shape (and in a path): ASCII letters, digits and _, ≤ 64. */
    public static String descriptorShape(String simple) {
        StringBuilder safe = new StringBuilder(Math.min(simple.length(), 64));
        for (int i = 0; i < simple.length() && safe.length() < 64; i++) {
            char c = simple.charAt(i);
            safe.append((c < 128 && Character.isLetterOrDigit(c)) || c == '_' ? c : '_');
        }
        return safe.isEmpty() ? "_" : safe.toString();
    }
}
