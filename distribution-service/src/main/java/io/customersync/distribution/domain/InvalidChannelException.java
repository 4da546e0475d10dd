package io.customersync.distribution.domain;

/** A channel registration that cannot be saved: which field, and why. Nothing was written. */
public class InvalidChannelException extends RuntimeException {

    private final String field;

    public InvalidChannelException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
