package io.customersync.messaging;

/**
 * An event that can never be applied as it is (malformed, of an unknown type, or refused by a
 * business rule). It goes to the dead-letter topic with this message as the reason; retrying it
 * would only block the events behind it.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String reason) {
        super(reason);
    }

    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
