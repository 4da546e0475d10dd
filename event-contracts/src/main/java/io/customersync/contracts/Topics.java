package io.customersync.contracts;

/**
 * Kafka topic names of the pipeline. The suffix {@code .v1} is the contract version: an
 * incompatible change to a payload gets a new topic and a new event type, never an in-place
 * change (see docs/events.md).
 */
public final class Topics {

    /** Channel to HQ: every event about an async customer, keyed by customerId (the P-job's upload). */
    public static final String CUSTOMER_UPLOADS = "channel.customer-uploads.v1";

    /** HQ to distribution: customers that got their account number, or that HQ refused or holds, keyed by customerId. */
    public static final String CUSTOMER_SYNC = "hq.customer-sync.v1";

    /** Distribution to whoever listens: each download session applied to a channel database, keyed by channelId. */
    public static final String CUSTOMER_DOWNLOADS = "distribution.customer-downloads.v1";

    /** Every topic the pipeline publishes to (not the dead-letter topics). */
    public static final java.util.List<String> ALL = java.util.List.of(CUSTOMER_UPLOADS, CUSTOMER_SYNC,
            CUSTOMER_DOWNLOADS);

    /** Suffix of the dead-letter topic beside each consumed topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
