package io.customersync.channel.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.api.PrintableText;
import io.customersync.api.TypedText;
import io.customersync.channel.domain.AddressPurpose;
import io.customersync.channel.domain.NewAddress;

/** An address sent with a customer; its {@code zip} may be left out where the country has no postcodes. */
@PostcodeWhereUsed
public record AddressRequest(
        @Schema(example = "1 Main St") @NotBlank @PrintableText @Size(max = 200) String street,
        @Schema(example = "Houston") @NotBlank @PrintableText @Size(max = 100) String city,
        @PrintableText @Size(max = 100) String state,
        @Schema(example = "77002", description = "required unless the country has no postcodes (AE, HK, IE, QA, ...: "
                + "then empty if left out)") @PrintableText @Size(max = 20) String zip,
        @Schema(example = "US") @NotNull @CountryCode String country,
        @NotNull AddressPurpose purpose) {

    public NewAddress toCommand() {
        return new NewAddress(TypedText.trimmed(street), TypedText.trimmed(city), TypedText.trimmed(state),
                zip == null ? "" : TypedText.trimmed(zip), country, purpose);
    }
}
