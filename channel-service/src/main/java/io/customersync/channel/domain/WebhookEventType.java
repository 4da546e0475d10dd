package io.customersync.channel.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a storefront webhook reports about a customer of its channel; {@link #wireName()} is the event's {@code type}. */
public enum WebhookEventType {
    /** HQ's account number arrived in the channel database (or a sync-mode customer was saved numbered). */
    CUSTOMER_SYNCED("customer.synced"),
    /** The customer was edited at the channel (fields or an address). */
    CUSTOMER_CHANGED("customer.changed"),
    /** HQ could not sync the customer (reported from where a FAILED status is observed). */
    CUSTOMER_FAILED("customer.failed"),
    /**
     * HQ erased the customer's personal data (docs/privacy.md), written into the channel database (channel-schema
     * V22): the receiver erases its own copy (GDPR Art. 19). Ids only, as every event.
     */
    CUSTOMER_ERASED("customer.erased");

    /** The pattern a subscription's event names must match (for request validation). */
    public static final String PATTERN = "customer\\.(synced|changed|failed|erased)";

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
