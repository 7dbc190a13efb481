package dev.samos.pipeline;

/**
 * The function of a stage. Like {@link java.util.function.Function} but it may throw checked exceptions
 * ({@code Thread.sleep}, I/O), which fail the run as a {@link PipelineException} with the exception as cause.
 *
 * <p>Serializable so that a stage's lambda can be shipped to child processes ({@link Task#processes(int)}): Java
 * then records how it was made (class, method, captured values). Nothing is serialized unless a stage runs in
 * processes.
 */
@FunctionalInterface
public interface StageFunction<I, O> extends java.io.Serializable {

    O apply(I item) throws Exception;
}
