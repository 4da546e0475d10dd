package io.customersync.hq.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.customersync.api.PhoneNumber;
import io.customersync.api.PrintableText;
import io.customersync.api.TypedText;
import io.customersync.hq.domain.StagingCorrections;

/** Ops' correction of a staged customer: the fields given replace the staged ones. */
public record StagedCustomerEdit(
        @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText @Size(max = 100) String firstName,
        @Pattern(regexp = ".*\\S.*", message = "must not be blank") @PrintableText @Size(max = 100) String lastName,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = PhoneNumber.PATTERN, message = PhoneNumber.MESSAGE)
        @Size(max = 32) String phone) {

    /** An e-mail or phone pasted with spaces around it is the same e-mail or phone (checked without them). */
    public StagedCustomerEdit {
        email = TypedText.trimmed(email);
        phone = TypedText.trimmed(phone);
    }

    StagingCorrections.Edit toCommand() {
        return new StagingCorrections.Edit(firstName, lastName, email, phone);
    }
}
