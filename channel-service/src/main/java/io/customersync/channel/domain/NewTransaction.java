package io.customersync.channel.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** A sale or order to record for a customer the channel sees, maybe at one of the customer's addresses. */
public record NewTransaction(TransactionType type, UUID customerId, UUID addressId, String currency,
        List<Line> lines) {

    /** What, how many, at what price. */
    public record Line(String sku, BigDecimal quantity, BigDecimal unitPrice) {
    }
}
