package io.customersync.hq.jobs;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.StagingHistory;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.SyncRefusedException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * "Synchronize customers and business partners from async mode": every PENDING staged customer
 * (not held) gets its account number, a batch per transaction (one by one if HQ refuses one of the
 * batch); one HQ refuses is marked FAILED with the reason, for ops to edit and retry.
 */
@ApplicationScoped
public class CustomerSyncJob implements JobRunner.Job {

    private final EntityManager em;
    private final AsyncCustomerSynchronizer synchronizer;
    private final StagingHistory history;
    private final int batchSize;

    public CustomerSyncJob(EntityManager em, AsyncCustomerSynchronizer synchronizer, StagingHistory history,
            @ConfigProperty(name = "hq.jobs.batch-size") int batchSize) {
        this.em = em;
        this.synchronizer = synchronizer;
        this.history = history;
        this.batchSize = batchSize;
    }

    @Override
    public JobRunner.Result run() {
        int processed = 0;
        int failed = 0;
        List<UUID> pending;
        do {
            pending = QuarkusTransaction.requiringNew().call(this::pending);
            if (pending.isEmpty()) {
                break;
            }
            List<UUID> batch = pending;
            try {
                QuarkusTransaction.requiringNew().run(() -> batch.forEach(this::syncLocked));
                processed += pending.size();
            } catch (SyncRefusedException refused) {
                // one of the batch is refused: sync them one by one, so only that one fails
                for (UUID customerId : pending) {
                    if (syncOne(customerId)) {
                        processed++;
                    } else {
                        failed++;
                    }
                }
            }
        } while (pending.size() == batchSize);
        return new JobRunner.Result(processed, failed);
    }

    /** Syncs one staged customer in its own transaction; false if HQ refused it (now FAILED). */
    public boolean syncOne(UUID customerId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> syncLocked(customerId));
            return true;
        } catch (SyncRefusedException refused) {
            markFailed(customerId, refused.getMessage());
            return false;
        }
    }

    private void syncLocked(UUID customerId) {
        AsyncCustomerStaging row = synchronizer.locked(customerId);
        if (row != null && row.status == StagingStatus.PENDING) {
            synchronizer.synchronize(row);
        }
    }

    public void markFailed(UUID customerId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            AsyncCustomerStaging row = synchronizer.locked(customerId);
            row.status = StagingStatus.FAILED;
            row.lastError = reason;
            history.record(customerId, StagingStatus.FAILED.name(), reason);
        });
    }

    @SuppressWarnings("unchecked")
    private List<UUID> pending() {
        return em.createNativeQuery("""
                select customer_id from async_customer_staging
                where status = 'PENDING' and held_reason is null order by received_at limit ?1""")
                .setParameter(1, batchSize).getResultList();
    }
}
