package dev.samos.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void drawsTheBarToTheEnd() {
        var out = new ByteArrayOutputStream();
        try (Pool pool = Pool.threads(2);
             var bar = TerminalProgress.to("squares", new PrintStream(out, true, StandardCharsets.UTF_8))) {
            var squares = pool.with(MapOptions.progress(bar)).map((Integer x) -> x * x,
                    IntStream.range(0, 10_000).boxed().toList());
            assertThat(squares).hasSize(10_000);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("squares").contains("100%").contains("10000/10000");
    }

    @Test
    void withoutATerminalItDrawsNothing() {
        // Under the build there is no terminal; the listener must then be harmless.
        try (Pool pool = Pool.virtualThreads(); var bar = TerminalProgress.open("quiet")) {
            assertThat(pool.with(MapOptions.progress(bar)).map((Integer x) -> x + 1, java.util.List.of(1, 2)))
                    .containsExactly(2, 3);
        }
    }
}
