package io.customersync.distribution.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;

/**
 * A channel as ops add or change it (PUT /api/v1/channels/{channelId}): its database, the role to
 * connect as, where its password is read (never the password), its address book, data exclusion,
 * its own pool size and owning deployment (both optional: the service's defaults). A {@code password}
 * is refused, never stored.
 */
public record ChannelRegistration(@NotBlank String jdbcUrl, @NotBlank String username, @NotBlank String passwordRef,
        String addressBook, @NotNull Boolean excludeCustomerData, Integer poolSize, String deployment,
        @Null(message = "never the password: give passwordRef (file:, env: or config:)") String password) {
}
