package dev.samos.bundle;

import dev.samos.SamosException;
import java.util.List;
import java.util.stream.Collectors;

/** Java source sent as a function does not compile; lists every error with its line and column. */
public class CompilationException extends SamosException {

    private final List<SourceError> errors;

    public CompilationException(List<SourceError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public CompilationException(String message) {
        super(message);
        this.errors = List.of(new SourceError(0, 0, message));
    }

    public List<SourceError> errors() {
        return errors;
    }

    private static String message(List<SourceError> errors) {
        return "the source does not compile (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n"
                + errors.stream().map(SourceError::toString).collect(Collectors.joining("\n"));
    }
}
