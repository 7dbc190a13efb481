package dev.samos.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of RFC 8949 Appendix A whose encoding is also the deterministic one (§4.2.1): an outside check that
 * the canonical encoding is real CBOR, independent of our own spec's vectors.
 */
class RfcVectorsTest {

    static Stream<Arguments> appendixA() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("b", List.of(2L, 3L)); // inserted out of order on purpose: the encoding sorts keys
        ab.put("a", 1L);
        return Stream.of(
                Arguments.of(0, "00"),
                Arguments.of(1, "01"),
                Arguments.of(10, "0a"),
                Arguments.of(23, "17"),
                Arguments.of(24, "1818"),
                Arguments.of(25, "1819"),
                Arguments.of(100, "1864"),
                Arguments.of(1000, "1903e8"),
                Arguments.of(1000000, "1a000f4240"),
                Arguments.of(1000000000000L, "1b000000e8d4a51000"),
                Arguments.of(new BigInteger("18446744073709551615"), "1bffffffffffffffff"),
                Arguments.of(new BigInteger("18446744073709551616"), "c249010000000000000000"),
                Arguments.of(new BigInteger("-18446744073709551616"), "3bffffffffffffffff"),
                Arguments.of(new BigInteger("-18446744073709551617"), "c349010000000000000000"),
                Arguments.of(-1, "20"),
                Arguments.of(-10, "29"),
                Arguments.of(-100, "3863"),
                Arguments.of(-1000, "3903e7"),
                Arguments.of(0.0, "f90000"),
                Arguments.of(-0.0, "f98000"),
                Arguments.of(1.0, "f93c00"),
                Arguments.of(1.1, "fb3ff199999999999a"),
                Arguments.of(1.5, "f93e00"),
                Arguments.of(65504.0, "f97bff"),
                Arguments.of(100000.0, "fa47c35000"),
                Arguments.of(3.4028234663852886e+38, "fa7f7fffff"),
                Arguments.of(1.0e+300, "fb7e37e43c8800759c"),
                Arguments.of(5.960464477539063e-8, "f90001"),
                Arguments.of(0.00006103515625, "f90400"),
                Arguments.of(-4.0, "f9c400"),
                Arguments.of(-4.1, "fbc010666666666666"),
                Arguments.of(Double.POSITIVE_INFINITY, "f97c00"),
                Arguments.of(Double.NaN, "f97e00"),
                Arguments.of(Double.NEGATIVE_INFINITY, "f9fc00"),
                Arguments.of(false, "f4"),
                Arguments.of(true, "f5"),
                Arguments.of(null, "f6"),
                Arguments.of(new byte[0], "40"),
                Arguments.of(new byte[] {1, 2, 3, 4}, "4401020304"),
                Arguments.of("", "60"),
                Arguments.of("a", "6161"),
                Arguments.of("IETF", "6449455446"),
                Arguments.of("\"\\", "62225c"),
                Arguments.of("\u00fc", "62c3bc"),
                Arguments.of("\u6c34", "63e6b0b4"),
                Arguments.of("\ud800\udd51", "64f0908591"),
                Arguments.of(List.of(), "80"),
                Arguments.of(List.of(1, 2, 3), "83010203"),
                Arguments.of(List.of(1, List.of(2, 3), List.of(4, 5)), "8301820203820405"),
                Arguments.of(Map.of(), "a0"),
                Arguments.of(Map.of(1, 2, 3, 4), "a201020304"),
                Arguments.of(ab, "a26161016162820203"),
                Arguments.of(List.of("a", Map.of("b", "c")), "826161a161626163"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("appendixA")
    void encodesLikeRfc8949AppendixA(Object value, String hex) {
        assertThat(HexFormat.of().formatHex(CanonicalEncoding.encode(value))).isEqualTo(hex);
    }
}
