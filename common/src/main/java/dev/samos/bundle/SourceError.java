package dev.samos.bundle;

/**
 * One error reported by the compiler.
 *
 * @param line 1-based line, or 0 if the error has no position
 * @param column 1-based column, or 0 if the error has no position
 * @param message the compiler's message on one line
 */
public record SourceError(long line, long column, String message) {

    @Override
    public String toString() {
        return line > 0 ? "Line " + line + ", column " + column + ": " + message : message;
    }
}
