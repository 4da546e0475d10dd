package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario of the fault suite: a load spread over twice the outage, the fault injected a quarter
 * of the way in, a statement posted while the load runs, every service given back, then the
 * invariants over everything the system holds. Sizes: {@code -Dfaults.customers} per scenario (CI:
 * 400), {@code -Dfaults.down-seconds} every outage (CI: 5), {@code -Dfaults.converge-seconds} the
 * deadline after which a customer arriving counts as slow (60); one still missing three deadlines
 * after the load counts as lost.
 */
final class FaultRun {

    static final int CUSTOMERS = Integer.getInteger("faults.customers", 400);
    static final Duration DOWN = Duration.ofSeconds(Long.getLong("faults.down-seconds", 5));
    static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("faults.converge-seconds", 60));
    static final Duration START = Duration.ofMinutes(2);
    private static final int TILLS = 4;
    private static final int SALE_EVERY = 5;

    /** A fault injected while the tills post; returns, saying what it did, when the part was given back. */
    @FunctionalInterface
    interface Fault {
        String inject() throws Exception;
    }

    /** What the tills may see: every POST acknowledged, some refused with a 503 problem, or also no answer at all. */
    enum Posts {
        ALL_ACKNOWLEDGED, SOME_REFUSED, SOME_UNANSWERED
    }

    /** A check of the scenario's own after the invariants held; returns what is wrong. */
    @FunctionalInterface
    interface Afterwards {
        List<String> problems() throws Exception;
    }

    private final LocalSystem system;
    private final Invariants invariants;
    private final FaultReport report;

    FaultRun(LocalSystem system, Invariants invariants, FaultReport report) {
        this.system = system;
        this.invariants = invariants;
        this.report = report;
    }

    CustomerLoad.Target houston() {
        return new CustomerLoad.Target("HOUSTON", system.layout().channelPorts().get("HOUSTON"), RunningSystem.HOUSTON_POS,
                SALE_EVERY, false);
    }

    /** ONLINE's storefront: customers in sync mode (through HQ's real-time service), no sales. */
    CustomerLoad.Target online() {
        return new CustomerLoad.Target("ONLINE", system.layout().channelPorts().get("ONLINE"),
                RunningSystem.ONLINE_STOREFRONT, 0, true);
    }

    FaultReport.Row run(String scenario, CustomerLoad.Target target, Fault fault, Posts posts) throws Exception {
        return run(scenario, target, fault, posts, List::of);
    }

    FaultReport.Row run(String scenario, CustomerLoad.Target target, Fault fault, Posts posts,
            Afterwards afterwards) throws Exception {
        CustomerLoad load = CustomerLoad.start(target, CUSTOMERS, TILLS, DOWN.multipliedBy(2));
        load.awaitAttempted(CUSTOMERS / 4);
        String faults = fault.inject();
        postStatement(target.channelId());
        CustomerLoad.Result result = load.finish();
        for (String name : List.of(LocalSystem.HQ, LocalSystem.DISTRIBUTION, LocalSystem.channelService("HOUSTON"),
                LocalSystem.channelService("ONLINE"))) {
            ServiceProcess service = system.service(name);
            if (!service.isAlive()) {
                service.start();
            }
            service.awaitReady(START);
        }
        Invariants.Outcome outcome = invariants.awaitConverged(result, DEADLINE, DEADLINE.multipliedBy(3));
        List<String> problems = new ArrayList<>(outcome.check().examples());
        List<String> own = afterwards.problems();
        problems.addAll(own);
        if (!own.isEmpty()) {
            Invariants.Check check = outcome.check();
            outcome = new Invariants.Outcome(new Invariants.Check(check.pending(), check.doubled(),
                    check.inconsistent() + own.size(), check.examples(), check.counts()), outcome.lost(),
                    outcome.slow(), outcome.converge(), outcome.withoutAcknowledgement());
        }
        FaultReport.Row row = new FaultReport.Row(scenario, faults, result, outcome);
        report.add(row);
        assertTrue(outcome.check().holds() && own.isEmpty(), scenario + ": lost " + outcome.lost() + ", doubled "
                + outcome.check().doubled() + ", inconsistent " + outcome.check().inconsistent() + "; e.g. "
                + problems.stream().limit(10).toList() + "; pending e.g. "
                + outcome.check().pending().stream().limit(5).toList());
        assertTrue(result.customers().size() > 0, scenario + ": customers acknowledged");
        if (posts != Posts.SOME_UNANSWERED) {
            assertEquals(0, result.failed(), scenario + ": every POST not acknowledged was refused with a 503 problem; "
                    + result.failures());
        }
        if (posts == Posts.ALL_ACKNOWLEDGED) {
            assertEquals(0, result.refused(), scenario + ": no POST refused; " + result.failures());
        }
        return row;
    }

    /** kill -9 of a service, started again after the outage. */
    static Fault killed(ServiceProcess service, String what) {
        return () -> {
            service.kill();
            Thread.sleep(DOWN.toMillis());
            service.start();
            return what + " killed, started again " + DOWN.toSeconds() + " s later";
        };
    }

    /** A database that refuses every connection, its sessions ended, for the outage. */
    Fault databaseAway(String database, String what) {
        return () -> {
            setConnections(database, false);
            Thread.sleep(DOWN.toMillis());
            setConnections(database, true);
            return what + " refused connections (sessions ended) for " + DOWN.toSeconds() + " s";
        };
    }

    private void setConnections(String database, boolean allowed) throws Exception {
        try (var db = system.connect("postgres"); var statement = db.createStatement()) {
            statement.execute("alter database " + database + " with allow_connections " + allowed);
            if (!allowed) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + database + "'");
            }
        }
    }

    /** Posts the channel's end-of-day statement while the load runs, trying again while HQ is coming back. */
    private void postStatement(String channelId) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://localhost:" + system.layout().hqPort()
                + "/api/v1/statements/" + channelId + "/post")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + SystemLayout.OPS_KEY).POST(HttpRequest.BodyPublishers.noBody())
                .build();
        long deadline = System.nanoTime() + START.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> posted = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() == 201 || posted.statusCode() == 409) {
                    return; // 409: nothing unposted (e.g. a channel without sales)
                }
                last = posted.statusCode() + " " + posted.body();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no statement posted for " + channelId + ": " + last);
    }
}
