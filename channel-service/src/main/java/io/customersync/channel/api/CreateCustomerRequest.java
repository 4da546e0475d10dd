package io.customersync.channel.api;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.api.PhoneNumber;
import io.customersync.api.PrintableText;
import io.customersync.api.TypedText;
import io.customersync.channel.domain.NewAddress;
import io.customersync.channel.domain.NewCustomer;

/**
 * What a POS terminal or storefront sends to create a customer ({@code email} or {@code phone} sent empty, as a web
 * form sends a field left blank: not given). There is deliberately no
 * accountNumber, status or channelId: those belong to the server, and a body naming them is refused
 * as having unknown fields.
 */
public record CreateCustomerRequest(
        @Schema(example = "Ada") @NotBlank @PrintableText @Size(max = 100) String firstName,
        @Schema(example = "Lovelace") @NotBlank @PrintableText @Size(max = 100) String lastName,
        @Schema(example = "ada@example.com") @Email @Size(max = 254) String email,
        @Schema(example = "+1 555 0100", pattern = PHONE_SCHEMA) @Pattern(regexp = "|" + PHONE, message = PHONE_MESSAGE)
        @Size(max = 32) String phone,
        @Size(max = 10) List<@NotNull @Valid AddressRequest> addresses,
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 1000) String> attributes) {

    /** An e-mail or phone typed or pasted with spaces around it is the same e-mail or phone (checked without them). */
    public CreateCustomerRequest {
        email = TypedText.trimmed(email);
        phone = TypedText.trimmed(phone);
    }

    static final String PHONE = PhoneNumber.PATTERN;
    static final String PHONE_MESSAGE = PhoneNumber.MESSAGE;
    /**
     * The same for the OpenAPI document, anchored: a JSON Schema pattern matches anywhere in the text, so the
     * validation's {@code |...} matched every string there (found by probing as a storefront).
     */
    static final String PHONE_SCHEMA = "^(|" + PHONE + ")$";

    /** The customer to create (on the hot path: one record, plus one per address). */
    public NewCustomer toCommand() {
        // a web form's empty field is a value not given, as an edit's empty e-mail or phone is one removed
        return new NewCustomer(TypedText.trimmed(firstName), TypedText.trimmed(lastName), givenOrNull(email),
                givenOrNull(phone), addressCommands(), attributes);
    }

    private static String givenOrNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private List<NewAddress> addressCommands() {
        if (addresses == null || addresses.isEmpty()) {
            return List.of();
        }
        NewAddress[] commands = new NewAddress[addresses.size()];
        for (int i = 0; i < commands.length; i++) {
            commands[i] = addresses.get(i).toCommand();
        }
        return List.of(commands);
    }
}
