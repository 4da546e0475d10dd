package io.customersync.channel.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.channel.domain.RetailTransaction;
import io.customersync.channel.domain.TransactionType;

/** A recorded transaction as the API shows it. */
public record TransactionResponse(UUID transactionId, String channelId, TransactionType type, UUID customerId,
        @Schema(nullable = true, description = "the address the sale names, if any") UUID addressId, String currency, BigDecimal total, List<TransactionRequest.Line> lines, Instant createdAt) {

    public static TransactionResponse from(RetailTransaction t) {
        return new TransactionResponse(t.id, t.channelId, t.type, t.customerId, t.addressId, t.currency, t.total,
                t.lines.stream().map(l -> new TransactionRequest.Line(l.sku, l.quantity, l.unitPrice)).toList(),
                t.createdAt);
    }
}
