package dev.samos.validator;

import static dev.samos.validator.Validators.gpu;
import static dev.samos.validator.Validators.installedClasses;
import static dev.samos.validator.Validators.unusedCpu;
import static dev.samos.validator.Validators.unusedRam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.NotSatisfied;
import dev.samos.function.Pure;
import dev.samos.function.Resources;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceValidatorsTest {

    static final Pure SOME_FUNCTION = new Pure("Some", ValueAddress.of("some bundle").toString(), Map.of());
    static final long GB = 1L << 30;

    static ValidationContext on(Resources resources) {
        return ValidationContext.of(SOME_FUNCTION, Kwargs.of("n", 1), resources, (f, k) -> false, null);
    }

    static ValidationContext fixed(long ramBytes, double cores, int gpus, String... classes) {
        return on(Resources.fixed(ramBytes, cores, gpus, Set.of(classes)));
    }

    @Test
    void unusedRamComparesAvailableRamInGigabytes() {
        assertThat(unusedRam(4).check(fixed(12 * GB + 3 * GB / 10, 1, 0)))
                .isEqualTo(new Satisfied("unusedRam(4.0 GB): ok, 12.3 GB free"));
        assertThat(unusedRam(4).check(fixed(4 * GB, 1, 0))).isInstanceOf(Satisfied.class);
        assertThat(unusedRam(4).check(fixed(4 * GB - 1, 1, 0)))
                .isEqualTo(new NotSatisfied("unusedRam(4.0 GB): only 4.0 GB free"));
        assertThat(unusedRam(4).check(fixed(GB + GB / 5, 1, 0)))
                .isEqualTo(new NotSatisfied("unusedRam(4.0 GB): only 1.2 GB free"));
        assertThat(unusedRam(0.5).check(fixed(GB / 1000, 1, 0)).detail())
                .isEqualTo("unusedRam(0.5 GB): only 0.00100 GB free");
    }

    @Test
    void unusedCpuComparesIdleCores() {
        assertThat(unusedCpu(2).check(fixed(0, 3.44, 0)))
                .isEqualTo(new Satisfied("unusedCpu(2.0 cores): ok, 3.4 cores idle"));
        assertThat(unusedCpu(2).check(fixed(0, 2.0, 0)).isSatisfied()).isTrue();
        assertThat(unusedCpu(2).check(fixed(0, 0.6, 0)))
                .isEqualTo(new NotSatisfied("unusedCpu(2.0 cores): only 0.6 cores idle"));
        assertThat(unusedCpu(0.25).check(fixed(0, 0.3, 0)).isSatisfied()).isTrue();
    }

    @Test
    void gpuCountsDevices() {
        assertThat(gpu(1).check(fixed(0, 0, 2))).isEqualTo(new Satisfied("gpu(1): ok, 2 GPUs found"));
        assertThat(gpu(1).check(fixed(0, 0, 0))).isEqualTo(new NotSatisfied("gpu(1): no GPU found"));
        assertThat(gpu(2).check(fixed(0, 0, 1))).isEqualTo(new NotSatisfied("gpu(2): only 1 GPU found"));
        assertThat(gpu(0).check(fixed(0, 0, 0)).isSatisfied()).isTrue();
    }

    @Test
    void installedClassesNamesEveryMissingClass() {
        var validator = installedClasses("a.B", "c.D", "e.F");
        assertThat(validator.check(fixed(0, 0, 0, "a.B", "c.D", "e.F")))
                .isEqualTo(new Satisfied("installedClasses(a.B, c.D, e.F): ok, all present"));
        assertThat(validator.check(fixed(0, 0, 0, "c.D")))
                .isEqualTo(new NotSatisfied("installedClasses(a.B, c.D, e.F): missing a.B, e.F"));
    }

    @Test
    void describeNamesTheRequirement() {
        assertThat(unusedRam(4).describe()).isEqualTo("unusedRam(4.0 GB)");
        assertThat(unusedRam(0.001).describe()).isEqualTo("unusedRam(0.001 GB)");
        assertThat(unusedCpu(1.5).describe()).isEqualTo("unusedCpu(1.5 cores)");
        assertThat(gpu(2).describe()).isEqualTo("gpu(2)");
        assertThat(installedClasses("java.lang.String").describe()).isEqualTo("installedClasses(java.lang.String)");
        assertThat(Validators.recursiveParameters("n", "k").describe()).isEqualTo("recursiveParameters(n, k)");
        assertThat(Validators.userValidator(SOME_FUNCTION).describe()).isEqualTo("userValidator(Some)");
    }

    @Test
    void nonsenseRequirementsAreRejectedWhenWritten() {
        assertThatThrownBy(() -> unusedRam(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unusedRam");
        assertThatThrownBy(() -> unusedCpu(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gpu(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> installedClasses()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> installedClasses("a/B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validators.recursiveParameters()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Validators.recursiveParameters("n", "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- on this machine, through OSHI ----------------------------------------------------------------------

    @Test
    void systemResourcesAreReal() {
        Resources system = SystemResources.instance();
        assertThat(system).isSameAs(SystemResources.instance());
        assertThat(system.freeRamBytes()).isPositive();
        assertThat(system.freeCpuCores()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
        assertThat(system.gpuCount()).isNotNegative();
        assertThat(system.gpuCount()).isEqualTo(system.gpuCount());
    }

    @Test
    void resourceValidatorsOnThisMachine() {
        ValidationContext here = on(SystemResources.instance());
        assertThat(unusedRam(0.001).check(here)).isInstanceOf(Satisfied.class);
        assertThat(unusedRam(1_000_000).check(here)).isInstanceOf(NotSatisfied.class);
        assertThat(unusedRam(1_000_000).check(here).detail()).startsWith("unusedRam(1000000.0 GB): only ");
        assertThat(unusedCpu(0).check(here)).isInstanceOf(Satisfied.class);
        assertThat(unusedCpu(1000).check(here)).isInstanceOf(NotSatisfied.class);
        assertThat(gpu(1000).check(here)).isInstanceOf(NotSatisfied.class);
        assertThat(installedClasses("java.lang.String", "dev.samos.function.Pure", "oshi.SystemInfo").check(here))
                .isInstanceOf(Satisfied.class);
        assertThat(installedClasses("java.lang.String", "no.such.Clazz").check(here))
                .isEqualTo(new NotSatisfied("installedClasses(java.lang.String, no.such.Clazz): missing no.such.Clazz"));
    }

    @Test
    void checkingAClassDoesNotInitializeIt() {
        assertThat(SystemResources.instance().hasClass(NeverInitialized.class.getName())).isTrue();
        assertThat(initialized).isFalse();
    }

    static boolean initialized;

    static final class NeverInitialized {
        static {
            initialized = true;
        }
    }
}
