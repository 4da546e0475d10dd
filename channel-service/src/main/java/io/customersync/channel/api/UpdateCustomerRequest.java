package io.customersync.channel.api;

import java.util.Map;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.api.PrintableText;
import io.customersync.channel.domain.CustomerEdit;

/**
 * An edit of a customer: the fields present are changed, the others left as they are
 * ({@code attributes}, when present, replaces them all). Server-owned fields cannot be named.
 */
public record UpdateCustomerRequest(
        @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText @Size(max = 100) String firstName,
        @Schema(example = "King") @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText
        @Size(max = 100) String lastName,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = CreateCustomerRequest.PHONE, message = CreateCustomerRequest.PHONE_MESSAGE)
        @Size(max = 32) String phone,
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 1000) String> attributes) {

    public boolean changesNothing() {
        return firstName == null && lastName == null && email == null && phone == null && attributes == null;
    }

    public CustomerEdit toCommand() {
        return new CustomerEdit(firstName, lastName, email, phone, attributes);
    }
}
