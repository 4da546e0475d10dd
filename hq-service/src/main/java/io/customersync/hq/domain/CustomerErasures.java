package io.customersync.hq.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The owner of {@code customer_erasure}: which customers' personal data ops erased, when, at whose
 * request (docs/privacy.md). Ids and the request only, never the erased data.
 */
@ApplicationScoped
public class CustomerErasures {

    /** One erasure: who asked, under which request reference, and the version it made. */
    public record Erasure(UUID customerId, String accountNumber, String requestReference, String requestedBy,
            Instant erasedAt, long version) {
    }

    private final HqDatabase database;

    public CustomerErasures(HqDatabase database) {
        this.database = database;
    }

    public Optional<Erasure> find(UUID customerId) {
        return Optional.ofNullable(database.first("""
                select customer_id, account_number, request_reference, requested_by, erased_at, version
                from customer_erasure where customer_id = ?""", CustomerErasures::erasure, customerId));
    }

    public boolean erased(UUID customerId) {
        return database.count("select count(*) from customer_erasure where customer_id = ?", customerId) > 0;
    }

    /**
     * Whether the customer is erased, or the account it was given (linked to, or merged into) is: the
     * erased person's data must not come back through a store's customer HQ said is the same person.
     */
    public boolean erased(UUID customerId, String accountNumber) {
        if (accountNumber == null) {
            return erased(customerId);
        }
        return database.count("select count(*) from customer_erasure where customer_id = ? or account_number = ?", customerId,
                accountNumber) > 0;
    }

    /** The erasures of these customers (those erased), with one query. */
    public java.util.List<Erasure> erasuresOf(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return java.util.List.of();
        }
        return database.list("""
                select customer_id, account_number, request_reference, requested_by, erased_at, version
                from customer_erasure where customer_id = any(?)""", CustomerErasures::erasure,
                new HqDatabase.Array("uuid", customerIds));
    }

    /** Which of these customers are erased, with one query. */
    public java.util.Set<UUID> erasedOf(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(database.list("select customer_id from customer_erasure where customer_id = any(?)",
                rs -> rs.getObject(1, UUID.class), new HqDatabase.Array("uuid", customerIds)));
    }

    public void record(Erasure erasure) {
        database.update("""
                insert into customer_erasure (customer_id, account_number, request_reference, requested_by, erased_at,
                                              version)
                values (?, ?, ?, ?, ?, ?)""", erasure.customerId(), erasure.accountNumber(), erasure.requestReference(),
                erasure.requestedBy(), erasure.erasedAt(), erasure.version());
    }

    private static Erasure erasure(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Erasure(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                HqDatabase.instant(rs, 5), rs.getLong(6));
    }
}
