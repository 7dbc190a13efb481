package dev.samos.portal;

import dev.samos.SamosException;

/** An address the portal has nothing at. */
public final class UnknownAddressException extends SamosException {

    private final String address;

    public UnknownAddressException(String address, String where) {
        super("nothing is stored at " + address + " in " + where);
        this.address = address;
    }

    public String address() {
        return address;
    }
}
