package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import io.customersync.contracts.CustomerCreated;

/**
 * Two stores creating the same person offline: on sync, a customer whose normalized email or phone
 * matches a customer of the master is handled by {@code hq.duplicates.policy}: FLAG (new account,
 * possible duplicate recorded for ops), LINK (it gets the existing account number) or HOLD (it waits
 * for an ops decision).
 */
@ApplicationScoped
public class DuplicatePolicy {

    public enum Policy {
        FLAG, LINK, HOLD
    }

    /** An existing customer of the master the new one may be, and what matched. */
    public record Match(String accountNumber, String matchedOn) {
    }

    /** Advisory lock namespace of customer identities (first key of the two-key form). */
    private static final int IDENTITY_LOCKS = 1020;

    private final EntityManager em;
    private final Policy policy;

    public DuplicatePolicy(EntityManager em, @ConfigProperty(name = "hq.duplicates.policy") Policy policy) {
        this.em = em;
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Locks the customers' normalized emails and phones until the transaction ends, in one sorted
     * order (no deadlock): a transaction syncing the same person at the same time (another worker,
     * another hq-service instance) waits until this one committed, and then finds its customer.
     */
    static void lockIdentities(Connection db, List<String> emails, List<String> phones) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("""
                select count(pg_advisory_xact_lock(?, identity)) from (
                    select distinct hashtext(value) as identity from (
                        select 'email:' || nullif(lower(trim(email)), '') from unnest(?::text[]) as e(email)
                        union all
                        select 'phone:' || nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')
                        from unnest(?::text[]) as p(phone)) as identities(value)
                    where value is not null order by 1) as sorted""")) {
            lock.setInt(1, IDENTITY_LOCKS);
            lock.setArray(2, db.createArrayOf("text", emails.toArray()));
            lock.setArray(3, db.createArrayOf("text", phones.toArray()));
            lock.execute();
        }
    }

    public Optional<Match> find(CustomerCreated customer) {
        em.unwrap(Session.class).doWork(db -> lockIdentities(db, Collections.singletonList(customer.email()),
                Collections.singletonList(customer.phone())));
        String email = customer.email() == null ? "" : customer.email().trim().toLowerCase(Locale.ROOT);
        String phone = customer.phone() == null ? "" : customer.phone().replaceAll("[^0-9]", "");
        @SuppressWarnings("unchecked")
        List<Object[]> matches = em.createNativeQuery("""
                select account_number, matched_on from (
                    select account_number, 'email' as matched_on, created_at from customer
                    where ?1 <> '' and email_normalized = ?1 and customer_id <> ?3
                    union all
                    select account_number, 'phone', created_at from customer
                    where ?2 <> '' and phone_normalized = ?2 and customer_id <> ?3) as matches
                order by created_at, matched_on limit 1""")
                .setParameter(1, email).setParameter(2, phone).setParameter(3, customer.customerId())
                .getResultList();
        return matches.stream().findFirst().map(m -> new Match((String) m[0], (String) m[1]));
    }

    public void flag(java.util.UUID customerId, Match match) {
        em.createNativeQuery("""
                insert into possible_duplicate (customer_id, account_number, matched_on) values (?1, ?2, ?3)
                on conflict do nothing""")
                .setParameter(1, customerId).setParameter(2, match.accountNumber()).setParameter(3, match.matchedOn())
                .executeUpdate();
    }
}
