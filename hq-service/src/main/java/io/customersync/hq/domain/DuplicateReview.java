package io.customersync.hq.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ops' decisions about possible duplicates, flagged (FLAG: numbered on their own) or held (HOLD:
 * waiting): keep the customer separate, or link it to an existing account. Each decision reaches
 * the channels through the customer's sync event, like any other change of the master.
 */
@ApplicationScoped
public class DuplicateReview {

    public enum Decision {
        /** someone new: a held customer gets its own account number, a flagged one keeps its own */
        KEEP_SEPARATE,
        /** the customer of the given account (by default the one the rule matched): linked or merged there */
        LINK
    }

    /** The decision cannot be taken: the customer waits for none, or there is no account to link to. */
    public static class RefusedException extends RuntimeException {

        private final String field;

        RefusedException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }

        public boolean conflict() {
            return "customerId".equals(field);
        }
    }

    private final AsyncCustomerSynchronizer synchronizer;
    private final AccountMerges merges;
    private final PossibleDuplicates possibleDuplicates;
    private final StagedCustomers history;
    private final CustomerMaster master;

    public DuplicateReview(AsyncCustomerSynchronizer synchronizer, AccountMerges merges,
            PossibleDuplicates possibleDuplicates, StagedCustomers history, CustomerMaster master) {
        this.master = master;
        this.synchronizer = synchronizer;
        this.merges = merges;
        this.possibleDuplicates = possibleDuplicates;
        this.history = history;
    }

    /**
     * Applies ops' decision to a staged customer locked by the caller's transaction.
     *
     * @param accountNumber for LINK: the account to link to; null for the one the rule matched
     */
    public void decide(AsyncCustomerStaging row, Decision decision, String accountNumber) {
        boolean held = row.heldReason != null;
        Optional<PossibleDuplicates.Open> open = possibleDuplicates.open(row.customerId);
        if (!held && open.isEmpty()) {
            throw new RefusedException("customerId", "this customer is not waiting for a decision");
        }
        String target = accountNumber != null ? asKept(accountNumber.strip())
                : open.map(PossibleDuplicates.Open::matchedAccount).orElse(null);
        if (decision == Decision.LINK && target == null) {
            throw new RefusedException("accountNumber", "LINK needs the account number to link to");
        }
        history.record(row.customerId, "DECIDED", decision == Decision.LINK ? "LINK to " + target : decision.name());
        possibleDuplicates.decide(row.customerId, decision.name());
        row.heldReason = null;
        history.save(row);
        try {
            if (decision == Decision.KEEP_SEPARATE) {
                if (held) {
                    synchronizer.synchronizeIgnoringDuplicates(row);
                }
            } else if (held) {
                synchronizer.link(row, target);
            } else {
                merges.merge(row, target);
            }
        } catch (SyncRefusedException refused) {
            throw new RefusedException(accountNumber != null ? "accountNumber" : "decision", refused.getMessage());
        }
    }

    /**
     * An account number as ops typed it, or in upper case when only that is an account (the till search takes any case;
     * a decision took only the number as HQ writes it until 2026-12-06: found by probing).
     */
    private String asKept(String typed) {
        String upper = typed.toUpperCase(java.util.Locale.ROOT);
        return upper.equals(typed) || master.find(typed) != null || master.find(upper) == null ? typed : upper;
    }
}
