package dev.samos.gateway.security;

/** The gateway would listen beyond loopback with no bearer token: anyone on the network could use the API. */
final class MissingTokenException extends IllegalStateException {

    private final String address;

    MissingTokenException(String address) {
        super("samos.gateway.tokens is empty but the gateway listens on '" + where(address) + "': set at least one "
                + "token (SAMOS_GATEWAY_TOKENS) or listen on 127.0.0.1 only");
        this.address = address;
    }

    private static String where(String address) {
        return address == null || address.isBlank() ? "every interface" : address;
    }

    String address() {
        return where(address);
    }
}
