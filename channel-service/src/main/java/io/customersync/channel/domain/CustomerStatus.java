package io.customersync.channel.domain;

/**
 * Where a customer is, as HQ last said (written by distribution-service, like the account number):
 * ASYNC: saved at the channel with a temporary identity, waiting for HQ; SYNCED: HQ gave it an
 * account number (final); FAILED: HQ refused it as it is (the reason code and the names of the fields
 * to fix are kept; a store edit sends it back to HQ, ASYNC again); ON_HOLD: HQ holds it as a possible
 * duplicate under review (ops decide; then SYNCED follows).
 */
public enum CustomerStatus {
    ASYNC, SYNCED, FAILED, ON_HOLD;

    /** Whether HQ has answered and the channel waits for nothing more by itself (a stream ends here). */
    public boolean answeredByHq() {
        return this != ASYNC;
    }
}
