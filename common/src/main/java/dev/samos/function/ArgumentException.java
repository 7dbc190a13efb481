package dev.samos.function;

import dev.samos.SamosException;

/** A call's arguments do not fit the function: a missing, extra or wrongly typed argument, named. */
public final class ArgumentException extends SamosException {

    private final String argument;
    private final String problem;

    public ArgumentException(String argument, String problem) {
        super("argument '" + argument + "': " + problem);
        this.argument = argument;
        this.problem = problem;
    }

    /** What is wrong with the argument, without naming it. */
    public String problem() {
        return problem;
    }

    /**
     * The exception an attempt record describes by its message ({@code argument 'x': missing}), for a caller who
     * reads the record in another JVM; empty if the message is not of that form.
     */
    public static java.util.Optional<ArgumentException> fromMessage(String message) {
        if (message == null || !message.startsWith("argument '")) {
            return java.util.Optional.empty();
        }
        int end = message.indexOf("': ", 10);
        return end < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new ArgumentException(message.substring(10, end), message.substring(end + 3)));
    }

    /** The name of the argument at fault. */
    public String argument() {
        return argument;
    }
}
