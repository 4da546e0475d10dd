package io.customersync.contracts;

import java.util.UUID;

/** One customer of a download session: {@code copy} when it was created at another channel. */
public record DistributedCustomer(UUID customerId, String originChannelId, String accountNumber, boolean copy) {

    public DistributedCustomer {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(accountNumber, "accountNumber");
    }
}
