package io.customersync.hq.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import io.customersync.hq.config.HqConfig;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.JobSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * HQ's jobs, each CONTINUOUS, SCHEDULED or ON_DEMAND by configuration
 * ({@code hq.jobs.<job>.mode}, {@code hq.jobs.<job>.interval}), run by messaging-support's
 * {@link JobRunner}: customer-sync, order-sync and statement-posting. Runs that did something are recorded in {@code job_run}.
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
            HqConfig config) {
        this.em = em;
        HqConfig.Jobs settings = config.jobs();
        this.stopGrace = settings.stopGrace();
        add(settings, CUSTOMER_SYNC, settings.customerSync(), customers);
        add(settings, ORDER_SYNC, settings.orderSync(), orders);
        add(settings, STATEMENT_POSTING, settings.statementPosting(), statements);
    }

    private void add(HqConfig.Jobs settings, String name, JobSchedule schedule, JobRunner.Job job) {
        Duration pause = schedule.mode() == JobRunner.Mode.SCHEDULED ? schedule.interval() : settings.sweepInterval();
        runners.put(name, new JobRunner(name, schedule.mode(), pause, null, job, this::record));
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
