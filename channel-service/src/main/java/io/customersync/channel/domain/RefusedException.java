package io.customersync.channel.domain;

/**
 * A request that is well-formed but that the channel refuses because of one of its fields (it
 * names something that is not there, or reuses something); the field is named in the answer.
 */
public abstract class RefusedException extends RuntimeException {

    private final String field;

    protected RefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The refused field, as the request names it. */
    public String field() {
        return field;
    }
}
