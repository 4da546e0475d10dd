package io.customersync.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every event the pipeline publishes: its CloudEvents type ({@code ce_type} header), the topic it
 * travels on and the record its JSON body maps to.
 */
public enum EventType {

    CUSTOMER_CREATED("io.customersync.channel.customer.created.v1", Topics.CUSTOMER_UPLOADS, CustomerCreated.class,
            "firstName", "lastName", "email", "phone", "addresses", "attributes"),
    CUSTOMER_UPDATED("io.customersync.channel.customer.updated.v1", Topics.CUSTOMER_UPLOADS, CustomerUpdated.class,
            "firstName", "lastName", "email", "phone", "attributes"),
    ADDRESS_ADDED("io.customersync.channel.customer.address-added.v1", Topics.CUSTOMER_UPLOADS, AddressAdded.class,
            "address"),
    ADDRESS_CHANGED("io.customersync.channel.customer.address-changed.v1", Topics.CUSTOMER_UPLOADS,
            AddressChanged.class, "address"),
    ADDRESS_REMOVED("io.customersync.channel.customer.address-removed.v1", Topics.CUSTOMER_UPLOADS,
            AddressRemoved.class),
    TRANSACTION_RECORDED("io.customersync.channel.transaction.recorded.v1", Topics.CUSTOMER_UPLOADS,
            TransactionRecorded.class),
    CUSTOMER_SYNCHRONIZED("io.customersync.hq.customer.synchronized.v1", Topics.CUSTOMER_SYNC,
            CustomerSynchronized.class, "customer"),
    CUSTOMER_NOT_SYNCHRONIZED("io.customersync.hq.customer.not-synchronized.v1", Topics.CUSTOMER_SYNC,
            CustomerNotSynchronized.class),
    CUSTOMER_ERASED("io.customersync.hq.customer.erased.v1", Topics.CUSTOMER_SYNC, CustomerErased.class),
    CUSTOMERS_DISTRIBUTED("io.customersync.distribution.customers.distributed.v1", Topics.CUSTOMER_DOWNLOADS,
            CustomersDistributed.class);

    private final String ceType;
    private final String topic;
    private final Class<?> payloadType;
    private final List<String> personalFields;

    EventType(String ceType, String topic, Class<?> payloadType, String... personalFields) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadType = payloadType;
        this.personalFields = List.of(personalFields);
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /**
     * The body's fields that carry personal data: sealed with the customer's key on the topic
     * ({@link SealedEvents}; docs/events.md). Empty for events that travel readable.
     */
    public List<String> personalFields() {
        return personalFields;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
