package dev.samos.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.value.ValueJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

/** Checks every test vector of docs/addresses.md against the code: the spec and the code cannot drift apart. */
class AddressVectorsTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| `(.+)` \\| `([0-9a-f]+)` \\| `([^`]+)` \\|$");

    record Vector(int number, String json, String hex, String address) {
    }

    static List<Vector> vectors() throws IOException {
        Path spec = Path.of("").toAbsolutePath().getParent().resolve("docs/addresses.md");
        List<Vector> vectors = new ArrayList<>();
        for (String line : Files.readAllLines(spec)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                vectors.add(new Vector(Integer.parseInt(row.group(1)), row.group(2), row.group(3), row.group(4)));
            }
        }
        return vectors;
    }

    @Test
    void theSpecHasAtLeast25NumberedVectors() throws IOException {
        List<Vector> vectors = vectors();
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(25);
        for (int i = 0; i < vectors.size(); i++) {
            assertThat(vectors.get(i).number()).isEqualTo(i + 1);
        }
    }

    @TestFactory
    List<DynamicTest> everyVectorHolds() throws IOException {
        return vectors().stream().map(v -> DynamicTest.dynamicTest("#" + v.number() + " " + v.json(), () -> {
            Object value = ValueJson.read(v.json());
            assertThat(HexFormat.of().formatHex(CanonicalEncoding.encode(value))).isEqualTo(v.hex());
            assertThat(ValueAddress.of(value).toString()).isEqualTo(v.address());
            assertThat(ValueAddress.parse(v.address()).hash()).isEqualTo(sha256Hex(v.hex()));
        })).toList();
    }

    private static String sha256Hex(String hex) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(hex)));
    }
}
