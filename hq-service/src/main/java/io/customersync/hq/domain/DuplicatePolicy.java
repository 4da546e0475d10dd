package io.customersync.hq.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    private final EntityManager em;
    private final Policy policy;

    public DuplicatePolicy(EntityManager em, @ConfigProperty(name = "hq.duplicates.policy") Policy policy) {
        this.em = em;
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    public Optional<Match> find(CustomerCreated customer) {
        String email = customer.email() == null ? "" : customer.email().trim().toLowerCase(Locale.ROOT);
        String phone = customer.phone() == null ? "" : customer.phone().replaceAll("[^0-9]", "");
        @SuppressWarnings("unchecked")
        List<Object[]> matches = em.createNativeQuery("""
                select account_number, case when email_normalized = ?1 then 'email' else 'phone' end
                from customer
                where customer_id <> ?3 and ((?1 <> '' and email_normalized = ?1) or (?2 <> '' and phone_normalized = ?2))
                order by created_at limit 1""")
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
