package io.customersync.hq.domain;

/** Where a staged async customer is: waiting, synced (has an account number), or failed (see last error). */
public enum StagingStatus {
    PENDING, SYNCED, FAILED
}
