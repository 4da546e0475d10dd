package io.customersync.hq.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.hq.config.HqConfig;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.JobSchedule;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * HQ's jobs, each CONTINUOUS, SCHEDULED or ON_DEMAND by configuration
 * ({@code hq.jobs.<job>.mode}, {@code hq.jobs.<job>.interval}), run by messaging-support's
 * {@link JobRunner}: customer-sync, order-sync and statement-posting. Every run goes to the job history ({@link JobHistory}, {@code job_run}).
 */
@Singleton
public class HqJobs {

    public static final String CUSTOMER_SYNC = "customer-sync";
    public static final String ORDER_SYNC = "order-sync";
    public static final String STATEMENT_POSTING = "statement-posting";

    private final Map<String, JobRunner> runners = new LinkedHashMap<>();
    private final JobHistory history;
    private final Duration stopGrace;
    private final Workers workers;

    public HqJobs(CustomerSyncJob customers, OrderSyncJob orders, StatementPosting statements, JobHistory history,
            HqConfig config, Workers workers) {
        this.history = history;
        this.workers = workers;
        HqConfig.Jobs settings = config.jobs();
        this.stopGrace = settings.stopGrace();
        add(settings, CUSTOMER_SYNC, settings.customerSync(), customers);
        add(settings, ORDER_SYNC, settings.orderSync(), orders);
        add(settings, STATEMENT_POSTING, settings.statementPosting(), statements);
    }

    private void add(HqConfig.Jobs settings, String name, JobSchedule schedule, JobRunner.Job job) {
        Duration pause = schedule.mode() == JobRunner.Mode.SCHEDULED ? schedule.interval() : settings.sweepInterval();
        runners.put(name, new JobRunner(name, schedule.mode(), pause, null, job, history));
    }

    void start(@Observes StartupEvent event) {
        runners.values().forEach(runner -> runner.start(workers));
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
}
