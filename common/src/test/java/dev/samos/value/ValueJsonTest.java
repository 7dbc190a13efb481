package dev.samos.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueJsonTest {

    record Point(long x, double y) {
    }

    enum Color { RED }

    private static void roundTripKeepsAddress(Object value) {
        String json = ValueJson.write(value);
        assertThat(ValueAddress.of(ValueJson.read(json))).as(json).isEqualTo(ValueAddress.of(value));
    }

    @Test
    void jsonAndJavaHashTheSame() {
        assertThat(ValueAddress.of(ValueJson.read("{\"x\": 3}"))).isEqualTo(ValueAddress.of(Map.of("x", 3)));
        assertThat(ValueAddress.of(ValueJson.read("[1, 2.5, \"a\", null, true]")))
                .isEqualTo(ValueAddress.of(java.util.Arrays.asList(1, 2.5, "a", null, true)));
        assertThat(ValueJson.read("3")).isEqualTo(3L);
        assertThat(ValueJson.read("3.0")).isEqualTo(3.0);
        assertThat(ValueJson.read("3e0")).isEqualTo(3.0);
        assertThat(ValueJson.read("-0.0")).isEqualTo(-0.0);
        assertThat(ValueJson.read("123456789012345678901234567890"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void everyKindRoundTripsWithItsAddress() {
        Map<Object, Object> oddKeys = new LinkedHashMap<>();
        oddKeys.put(1, "one");
        oddKeys.put(List.of(1, 2), Set.of("x"));
        oddKeys.put(null, 2.5);
        Map<String, Object> dollarKeys = new HashMap<>();
        dollarKeys.put("$bytes", 1);
        for (Object value : List.of(
                Map.of("n", 1), oddKeys, dollarKeys, new byte[] {0, 1, (byte) 255},
                new double[] {1.5, Double.NaN, Double.NEGATIVE_INFINITY, -0.0}, new float[] {0.1f, Float.NaN},
                new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, new int[] {Integer.MIN_VALUE, 7},
                new short[] {Short.MIN_VALUE, 3}, Set.of(1, "a"), BigInteger.TWO.pow(100).negate(),
                Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, new Point(3, 4.5), Color.RED,
                List.of(new Point(1, 2), Map.of("c", Color.RED)), "unicode ü 水 \ud83d\ude00", "")) {
            roundTripKeepsAddress(value);
        }
    }

    @Test
    void specialFormsAreDocumentedShapes() {
        assertThat(ValueJson.write(new byte[] {1, 2, 3})).isEqualTo("{\"$bytes\":\"AQID\"}");
        assertThat(ValueJson.write(Double.NaN)).isEqualTo("{\"$float\":\"NaN\"}");
        assertThat(ValueJson.write(Set.of(1))).isEqualTo("{\"$set\":[1]}");
        assertThat(ValueJson.write(Map.of(1, 2))).isEqualTo("{\"$map\":[[1,2]]}");
        assertThat(ValueJson.write(new double[] {1, 2.5})).isEqualTo("{\"$f64\":[1.0,2.5]}");
        assertThat(ValueJson.write(new Point(1, 2)))
                .isEqualTo("{\"$record\":{\"type\":\"" + Point.class.getName() + "\",\"fields\":{\"x\":1,\"y\":2.0}}}");
        assertThat(ValueJson.write(Color.RED))
                .isEqualTo("{\"$enum\":{\"type\":\"" + Color.class.getName() + "\",\"name\":\"RED\"}}");
        assertThat((double[]) ValueJson.read("{\"$f64\": \"AAAAAAAA8D8=\"}")).containsExactly(1.0);
        assertThat(ValueJson.read("{\"$int\": \"-18446744073709551617\"}"))
                .isEqualTo(new BigInteger("-18446744073709551617"));
        assertThat(ValueJson.read("{\"$int\": \"42\"}")).isEqualTo(42L);
        assertThat(ValueJson.read("{\"$float\": 2}")).isEqualTo(2.0);
    }

    @Test
    void badJsonIsNamedWithItsPath() {
        assertThatThrownBy(() -> ValueJson.read("{\"a\": [1, {\"$bytes\": \"!!\"}]}"))
                .isInstanceOf(NotAValueException.class)
                .hasMessageStartingWith("value.a[1].$bytes: is not valid base64");
        assertThatThrownBy(() -> ValueJson.read("{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(NotAValueException.class).hasMessageContaining("malformed JSON")
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> ValueJson.read("{\"x\": [1, 2"))
                .isInstanceOf(NotAValueException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ValueJson.read("{\"$nope\": 1}"))
                .hasMessageContaining("value.$nope: unknown special form $nope");
        assertThatThrownBy(() -> ValueJson.read("{\"$bytes\": \"AA==\", \"b\": 1}"))
                .hasMessageContaining("key '$bytes' starts with $");
        assertThatThrownBy(() -> ValueJson.read("{\"$i32\": [1, 2147483648]}"))
                .hasMessageContaining("value.$i32[1]: must be an integer in [-2147483648, 2147483647]");
        assertThatThrownBy(() -> ValueJson.read("{\"$f64\": \"AAAA\"}"))
                .hasMessageContaining("not a whole number of 8-byte elements");
        assertThatThrownBy(() -> ValueJson.read("1e400")).hasMessageContaining("beyond float64 range");
        assertThatThrownBy(() -> ValueJson.read("{\"$set\": [1, 1]}")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> ValueJson.read("{\"$map\": [[1, 2], [1, 3]]}")).hasMessageContaining("repeats key");
        assertThatThrownBy(() -> ValueJson.read("{\"$map\": [[1]]}")).hasMessageContaining("[key, value] pair");
        assertThatThrownBy(() -> ValueJson.read("{\"$record\": {\"type\": \"a.B\"}}"))
                .hasMessageContaining("needs \"fields\"");
        assertThatThrownBy(() -> ValueJson.read("{\"$enum\": {\"type\": \"a.B\", \"name\": 3}}"))
                .hasMessageContaining("needs \"name\"");
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThatThrownBy(() -> ValueJson.read(deep)).isInstanceOf(NotAValueException.class);
    }

    @Test
    void writingANonValueNamesIt() {
        assertThatThrownBy(() -> ValueJson.write(Map.of("t", new Thread())))
                .isInstanceOf(NotAValueException.class).hasMessage("value.t: java.lang.Thread is not a value");
    }
}
