package dev.samos.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.function.NotSatisfied;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.value.ValueJson;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Validators and outcomes are values: they are stored with functions and in execution records, and shipped. */
class ValidatorValuesTest {

    static final Pure FUNCTION = new Pure("Factorial", ValueAddress.of("bundle").toString(), Map.of("m", 7));

    static Stream<Object> values() {
        return Stream.of(
                Validators.unusedRam(4), Validators.unusedRam(0.001), Validators.unusedCpu(1.5), Validators.gpu(2),
                Validators.installedClasses("java.lang.String", "a.Outer$Inner"),
                Validators.recursiveParameters("n", "k"), Validators.userValidator(FUNCTION),
                new Satisfied("unusedRam(4.0 GB): ok, 12.3 GB free"), new NotSatisfied("gpu(1): no GPU found"),
                new RunFirst(FUNCTION, Map.of("n", 2L, "xs", List.of(1.5, 2.5)), "run it first"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void hasAnAddress(Object value) {
        assertThat(ValueAddress.of(value)).isEqualTo(ValueAddress.of(value));
        assertThat(ValueAddress.of(value).descriptor()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTripsThroughTheStorageCodec(Object value) {
        StorageCodec codec = new StorageCodec();
        Object back = codec.decode(codec.encode(value));
        assertThat(back).isEqualTo(value);
        assertThat(ValueAddress.of(back)).isEqualTo(ValueAddress.of(value));
    }

    @ParameterizedTest
    @MethodSource("values")
    void itsJsonFormKeepsTheAddress(Object value) {
        String json = ValueJson.write(value);
        assertThat(json).contains("\"$record\"").contains(value.getClass().getName());
        assertThat(ValueAddress.of(ValueJson.read(json))).isEqualTo(ValueAddress.of(value));
    }

    @Test
    void differentRequirementsAreDifferentValues() {
        assertThat(ValueAddress.of(Validators.unusedRam(4))).isNotEqualTo(ValueAddress.of(Validators.unusedRam(8)));
        assertThat(ValueAddress.of(Validators.recursiveParameters("n")))
                .isNotEqualTo(ValueAddress.of(Validators.recursiveParameters("k")));
    }
}
