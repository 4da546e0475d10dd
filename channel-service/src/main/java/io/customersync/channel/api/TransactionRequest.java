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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.customersync.channel.domain.TransactionType;

/** A cash-and-carry sale or a customer order for a customer of the caller's channel, async or synced. */
public record TransactionRequest(
        @NotNull TransactionType type,
        @NotNull UUID customerId,
        UUID addressId,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency,
        @NotEmpty @Size(max = 200) List<@NotNull @Valid Line> lines) {

    /** One line: what, how many, at what price. */
    public record Line(
            @NotBlank @Size(max = 64) String sku,
            @NotNull @Positive @Digits(integer = 9, fraction = 4) BigDecimal quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 13, fraction = 4) BigDecimal unitPrice) {
    }
}
