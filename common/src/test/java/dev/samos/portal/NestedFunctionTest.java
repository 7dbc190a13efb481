package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.bundle.FunctionBundle;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions written as nested classes of another class (here, of this test) are bundled alone. */
class NestedFunctionTest {

    @TempDir
    Path folder;

    static final class Triple implements PureFunction {
        @Override
        public Object call(Kwargs kwargs) {
            LongUnaryOperator times = x -> x * 3;
            return new Helper().apply(times, kwargs.getLong("x"));
        }

        static final class Helper {
            long apply(LongUnaryOperator f, long x) {
                return f.applyAsLong(x);
            }
        }
    }

    static final class Sibling implements PureFunction {
        @Override
        public Object call(Kwargs kwargs) {
            return List.of("sibling");
        }
    }

    @Test
    void aNestedFunctionIsBundledWithWhatItEnclosesOnly() {
        FunctionBundle bundle = FunctionBundle.of(Triple.class);
        assertThat(bundle.classNames()).containsExactly(Triple.class.getName(), Triple.Helper.class.getName());
        try (Portal portal = Portal.local(folder)) {
            Pure triple = portal.pure(Triple.class);
            assertThat(triple.call("x", 14)).isEqualTo(42L);
            assertThat(portal.pure(Sibling.class).call()).isEqualTo(List.of("sibling"));
        }
    }

    @Test
    void aNestedFunctionLoadsFromItsBundleInAnotherPortalInstance() {
        Pure triple;
        try (Portal portal = Portal.local(folder)) {
            triple = portal.pure(Triple.class);
        }
        // A new portal that has never seen the class: it loads the bundle from the folder in its own loader.
        try (LocalPortal portal = LocalPortal.open(folder)) {
            assertThat(portal.call(triple, Kwargs.of("x", 5))).isEqualTo(15L);
            assertThat(portal.record(portal.executionAddress(triple, Kwargs.of("x", 5))).orElseThrow().status())
                    .hasToString("DONE");
        }
    }
}
