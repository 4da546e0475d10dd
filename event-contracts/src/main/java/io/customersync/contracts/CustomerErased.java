package io.customersync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * HQ erased a customer's personal data at ops' request (privacy: the right to be forgotten). Its
 * {@code version} is the customer's next version at HQ, so every channel database of its address book,
 * the origin included, erases the row's personal data and keeps that version: an older
 * {@link CustomerSynchronized} arriving later changes nothing (docs/versions.md). Carries ids only,
 * never the erased data. Published by hq-service's outbox on the sync topic, keyed by {@code customerId}.
 */
public record CustomerErased(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        String accountNumber,
        Long version,
        Instant erasedAt) {

    /** What stays of an erased customer's name, at HQ and in every channel database. */
    public static final String ANONYMOUS_FIRST_NAME = "Erased";
    public static final String ANONYMOUS_LAST_NAME = "Customer";

    public CustomerErased {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.text(accountNumber, "accountNumber");
        Require.present(erasedAt, "erasedAt");
        Require.present(version, "version");
    }
}
