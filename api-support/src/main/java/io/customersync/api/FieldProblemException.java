package io.customersync.api;

/**
 * A request that is well-formed but wrong about one field or header: 400 for a malformed header,
 * 422 for a reference to something that is not there or a reused idempotency key.
 */
public class FieldProblemException extends RuntimeException {

    private final int status;
    private final String field;

    public FieldProblemException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
