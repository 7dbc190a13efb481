package dev.samos.value;

import dev.samos.SamosException;

/**
 * Something that is not a Samos value, found at a path inside the value a caller passed, e.g.
 * {@code kwargs.points[3].owner: java.net.Socket is not a value}. The path is assembled while the error travels out
 * of the nested containers, so the happy path pays nothing for it.
 */
public final class NotAValueException extends SamosException {

    private final String path;
    private final String problem;

    public NotAValueException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** A problem whose place is not known yet: containers prefix their segment with {@link #inside}. */
    public static NotAValueException here(String problem) {
        return new NotAValueException("", problem);
    }

    /** The same problem seen from the enclosing container: {@code segment} is e.g. {@code [3]} or {@code .owner}. */
    public NotAValueException inside(String segment) {
        return new NotAValueException(segment + path, problem);
    }

    /** Where the problem is, from the root the caller named, e.g. {@code kwargs.points[3].owner}. */
    public String path() {
        return path;
    }

    /** What is wrong there, e.g. {@code java.net.Socket is not a value}. */
    public String problem() {
        return problem;
    }

    /** The path segment for a map entry or record component named {@code key}. */
    public static String segmentFor(Object key) {
        if (key instanceof String s && isIdentifier(s)) {
            return "." + s;
        }
        if (key instanceof String s) {
            return "[\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return "[" + key + "]";
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
