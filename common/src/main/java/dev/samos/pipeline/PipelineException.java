package dev.samos.pipeline;

import dev.samos.SamosException;

/**
 * A stage of a pipeline failed on an item; the whole run was cancelled. The original exception is the cause.
 */
public final class PipelineException extends SamosException {

    private final String stage;
    private final transient Object item;

    PipelineException(String stage, Object item, Throwable cause) {
        super(stage + " failed on item " + describe(item) + ": " + cause, cause);
        this.stage = stage;
        this.item = item;
    }

    /** The failing stage, e.g. {@code stage 'parse' (2)}. */
    public String stage() {
        return stage;
    }

    /** The item the stage was working on (the upstream stream itself for a join). */
    public Object item() {
        return item;
    }

    private static String describe(Object item) {
        String text = String.valueOf(item);
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
