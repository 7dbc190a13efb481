package dev.samos.address;

import dev.samos.SamosException;

/** Text that is not a well-formed address; the message says which part is wrong. */
public final class MalformedAddressException extends SamosException {

    private final String text;
    private final String problem;

    public MalformedAddressException(String text, String problem) {
        super("malformed address '" + abbreviate(text) + "': " + problem);
        this.text = text;
        this.problem = problem;
    }

    /** The text that is not an address (abbreviated past 120 characters). */
    public String text() {
        return abbreviate(text);
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
