package io.customersync.hq.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.hq.config.HqConfig;
import io.customersync.hq.domain.AsyncCustomerBatchSynchronizer;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.SyncRefusedException;
import io.customersync.messaging.FailureClassifier;
import io.customersync.messaging.JobRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * "Synchronize customers and business partners from async mode": every PENDING staged customer
 * (not held) gets its account number. Work is split over {@code hq.jobs.customer-sync.parallelism}
 * transactions at once, none smaller than {@code hq.jobs.customer-sync.min-chunk} customers (each
 * customer's row is locked, so none is synced twice); a chunk is one
 * transaction of set-based statements (possible duplicates one by one, under the duplicate policy),
 * one customer per transaction only if HQ refuses one of it (its rules, or its database for the
 * customer's data). A refused customer is marked FAILED with the reason and its channel is told
 * (reason code, names of the fields to fix); a store edit re-stages it and it is tried again here,
 * or ops edit and retry it.
 */
@ApplicationScoped
public class CustomerSyncJob implements JobRunner.Job {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CustomerSyncJob.class);

    private final AsyncCustomerSynchronizer synchronizer;
    private final AsyncCustomerBatchSynchronizer batch;
    private final StagedCustomers staging;
    private final int batchSize;
    private final int parallelism;
    private final int minChunk;
    private final ExecutorService workers;

    public CustomerSyncJob(AsyncCustomerSynchronizer synchronizer, AsyncCustomerBatchSynchronizer batch,
            StagedCustomers staging, HqConfig config) {
        this.synchronizer = synchronizer;
        this.batch = batch;
        this.staging = staging;
        this.batchSize = config.jobs().batchSize();
        this.parallelism = config.jobs().customerSync().parallelism();
        this.minChunk = config.jobs().customerSync().minChunk();
        this.workers = Executors.newFixedThreadPool(parallelism, r -> new Thread(r, "customer-sync-worker"));
    }

    @Override
    public JobRunner.Result run() {
        int processed = 0;
        int failed = 0;
        List<UUID> pending;
        do {
            pending = QuarkusTransaction.requiringNew().call(() -> staging.pending(batchSize));
            List<Future<JobRunner.Result>> chunks = new ArrayList<>();
            for (List<UUID> chunk : chunks(pending, parallelism, minChunk)) {
                chunks.add(workers.submit(() -> syncChunk(chunk)));
            }
            for (Future<JobRunner.Result> chunk : chunks) {
                JobRunner.Result result = await(chunk);
                processed += result.processed();
                failed += result.failed();
            }
        } while (pending.size() == batchSize);
        return new JobRunner.Result(processed, failed);
    }

    /**
     * Splits a run's customers into at most {@code parallelism} chunks of about equal size, each of
     * at least {@code minChunk} customers (or all of them): a few customers are one transaction, not
     * several small ones whose fixed statements outweigh their rows.
     */
    static <T> List<List<T>> chunks(List<T> pending, int parallelism, int minChunk) {
        int count = Math.max(1, Math.min(parallelism, pending.size() / Math.max(1, minChunk)));
        int size = Math.max(1, (pending.size() + count - 1) / count);
        List<List<T>> chunks = new ArrayList<>(count);
        for (int from = 0; from < pending.size(); from += size) {
            chunks.add(pending.subList(from, Math.min(pending.size(), from + size)));
        }
        return chunks;
    }

    /**
     * Numbers these just-staged customers in the caller's transaction (the upload consumer's, for a small
     * poll: {@code hq.jobs.customer-sync.inline-max}), so that staging and numbering commit once: every one
     * HQ's rules take that is not a possible duplicate. If the rules refuse one of them, none is numbered here
     * (nothing was written yet) and the job's run, woken next, does them one by one; possible duplicates are
     * left PENDING for it, as are those a run of the job holds (their rows are locked).
     * <p>
     * The poll's edits of them were saved as they were applied, so they are numbered as edited.
     *
     * @return how many were numbered
     */
    public int numberStaged(List<UUID> staged) {
        if (staged.isEmpty()) {
            return 0;
        }
        try {
            return batch.synchronize(staged).synced().size();
        } catch (SyncRefusedException refused) {
            return 0;
        }
    }

    private JobRunner.Result syncChunk(List<UUID> chunk) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                batch.synchronize(chunk).possibleDuplicates().forEach(this::syncLocked);
            });
            return new JobRunner.Result(chunk.size(), 0);
        } catch (RuntimeException refused) {
            if (!SyncRefusedException.refusedForItsData(refused)) {
                throw refused; // the database unreachable, a time-out: the whole run is tried again
            }
            int processed = 0;
            for (UUID customerId : chunk) {
                if (syncOne(customerId)) {
                    processed++;
                }
            }
            return new JobRunner.Result(processed, chunk.size() - processed);
        }
    }

    /**
     * Syncs one staged customer in its own transaction; false if HQ refused it (now FAILED). A customer HQ's
     * database refuses for its data (a constraint, a value it cannot take) is FAILED too, with the database's
     * reason for ops, so that it does not stop every customer after it run after run.
     */
    public boolean syncOne(UUID customerId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> syncLocked(customerId));
            return true;
        } catch (RuntimeException failure) {
            if (!failIfRefused(customerId, failure)) {
                throw failure;
            }
            return false;
        }
    }

    /**
     * If HQ refused the customer for its data, marks it FAILED with the reason and says true: its rules' reason,
     * or its database's (the first line: the details may quote the row); false for a passing failure (the
     * database unreachable, a deadlock), which the caller's run retries.
     */
    public boolean failIfRefused(UUID customerId, RuntimeException failure) {
        if (failure instanceof SyncRefusedException refused) {
            markFailed(customerId, refused);
            return true;
        }
        if (!FailureClassifier.isPoison(failure)) {
            return false;
        }
        String reason = "HQ's database refused it: " + rootMessage(failure);
        LOG.errorf("staged customer %s: %s; FAILED for ops to look at", customerId, reason);
        markFailed(customerId, new SyncRefusedException(reason));
        return true;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    private void syncLocked(UUID customerId) {
        AsyncCustomerStaging row = staging.locked(customerId);
        if (row != null && row.status == StagingStatus.PENDING) {
            synchronizer.synchronize(row);
        }
    }

    /** Marks the customer FAILED and tells its channel why, in a transaction of its own. */
    private void markFailed(UUID customerId, SyncRefusedException refused) {
        QuarkusTransaction.requiringNew().run(() -> synchronizer.refuse(staging.locked(customerId), refused));
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdownNow();
    }

    private static JobRunner.Result await(Future<JobRunner.Result> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
