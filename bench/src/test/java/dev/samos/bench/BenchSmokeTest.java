package dev.samos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fast checks of the harness around JMH; JMH itself never runs in the build. */
class BenchSmokeTest {

    @Test
    void benchmarkBodiesRunOnceOnSmallInputs() {
        AddressBench address = new AddressBench();
        address.size = Inputs.KIB;
        address.allocate();
        assertThat(address.address().descriptor()).isEqualTo("bytes_1024");

        KwargsAddressBench kwargs = new KwargsAddressBench();
        kwargs.prepare();
        assertThat(kwargs.address().descriptor()).isEqualTo("map_5");
    }

    @Test
    void inputsAreTheSameInEveryJvm() {
        assertThat(Inputs.randomBytes(64)).isEqualTo(Inputs.randomBytes(64));
    }

    @Test
    void unitsConvert() {
        assertThat(BenchMain.secondsPerOp(250, "us/op")).isEqualTo(250e-6);
        assertThat(BenchMain.secondsPerOp(3, "ms/op")).isEqualTo(3e-3);
        assertThat(BenchMain.bytes(256 * Inputs.MIB)).isEqualTo("256 MiB");
        assertThat(BenchMain.bytes(Inputs.KIB)).isEqualTo("1 KiB");
    }

    @Test
    void reportIsOneMarkdownTable() {
        Report report = new Report(List.of("Machine: test"));
        report.add(new Report.Row("AddressBench.address", "1 KiB", "1.00", "GB/s", "0.50", "2.00", "≥ 0.9×", true));
        assertThat(report.markdown())
                .contains("| Benchmark | Size |")
                .contains("| AddressBench.address | 1 KiB | 1.00 | GB/s | 0.50 | 2.00 | ≥ 0.9× | yes |");
    }
}
