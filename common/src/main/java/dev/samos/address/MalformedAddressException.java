package dev.samos.address;

import dev.samos.SamosException;

/** Text that is not a well-formed address; the message says which part is wrong. */
public final class MalformedAddressException extends SamosException {

    public MalformedAddressException(String text, String problem) {
        super("malformed address '" + abbreviate(text) + "': " + problem);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
