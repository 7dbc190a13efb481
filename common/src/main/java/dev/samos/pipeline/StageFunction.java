package dev.samos.pipeline;

/**
 * The function of a stage. Like {@link java.util.function.Function} but it may throw checked exceptions
 * ({@code Thread.sleep}, I/O), which fail the run as a {@link PipelineException} with the exception as cause.
 */
@FunctionalInterface
public interface StageFunction<I, O> {

    O apply(I item) throws Exception;
}
