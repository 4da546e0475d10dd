package io.customersync.channel.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.channel.domain.AddressPurpose;
import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.CustomerCreation;
import io.customersync.channel.domain.CustomerAddress;
import io.customersync.channel.domain.CustomerStatus;

/**
 * A customer as the API shows it: async ones carry their async number and no account number yet;
 * FAILED and ON_HOLD ones HQ's reason code, and FAILED ones the names of the fields to fix.
 */
public record CustomerResponse(
        UUID customerId,
        String asyncCustomerNumber,
        String channelId,
        CustomerStatus status,
        @Schema(nullable = true, description = "HQ's reason code while FAILED (e.g. REQUIRED_FIELDS_MISSING) or ON_HOLD "
                + "(POSSIBLE_DUPLICATE); null otherwise") String statusReason,
        @Schema(description = "while FAILED: the names of the fields HQ asks to fix (edit them with PATCH, and HQ "
                + "tries again by itself); empty otherwise") List<String> fieldsToFix,
        @Schema(nullable = true, description = "HQ's account number; null while ASYNC") String accountNumber,
        String firstName,
        String lastName,
        @Schema(nullable = true) String email,
        @Schema(nullable = true) String phone,
        List<AddressResponse> addresses,
        Map<String, String> attributes,
        Instant createdAt,
        @Schema(nullable = true, description = "when HQ's account number reached this store; null while ASYNC")
        Instant syncedAt,
        @Schema(nullable = true, description = "how the customer was just created (ASYNC, SYNC, ASYNC_FALLBACK); null "
                + "when read") CustomerCreation.Outcome creationMode,
        @Schema(description = "true for a copy of another store's customer (of the address book): editable here, "
                + "the edit goes to HQ and HQ's result comes back to every store") boolean copy,
        @Schema(nullable = true, description = "the version of HQ's customer this store holds (null while ASYNC); an edit is based on it "
                + "and HQ's answer brings the next one (docs/versions.md)") Long hqVersion,
        @Schema(description = "the account numbers the customer had before HQ merged its account into another (an old "
                + "loyalty card's; the till search finds them), oldest first; left out when none")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> formerAccountNumbers) {

    public record AddressResponse(UUID addressId,
            @Schema(nullable = true, description = "HQ's id of the address; null until HQ numbered it") Long hqAddressId,
            String street, String city, @Schema(nullable = true) String state, String zip, String country,
            AddressPurpose purpose) {

        static AddressResponse from(CustomerAddress a) {
            return new AddressResponse(a.id, a.hqAddressId, a.street, a.city, a.state, a.zip, a.country, a.purpose);
        }
    }

    public static CustomerResponse from(Customer c) {
        return from(c, null);
    }

    /** @param creationMode how it was just created (ASYNC, SYNC, ASYNC_FALLBACK); null when only read */
    public static CustomerResponse from(Customer c, CustomerCreation.Outcome creationMode) {
        return new CustomerResponse(c.id, c.asyncCustomerNumber, c.channelId, c.status, c.syncReason,
                c.fieldsToFix == null ? List.of() : List.copyOf(c.fieldsToFix), c.accountNumber, c.firstName,
                c.lastName, c.email, c.phone, c.liveAddresses().stream().map(AddressResponse::from).toList(),
                c.attributes, c.createdAt, c.syncedAt, creationMode, c.isCopy(), c.hqVersion, c.formerAccountNumbers);
    }
}
