package io.customersync.channel.api;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.api.PrintableText;
import io.customersync.api.TypedText;
import io.customersync.channel.domain.CustomerEdit;

/**
 * An edit of a customer: the fields present are changed, the others left as they are
 * ({@code attributes}, when present, replaces them all); {@code email} or {@code phone} sent empty ({@code ""}) is
 * removed (the customer no longer gives it), as Stripe's API unsets a field; {@code null} is a field not given. Server-owned fields cannot be named.
 */
public record UpdateCustomerRequest(
        @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText @Size(max = 100) String firstName,
        @Schema(example = "King") @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText
        @Size(max = 100) String lastName,
        @Schema(example = "ada.king@example.com") @Email @Size(max = 254) String email,
        @Schema(example = "+1 555 0199", pattern = CreateCustomerRequest.PHONE_SCHEMA)
        @Pattern(regexp = "|" + CreateCustomerRequest.PHONE, message = CreateCustomerRequest.PHONE_MESSAGE)
        @Size(max = 32) String phone,
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 1000) String> attributes) {

    /** An e-mail or phone typed or pasted with spaces around it is the same e-mail or phone (checked without them). */
    public UpdateCustomerRequest {
        email = TypedText.trimmed(email);
        phone = TypedText.trimmed(phone);
    }

    /** {@code ""} for an e-mail or phone: the customer no longer gives it. */
    static final String REMOVED = "";

    public boolean changesNothing() {
        return firstName == null && lastName == null && email == null && phone == null && attributes == null;
    }

    public CustomerEdit toCommand() {
        Set<String> removed = new LinkedHashSet<>();
        if (REMOVED.equals(email)) {
            removed.add(CustomerEdit.EMAIL);
        }
        if (REMOVED.equals(phone)) {
            removed.add(CustomerEdit.PHONE);
        }
        return new CustomerEdit(TypedText.trimmed(firstName), TypedText.trimmed(lastName),
                REMOVED.equals(email) ? null : email, REMOVED.equals(phone) ? null : phone, attributes, removed);
    }
}
