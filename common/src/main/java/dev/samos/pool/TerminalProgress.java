package dev.samos.pool;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on the terminal for a long map ({@code me.tongfei:progressbar}); does nothing when the program
 * is not attached to a terminal, so a log file is not filled with bars.
 *
 * <pre>{@code
 * try (var bar = TerminalProgress.open("squares")) {
 *     pool.with(MapOptions.progress(bar)).map(f, xs);
 * }
 * }</pre>
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {

    /** Null when there is nowhere to draw. */
    private final ProgressBar bar;

    private TerminalProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar on standard error if the JVM has a terminal, else a listener that ignores the progress. */
    public static TerminalProgress open(String task) {
        var console = System.console();
        if (console == null || !console.isTerminal()) {
            return new TerminalProgress(null);
        }
        return new TerminalProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).build());
    }

    /** A bar drawn on {@code out} whether or not it is a terminal (tests, or a caller that knows better). */
    public static TerminalProgress to(String task, PrintStream out) {
        return new TerminalProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(-1)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build());
    }

    @Override
    public void onProgress(long done, long total) {
        if (bar != null) {
            if (total >= 0) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        }
    }

    /** Draws the final state and stops the bar's refresh thread. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
