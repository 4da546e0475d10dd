package io.customersync.hq.domain;

import java.util.List;

import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.messaging.FailureClassifier;

/**
 * HQ cannot turn a staged customer into a customer as it is (a rule of HQ's); the row becomes FAILED
 * and the channel learns {@link #reasonCode()} and the names of {@link #fieldsToFix()} (never values).
 */
public class SyncRefusedException extends RuntimeException {

    private final String reasonCode;
    private final List<String> fieldsToFix;

    public SyncRefusedException(String reason) {
        this(CustomerNotSynchronized.REFUSED, List.of(), reason);
    }

    public SyncRefusedException(String reasonCode, List<String> fieldsToFix, String reason) {
        super(reason);
        this.reasonCode = reasonCode;
        this.fieldsToFix = List.copyOf(fieldsToFix);
    }

    /**
     * Whether HQ refused the customer for its data: by a rule of HQ's (this exception), or by its database
     * (a constraint, a value it cannot take: {@link FailureClassifier#isPoison}); else a passing failure.
     */
    public static boolean refusedForItsData(Throwable failure) {
        return failure instanceof SyncRefusedException || FailureClassifier.isPoison(failure);
    }

    public String reasonCode() {
        return reasonCode;
    }

    public List<String> fieldsToFix() {
        return fieldsToFix;
    }
}
