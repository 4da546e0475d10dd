package io.customersync.hq.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

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

    private final EntityManager em;

    public CustomerErasures(EntityManager em) {
        this.em = em;
    }

    public Optional<Erasure> find(UUID customerId) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                select customer_id, account_number, request_reference, requested_by, erased_at, version
                from customer_erasure where customer_id = ?1""", Tuple.class).setParameter(1, customerId).getResultList();
        return rows.stream().findFirst().map(row -> new Erasure(row.get(0, UUID.class), row.get(1, String.class),
                row.get(2, String.class), row.get(3, String.class), instant(row.get(4)),
                row.get(5, Number.class).longValue()));
    }

    /** A timestamptz of a native query, whichever Java type Hibernate gave it. */
    static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }

    public boolean erased(UUID customerId) {
        return ((Number) em.createNativeQuery("select count(*) from customer_erasure where customer_id = ?1")
                .setParameter(1, customerId).getSingleResult()).longValue() > 0;
    }

    /**
     * Whether the customer is erased, or the account it was given (linked to, or merged into) is: the
     * erased person's data must not come back through a store's customer HQ said is the same person.
     */
    public boolean erased(UUID customerId, String accountNumber) {
        if (accountNumber == null) {
            return erased(customerId);
        }
        return ((Number) em.createNativeQuery(
                "select count(*) from customer_erasure where customer_id = ?1 or account_number = ?2")
                .setParameter(1, customerId).setParameter(2, accountNumber).getSingleResult()).longValue() > 0;
    }

    /** Which of these customers are erased, with one query. */
    public java.util.Set<UUID> erasedOf(java.util.Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return java.util.Set.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> erased = em.createNativeQuery(
                "select customer_id from customer_erasure where customer_id = any(cast(?1 as uuid[]))", UUID.class)
                .setParameter(1, "{" + String.join(",", customerIds.stream().map(UUID::toString).toList()) + "}")
                .getResultList();
        return java.util.Set.copyOf(erased);
    }

    public void record(Erasure erasure) {
        em.createNativeQuery("""
                insert into customer_erasure (customer_id, account_number, request_reference, requested_by, erased_at,
                                              version)
                values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, erasure.customerId()).setParameter(2, erasure.accountNumber())
                .setParameter(3, erasure.requestReference()).setParameter(4, erasure.requestedBy())
                .setParameter(5, erasure.erasedAt()).setParameter(6, erasure.version()).executeUpdate();
    }
}
