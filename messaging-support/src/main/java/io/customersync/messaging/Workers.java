package io.customersync.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's background workers: every consumer loop, relay, NOTIFY listener, job runner and
 * group-commit writer is started here by name ({@code consumer:...}, {@code relay:...},
 * {@code notify:...}, {@code job:...}), restarted after an unexpected failure
 * ({@link BackgroundWorker}), and reported: to the health checks ({@link WorkerHealthChecks}) and
 * as {@code customersync_worker_up{worker}} and {@code customersync_worker_restarts_total{worker}}.
 * The meters of the service's Kafka clients go to {@link #meters()} too. Settings: {@link WorkersConfig}.
 */
@Singleton
public class Workers {

    /**
     * SERVICE: the service is not ready while the worker is down; ONE_CHANNEL: shown, but one channel's
     * worker never makes the whole service unready; OPS_VIEW: shown, but a worker that only feeds ops'
     * views (the pipeline page's samplers) never makes the service unready either.
     */
    public enum Scope {
        SERVICE, ONE_CHANNEL, OPS_VIEW
    }

    /** What a worker's health shows: its state, or STUCK (running, but no completed turn for too long). */
    public enum Condition {
        RUNNING, RESTARTING, STUCK, STOPPED, DEAD
    }

    public record Settings(Duration stuckAfter, Duration unreadyAfter, int giveUpAfter, Duration restartInitial,
            Duration restartMax) {

        static Settings of(WorkersConfig config) {
            return new Settings(config.stuckAfter(), config.unreadyAfter(), config.giveUpAfter(),
                    config.restartInitial(), config.restartMax());
        }
    }

    /**
     * One worker as health checks show it. RESTARTING also covers a worker restarted that has not
     * completed a turn since it failed ({@code failingFor}); it is down once that lasts longer than
     * {@code workers.unready-after}.
     */
    public record Report(String name, Scope scope, Condition condition, boolean down, Duration sinceHeartbeat,
            long restarts, Duration failingFor, String lastFailure, Duration sinceLastFailure) {

        /** e.g. {@code RUNNING, heartbeat 120 ms ago, 2 restarts, last failure InterruptException 40 s ago}. */
        public String describe() {
            StringBuilder text = new StringBuilder(condition.name()).append(down ? " (down)" : "")
                    .append(", heartbeat ").append(sinceHeartbeat.toMillis()).append(" ms ago, ")
                    .append(restarts).append(restarts == 1 ? " restart" : " restarts");
            if (failingFor != null) {
                text.append(", failing for ").append(failingFor.toMillis()).append(" ms");
            }
            if (lastFailure != null) {
                text.append(", last failure ").append(lastFailure).append(' ').append(sinceLastFailure.toMillis())
                        .append(" ms ago");
            }
            if (scope == Scope.ONE_CHANNEL) {
                text.append(" (one channel's worker: not part of the service's readiness)");
            } else if (scope == Scope.OPS_VIEW) {
                text.append(" (feeds ops' views only: not part of the service's readiness)");
            }
            return text.toString();
        }
    }

    private final Settings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, BackgroundWorker> workers = new ConcurrentSkipListMap<>();

    @Inject
    public Workers(WorkersConfig config, MeterRegistry meters) {
        this(Settings.of(config), meters, Clock.systemUTC());
    }

    public Workers(Settings settings, MeterRegistry meters, Clock clock) {
        new Backoff(settings.restartInitial(), settings.restartMax()); // refuses restart-max < restart-initial at start
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** The service's meter registry, for the meters of what the workers use (Kafka clients, dead letters). */
    public MeterRegistry meters() {
        return meters;
    }

    /** Starts a worker that takes the service's readiness down while it is down; {@code loops} makes each run. */
    public BackgroundWorker start(String name, Supplier<? extends WorkerLoop> loops) {
        return start(name, Scope.SERVICE, loops);
    }

    /** Starts a worker; a worker of the same name (stopped, or a test's earlier one) is replaced. */
    public BackgroundWorker start(String name, Scope scope, Supplier<? extends WorkerLoop> loops) {
        BackgroundWorker worker = new BackgroundWorker(name, scope, loops, settings, clock);
        if (workers.put(name, worker) == null) {
            Gauge.builder("customersync.worker.up", this, w -> w.isUp(name) ? 1 : 0)
                    .description("1 while the background worker runs, 0 while it restarts, is stuck, stopped or dead")
                    .tag("worker", name).register(meters);
            FunctionCounter.builder("customersync.worker.restarts", this, w -> w.restarts(name))
                    .description("restarts of the background worker after an unexpected failure")
                    .tag("worker", name).register(meters);
        }
        worker.start();
        return worker;
    }

    /** Every worker, by name. */
    public List<Report> reports() {
        Instant now = clock.instant();
        return workers.values().stream().map(worker -> report(worker.status(), now)).toList();
    }

    /** Ready: no worker of the whole service is dead, stuck, or failing for longer than {@code unready-after}. */
    public boolean ready() {
        return ready(reports());
    }

    /** Alive: no worker gave up (only a restart of the service can bring it back). */
    public boolean alive() {
        return alive(reports());
    }

    static boolean ready(List<Report> reports) {
        return reports.stream().noneMatch(r -> r.scope() == Scope.SERVICE && r.down());
    }

    static boolean alive(List<Report> reports) {
        return reports.stream().noneMatch(r -> r.condition() == Condition.DEAD);
    }

    Report report(BackgroundWorker.Status status, Instant now) {
        Duration sinceHeartbeat = Duration.between(status.lastHeartbeat(), now);
        Duration failingFor = status.failingSince() == null ? null : Duration.between(status.failingSince(), now);
        Condition condition = switch (status.state()) {
            case DEAD -> Condition.DEAD;
            case STOPPED -> Condition.STOPPED;
            case RESTARTING -> Condition.RESTARTING;
            case RUNNING -> failingFor != null ? Condition.RESTARTING
                    : sinceHeartbeat.compareTo(settings.stuckAfter()) > 0 ? Condition.STUCK : Condition.RUNNING;
        };
        boolean down = condition == Condition.DEAD || condition == Condition.STUCK
                || (condition == Condition.RESTARTING && failingFor != null
                        && failingFor.compareTo(settings.unreadyAfter()) > 0);
        return new Report(status.name(), status.scope(), condition, down, sinceHeartbeat, status.restarts(), failingFor,
                status.lastFailure(), status.lastFailureAt() == null ? null : Duration.between(status.lastFailureAt(), now));
    }

    private boolean isUp(String name) {
        BackgroundWorker worker = workers.get(name);
        return worker != null && report(worker.status(), clock.instant()).condition() == Condition.RUNNING;
    }

    private long restarts(String name) {
        BackgroundWorker worker = workers.get(name);
        return worker == null ? 0 : worker.status().restarts();
    }
}
