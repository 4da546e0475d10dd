package io.customersync.channel.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.channel.domain.NewTransaction;
import io.customersync.channel.domain.TransactionType;

/** A cash-and-carry sale or a customer order for a customer of the caller's channel, async or synced. */
public record TransactionRequest(
        @Schema(example = "CASH_AND_CARRY") @NotNull TransactionType type,
        @Schema(example = "6428dbe8-1114-4f02-aaa2-c267272fd8aa") @NotNull UUID customerId,
        @Schema(description = "one of the customer's addresses (async or synced), optional") UUID addressId,
        @Schema(example = "USD") @NotNull @CurrencyCode
        String currency,
        @NotEmpty @Size(max = 200) List<@NotNull @Valid Line> lines) {

    public NewTransaction toCommand() {
        return new NewTransaction(type, customerId, addressId, currency,
                lines.stream().map(l -> new NewTransaction.Line(l.sku(), l.quantity(), l.unitPrice())).toList());
    }

    /** One line: what, how many, at what price. */
    public record Line(
            @Schema(example = "TEA-1") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "2") @NotNull @Positive @Digits(integer = 9, fraction = 4) BigDecimal quantity,
            @Schema(example = "3.25") @NotNull @DecimalMin("0") @Digits(integer = 13, fraction = 4) BigDecimal unitPrice) {
    }
}
