package io.customersync.hq.domain;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerCreated;

/**
 * Ops' corrections of a staged customer that waits for them (FAILED, or held as a possible
 * duplicate): edit what will be synced, or put a FAILED one back to PENDING for the customer-sync job.
 */
@ApplicationScoped
public class StagingCorrections {

    /** The fields ops give replace the staged ones; null leaves a field as it is. */
    public record Edit(String firstName, String lastName, String email, String phone) {
    }

    private final StagedCustomers staging;

    public StagingCorrections(StagedCustomers staging) {
        this.staging = staging;
    }

    /** Edits a staged customer locked by the caller's transaction. */
    public void edit(AsyncCustomerStaging row, Edit edit) {
        requireWaiting(row);
        CustomerCreated c = row.upload();
        row.restage(new CustomerCreated(c.customerId(), c.channelId(), c.asyncCustomerNumber(),
                edit.firstName() == null ? c.firstName() : edit.firstName(),
                edit.lastName() == null ? c.lastName() : edit.lastName(),
                edit.email() == null ? c.email() : edit.email(), edit.phone() == null ? c.phone() : edit.phone(),
                c.addresses(), c.attributes(), c.createdAt()));
        staging.save(row);
        staging.record(row.customerId, "EDITED", "edited by ops");
    }

    /** Puts a staged customer locked by the caller's transaction back to PENDING. */
    public void retry(AsyncCustomerStaging row) {
        requireWaiting(row);
        row.status = StagingStatus.PENDING;
        row.lastError = null;
        staging.save(row);
        staging.record(row.customerId, "RETRY", "retried by ops");
    }

    private static void requireWaiting(AsyncCustomerStaging row) {
        if (row.status != StagingStatus.FAILED && row.heldReason == null) {
            throw new NotWaitingForOpsException();
        }
    }
}
