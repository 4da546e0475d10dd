package io.customersync.hq.domain;

/** HQ cannot turn a staged customer into a customer as it is (a rule of HQ's); the row becomes FAILED. */
public class SyncRefusedException extends RuntimeException {

    public SyncRefusedException(String reason) {
        super(reason);
    }
}
