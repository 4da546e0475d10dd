package io.customersync.hq.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Draws customer account numbers from the PostgreSQL sequence {@code account_number_seq}: unique
 * however many hq-service instances draw at once; a rolled-back transaction leaves a gap.
 */
@ApplicationScoped
public class AccountNumberSequence {

    private final EntityManager em;
    private final AccountNumberFormat format;

    public AccountNumberSequence(EntityManager em, @ConfigProperty(name = "hq.account-number.format") String format) {
        this.em = em;
        this.format = AccountNumberFormat.parse(format);
    }

    public String next() {
        long value = ((Number) em.createNativeQuery("select nextval('account_number_seq')").getSingleResult())
                .longValue();
        return format.format(value);
    }
}
