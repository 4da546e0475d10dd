package io.customersync.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A download session applied to a channel database: these customers now have their account number
 * (their own channel) or are copied there (another channel of the same address book). Published by
 * distribution-service's outbox, keyed by {@code channelId}, one event per download session.
 */
public record CustomersDistributed(
        String channelId,
        long downloadSessionId,
        List<DistributedCustomer> customers,
        Instant distributedAt) {

    public CustomersDistributed {
        Require.text(channelId, "channelId");
        Require.present(distributedAt, "distributedAt");
        customers = customers == null ? List.of() : List.copyOf(customers);
    }
}
