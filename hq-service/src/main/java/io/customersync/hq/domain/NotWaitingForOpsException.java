package io.customersync.hq.domain;

/** Ops tried to edit or retry a staged customer that is neither FAILED nor held: there is nothing to correct. */
public class NotWaitingForOpsException extends RuntimeException {

    public NotWaitingForOpsException() {
        super("only a FAILED or held customer can be edited or retried");
    }
}
