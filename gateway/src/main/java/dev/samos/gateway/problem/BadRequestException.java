package dev.samos.gateway.problem;

/** A request that is malformed in a way no lower layer names: the field and what is wrong with it. */
public final class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
