package io.customersync.hq.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.Config;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * HQ's jobs, each CONTINUOUS, SCHEDULED or ON_DEMAND by configuration
 * ({@code hq.jobs.<job>.mode}, {@code hq.jobs.<job>.interval}): customer-sync, order-sync and
 * statement-posting. Runs that did something are recorded in {@code job_run}.
 */
@Singleton
public class HqJobs {

    public static final String CUSTOMER_SYNC = "customer-sync";
    public static final String ORDER_SYNC = "order-sync";
    public static final String STATEMENT_POSTING = "statement-posting";

    private final Map<String, JobRunner> runners = new LinkedHashMap<>();
    private final EntityManager em;
    private final Duration stopGrace;

    public HqJobs(CustomerSyncJob customers, OrderSyncJob orders, StatementPosting statements, EntityManager em,
            Config config) {
        this.em = em;
        this.stopGrace = config.getValue("hq.jobs.stop-grace", Duration.class);
        add(config, CUSTOMER_SYNC, customers);
        add(config, ORDER_SYNC, orders);
        add(config, STATEMENT_POSTING, statements);
    }

    private void add(Config config, String name, JobRunner.Job job) {
        JobRunner.Mode mode = config.getValue("hq.jobs." + name + ".mode", JobRunner.Mode.class);
        Duration pause = mode == JobRunner.Mode.SCHEDULED ? config.getValue("hq.jobs." + name + ".interval", Duration.class)
                : config.getValue("hq.jobs.sweep-interval", Duration.class);
        runners.put(name, new JobRunner(name, mode, pause, job, this::record));
    }

    void start(@Observes StartupEvent event) {
        runners.values().forEach(JobRunner::start);
    }

    void stop(@Observes ShutdownEvent event) {
        runners.values().forEach(runner -> runner.stop(stopGrace));
    }

    public Map<String, JobRunner> all() {
        return runners;
    }

    public Optional<JobRunner> find(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    /** New uploads were staged, or customer orders received: continuous jobs run at once. */
    public void workArrived() {
        runners.get(CUSTOMER_SYNC).workArrived();
        runners.get(ORDER_SYNC).workArrived();
    }

    private void record(JobRunner.Run run) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into job_run (job, trigger, started_at, finished_at, processed, failed)
                values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, run.job()).setParameter(2, run.trigger())
                .setParameter(3, Timestamp.from(run.startedAt())).setParameter(4, Timestamp.from(run.finishedAt()))
                .setParameter(5, run.processed()).setParameter(6, run.failed()).executeUpdate());
    }
}
