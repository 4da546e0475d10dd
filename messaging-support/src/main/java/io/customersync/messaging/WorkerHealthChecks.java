package io.customersync.messaging;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The background workers in every service's {@code /q/health}, each by name with its condition, the
 * age of its last heartbeat and its restarts. Readiness is down while a worker of the whole service is
 * dead, stuck or failing for longer than {@code workers.unready-after}; a channel's own 1010 worker
 * is shown but never takes readiness down. Liveness is down only while a worker is dead.
 */
@Singleton
public class WorkerHealthChecks {

    static final String READINESS = "Background workers";
    static final String LIVENESS = "Background workers alive";

    private final Workers workers;

    public WorkerHealthChecks(Workers workers) {
        this.workers = workers;
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck readiness() {
        return () -> {
            List<Workers.Report> reports = workers.reports();
            return response(READINESS, Workers.ready(reports), reports);
        };
    }

    @Produces
    @Liveness
    @Singleton
    HealthCheck liveness() {
        return () -> {
            List<Workers.Report> reports = workers.reports();
            return response(LIVENESS, Workers.alive(reports), reports);
        };
    }

    private static HealthCheckResponse response(String name, boolean up, List<Workers.Report> reports) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(up);
        reports.forEach(report -> response.withData(report.name(), report.describe()));
        return response.build();
    }
}
