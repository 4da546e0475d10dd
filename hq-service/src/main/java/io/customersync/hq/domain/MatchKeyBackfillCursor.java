package io.customersync.hq.domain;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The owner of {@code match_key_backfill}: how far the customers of the master from before the
 * match rules have been given their match keys (one row; locked while a page is done).
 */
@ApplicationScoped
public class MatchKeyBackfillCursor {

    private final EntityManager em;

    public MatchKeyBackfillCursor(EntityManager em) {
        this.em = em;
    }

    /** The last account number done ("" at first), locked by the caller's transaction; empty once all are done. */
    public Optional<String> lockUnlessDone() {
        @SuppressWarnings("unchecked")
        List<String> cursor = em.createNativeQuery(
                "select coalesce(after_account, '') from match_key_backfill where not done for update").getResultList();
        return cursor.stream().findFirst();
    }

    public void advance(String afterAccount, boolean done) {
        em.createNativeQuery("update match_key_backfill set after_account = ?1, done = ?2")
                .setParameter(1, afterAccount).setParameter(2, done).executeUpdate();
    }
}
