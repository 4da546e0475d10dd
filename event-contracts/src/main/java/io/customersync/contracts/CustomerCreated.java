package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel created an async customer. Published by the channel's P-job, keyed by {@code customerId}.
 * On the topic its personal fields travel sealed ({@code sealed}, {@link SealedEvents}); then they are
 * absent here until the record is opened with the customer's key.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // read over HTTP too (HQ's real-time service): fields added compatibly
public record CustomerCreated(
        UUID customerId,
        String channelId,
        String asyncCustomerNumber,
        String firstName,
        String lastName,
        String email,
        String phone,
        List<AsyncAddress> addresses,
        Map<String, String> attributes,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedPart sealed) implements SealableEvent {

    public CustomerCreated(UUID customerId, String channelId, String asyncCustomerNumber, String firstName,
            String lastName, String email, String phone, List<AsyncAddress> addresses, Map<String, String> attributes,
            Instant createdAt) {
        this(customerId, channelId, asyncCustomerNumber, firstName, lastName, email, phone, addresses, attributes,
                createdAt, null);
    }

    public CustomerCreated {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.present(createdAt, "createdAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        attributes = Require.noNullValues(attributes, "attributes");
    }
}
