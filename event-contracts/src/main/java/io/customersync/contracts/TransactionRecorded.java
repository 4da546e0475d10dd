package io.customersync.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A channel recorded a cash-and-carry transaction or a customer order that references a customer
 * (async or synced) and maybe one of its addresses. Keyed by {@code customerId}, so HQ sees it after
 * the customer's own events and can sync the customer first ("Synchronize orders", statements).
 */
public record TransactionRecorded(
        UUID transactionId,
        String channelId,
        String type,
        UUID customerId,
        UUID addressId,
        String currency,
        List<TransactionLine> lines,
        BigDecimal total,
        Instant recordedAt) {

    public static final String CASH_AND_CARRY = "CASH_AND_CARRY";
    public static final String CUSTOMER_ORDER = "CUSTOMER_ORDER";

    public TransactionRecorded {
        Require.present(transactionId, "transactionId");
        Require.text(channelId, "channelId");
        Require.text(type, "type");
        if (!CASH_AND_CARRY.equals(type) && !CUSTOMER_ORDER.equals(type)) {
            throw new IllegalArgumentException("type must be " + CASH_AND_CARRY + " or " + CUSTOMER_ORDER);
        }
        Require.present(customerId, "customerId");
        Require.text(currency, "currency");
        Require.present(total, "total");
        Require.present(recordedAt, "recordedAt");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
