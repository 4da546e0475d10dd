package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** What happened to a staged customer, in order: staged, held, synced, failed, edited, retried. */
@ApplicationScoped
public class StagingHistory {

    private final EntityManager em;

    public StagingHistory(EntityManager em) {
        this.em = em;
    }

    public void record(UUID customerId, String status, String detail) {
        em.createNativeQuery("insert into staging_history (customer_id, status, detail) values (?1, ?2, ?3)")
                .setParameter(1, customerId).setParameter(2, status).setParameter(3, detail).executeUpdate();
    }
}
