package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What a function logs carries its execution's address in the logging context (MDC key samos.execution). */
class ExecutionLogContextTest {

    /** Logs before and after a nested call of itself. */
    public static final class LogsAround implements PureFunction {
        @Override
        public Object call(Kwargs kwargs) {
            long n = kwargs.getLong("n");
            org.slf4j.Logger log = LoggerFactory.getLogger(LogsAround.class);
            log.info("before {}", n);
            if (n > 0) {
                Pure.of(LogsAround.class).call(Long.class, "n", n - 1);
            }
            log.info("after {}", n);
            return n;
        }
    }

    @Test
    void everyLineLoggedDuringAnExecutionNamesItAndANestedCallNamesItsOwn(@TempDir Path folder) {
        Logger logger = (Logger) LoggerFactory.getLogger(LogsAround.class);
        List<String> logged = new CopyOnWriteArrayList<>();
        // The MDC is read as the line is logged: an event reads it lazily, after the execution's context is gone.
        AppenderBase<ILoggingEvent> lines = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event.getFormattedMessage() + " @ " + event.getMDCPropertyMap().get(ExecutionLogContext.KEY));
            }
        };
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        try (LocalPortal portal = LocalPortal.open(folder)) {
            Pure function = portal.pure(LogsAround.class, AutonomyPolicy.impure("logs through SLF4J"));
            assertThat(portal.call(function, Kwargs.of(Map.of("n", 1L)))).isEqualTo(1L);
            String outer = portal.executionAddress(function, Kwargs.of(Map.of("n", 1L))).toString();
            String inner = portal.executionAddress(function, Kwargs.of(Map.of("n", 0L))).toString();

            assertThat(logged).containsExactly("before 1 @ " + outer, "before 0 @ " + inner, "after 0 @ " + inner,
                    "after 1 @ " + outer);
            assertThat(MDC.get(ExecutionLogContext.KEY)).as("left behind on the caller's thread").isNull();
        } finally {
            logger.detachAppender(lines);
        }
    }
}
