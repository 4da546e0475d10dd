package io.customersync.distribution.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A channel of the registry: its channel database (URL, role, where its password is read), its
 * address book, whether it excludes other channels' customer data, its own pool size (null: the
 * delivery default), the distribution deployment that owns it, and whether it is still served.
 */
public record Channel(String id, String jdbcUrl, String username, PasswordReference passwordRef, String addressBook,
        boolean excludeCustomerData, Integer poolSize, String deployment, Status status) {

    public enum Status {
        ACTIVE, RETIRED
    }

    public Channel {
        Objects.requireNonNull(id);
        Objects.requireNonNull(jdbcUrl);
        Objects.requireNonNull(username);
        Objects.requireNonNull(passwordRef);
        Objects.requireNonNull(deployment);
        Objects.requireNonNull(status);
    }

    public Optional<String> book() {
        return Optional.ofNullable(addressBook);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    /** Whether a pool opened for {@code other} still connects the way this channel says. */
    public boolean connectsLike(Channel other) {
        return other != null && jdbcUrl.equals(other.jdbcUrl) && username.equals(other.username)
                && passwordRef.equals(other.passwordRef) && Objects.equals(poolSize, other.poolSize);
    }

    public Channel withStatus(Status newStatus) {
        return new Channel(id, jdbcUrl, username, passwordRef, addressBook, excludeCustomerData, poolSize, deployment,
                newStatus);
    }
}
