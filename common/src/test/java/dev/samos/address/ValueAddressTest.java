package dev.samos.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueAddressTest {

    @Test
    void descriptorsNameKindAndShape() {
        assertThat(ValueAddress.of(null).descriptor()).isEqualTo("null");
        assertThat(ValueAddress.of(true).descriptor()).isEqualTo("bool");
        assertThat(ValueAddress.of(BigInteger.TEN.pow(40)).descriptor()).isEqualTo("int");
        assertThat(ValueAddress.of(2.5f).descriptor()).isEqualTo("float");
        assertThat(ValueAddress.of("héllo wörld!").descriptor()).isEqualTo("str_12");
        assertThat(ValueAddress.of("\ud83d\ude00").descriptor()).isEqualTo("str_1"); // code points, not chars
        assertThat(ValueAddress.of(new byte[7]).descriptor()).isEqualTo("bytes_7");
        assertThat(ValueAddress.of(List.of(1, 2, 3)).descriptor()).isEqualTo("list_3");
        assertThat(ValueAddress.of(new String[2]).descriptor()).isEqualTo("list_2");
        assertThat(ValueAddress.of(Map.of("a", 1, "b", 2)).descriptor()).isEqualTo("map_2");
        assertThat(ValueAddress.of(Set.of()).descriptor()).isEqualTo("set_0");
        assertThat(ValueAddress.of(new double[1000]).descriptor()).isEqualTo("f64array_1000");
        assertThat(ValueAddress.of(new float[3]).descriptor()).isEqualTo("f32array_3");
        assertThat(ValueAddress.of(new long[3]).descriptor()).isEqualTo("i64array_3");
        assertThat(ValueAddress.of(new int[3]).descriptor()).isEqualTo("i32array_3");
        assertThat(ValueAddress.of(new short[3]).descriptor()).isEqualTo("i16array_3");
        assertThat(ValueAddress.of(new dev.samos.value.RecordValue("a.b.Weird$Näme", Map.of())).descriptor())
                .isEqualTo("record_N_me");
    }

    @Test
    void stringAndPathFormsRoundTrip() {
        ValueAddress address = ValueAddress.of(List.of(1, 2, 3));
        String hash = address.hash();
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(address.toString()).isEqualTo("list_3:" + hash);
        assertThat(address.toPath()).isEqualTo("list_3/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/"
                + hash.substring(4));
        assertThat(ValueAddress.parse(address.toString())).isEqualTo(address);
        assertThat(ValueAddress.parse(address.toPath())).isEqualTo(address);
    }

    @Test
    void malformedAddressesSayWhatIsWrong() {
        String hash = "0".repeat(64);
        assertThatThrownBy(() -> ValueAddress.parse("list_3"))
                .isInstanceOf(MalformedAddressException.class)
                .hasMessageContaining("expected 'descriptor:hash'");
        assertThatThrownBy(() -> ValueAddress.parse("list_3:abc"))
                .isInstanceOf(MalformedAddressException.class)
                .hasMessage("malformed address 'list_3:abc': hash must be 64 lowercase hexadecimal digits (SHA-256), "
                        + "got 3 characters");
        assertThatThrownBy(() -> ValueAddress.parse("list_3:" + hash.toUpperCase().replace('0', 'A')))
                .isInstanceOf(MalformedAddressException.class);
        assertThatThrownBy(() -> ValueAddress.parse("List_3:" + hash))
                .isInstanceOf(MalformedAddressException.class).hasMessageContaining("descriptor 'List_3'");
        assertThatThrownBy(() -> ValueAddress.parse("../etc:" + hash)).isInstanceOf(MalformedAddressException.class);
        assertThatThrownBy(() -> ValueAddress.parse(":" + hash)).isInstanceOf(MalformedAddressException.class);
        assertThatThrownBy(() -> ValueAddress.parse("str_:" + hash)).isInstanceOf(MalformedAddressException.class);
        assertThatThrownBy(() -> ValueAddress.parse("list_3/ab/cd")).isInstanceOf(MalformedAddressException.class);
        assertThatThrownBy(() -> ValueAddress.parse("x".repeat(10_000)))
                .isInstanceOf(MalformedAddressException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void hashingALargeArrayStreamsWithoutCopyingIt() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        double[] big = new double[32 << 20]; // 256 MiB
        for (int i = 0; i < big.length; i += 4096) {
            big[i] = i;
        }
        byte[] bytes = new byte[256 << 20];
        ValueAddress.of(new double[] {1}); // warm up class loading outside the measurement
        long before = threads.getThreadAllocatedBytes(thread);
        ValueAddress.of(big);
        ValueAddress.of(bytes);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated while addressing 512 MiB").isLessThan(4L << 20);
    }
}
