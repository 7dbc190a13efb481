package dev.samos.function;

import dev.samos.SamosException;

/** A call's arguments do not fit the function: a missing, extra or wrongly typed argument, named. */
public final class ArgumentException extends SamosException {

    private final String argument;

    public ArgumentException(String argument, String problem) {
        super("argument '" + argument + "': " + problem);
        this.argument = argument;
    }

    /** The name of the argument at fault. */
    public String argument() {
        return argument;
    }
}
