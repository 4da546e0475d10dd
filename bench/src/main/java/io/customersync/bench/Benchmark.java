package io.customersync.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.HdrHistogram.Histogram;

import io.customersync.system.LeftBehind;
import io.customersync.system.LocalSystem;
import io.customersync.system.ServiceProcess;
import io.customersync.system.SystemLayout;

/**
 * bench/run: starts the whole system on this machine, measures the JDBC ceiling, drives POS-like
 * load at fixed offered rates (open loop), measures conversion latency to the channel database,
 * backlog drain with hq-service stopped, sync against async creation, and each process's memory and
 * CPU; writes bench/target/bench-results/{results.md, results.json, latency.svg}.
 */
public final class Benchmark {

    private static final String HOUSTON_KEY = "demo-pos-houston";
    private static final String ONLINE_KEY = "demo-storefront-online";
    /** Connections of the load driver, one request each at a time: more than channel-service's max-in-flight (128). */
    private static final int TILLS = 256;
    /** Each channel-service's first requests (class loading, JIT) are not measured. */
    private static final int WARM_UP_RATE = 200;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(List.of(args));
        // --only=overload (or ingest, idle, modes, estate: a comma-separated list) runs those phases and no others;
        // estate (hundreds of channel databases, docs/scale-out.md) runs only when asked for
        Set<String> phases = Set.of(Options.value(List.of(args), "--only=").orElse("ingest,overload,modes").split(","));
        Path root = Path.of("").toAbsolutePath();
        Report report = new Report();
        report.settings.putAll(Map.of("rates", settings.rates(), "secondsPerRate", settings.phase().toSeconds(),
                "drainCustomers", settings.drainCustomers(), "cores", Runtime.getRuntime().availableProcessors(),
                "sharedContactShare", settings.shared(), "phoneComparisonCustomers", settings.phoneCustomers(),
                "idempotencyKeys", List.of(args).contains("--keyed")));
        if (phases.contains("estate")) {
            // hundreds of channel databases on the one server (#22): room for a connection to each
            System.setProperty("postgres.max-connections", "1000");
        }
        if (List.of(args).contains("--profile")) {
            System.setProperty("postgres.stat-statements", "true"); // the statements' times, for profile.md
        }
        Options.value(List.of(args), "--broker-option=").ifPresent(o -> System.setProperty("broker.jvm-options", o));
        Options.value(List.of(args), "--broker-config=").ifPresent(c -> System.setProperty("broker.config", c));
        String estate = null;
        String profiled = null;
        // a bench/run killed (kill -9) left its system running: it would take CPU from this one's measurements
        LeftBehind leftBehind = LeftBehind.takeOver(root.resolve("bench/target/processes"), "bench/run");
        System.out.println("Starting the system (PostgreSQL, Kafka, services) ...");
        // the benchmark drives every terminal through one demo key, so the per-key budget is lifted
        try (LocalSystem system = LocalSystem.start(SystemLayout.randomPorts(), new LocalSystem.Options(root, null,
                root.resolve("bench/target/logs"), Options.serviceOptions(List.of(args)), Duration.ofMinutes(3),
                Duration.ofSeconds(15)))) {
            leftBehind.writeDown(system);
            if (phases.contains("ingest")) {
                System.out.println("JDBC ceiling ...");
                report.ceilingPerSecond = Ceiling.measure(system, system.jdbcUrl("bench_ceiling"), settings.connections(),
                        settings.ceiling());
            }
            URI houston = customers(system, "HOUSTON");
            CustomerBodies bodies = new CustomerBodies(settings.shared(), 42);
            OpenLoopLoad load = new OpenLoopLoad(TILLS, bodies, List.of(args).contains("--keyed"));
            try (ConversionListener conversions = new ConversionListener(system.connect("channel_houston"))) {
                load.run(houston, HOUSTON_KEY, WARM_UP_RATE, settings.warmUp(List.of(args))); // warm-up, not reported
                int existing = settings.existingCustomers(List.of(args));
                if (existing > 0) {
                    System.out.printf("An existing customer base: %d customers ...%n", existing);
                    report.settings.put("existingCustomers",
                            ExistingCustomers.load(system, load, houston, HOUSTON_KEY, conversions, existing));
                }
                if (phases.contains("ingest") || phases.contains("idle")) {
                    System.out.println("Idle conversion, one customer at a time ...");
                    report.idle = idle(system, load, houston, conversions, settings.idleCustomers(List.of(args)), report);
                }
                Map<String, ProcessStats> before = ServiceStats.of(system);
                long ingestStart = System.nanoTime();
                SystemCpu cpu = SystemCpu.of(system);
                Profile profile = phases.contains("ingest") && List.of(args).contains("--profile")
                        ? Profile.start(ServiceStats.pids(system), root.resolve("bench/target/bench-results/jfr"),
                                system.connect("postgres")) : null;
                for (int rate : phases.contains("ingest") ? settings.rates() : List.<Integer> of()) {
                    System.out.printf("Ingest at %d/s for %d s ...%n", rate, settings.phase().toSeconds());
                    SystemCpu.Reading start = cpu.read();
                    OpenLoopLoad.Phase phase = load.run(houston, HOUSTON_KEY, rate, settings.phase());
                    report.rates.add(row(phase, conversions, settings, cpu, start));
                }
                double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
                if (profile != null) {
                    profiled = profile.stop();
                }
                Map<String, ProcessStats> after = ServiceStats.of(system);
                after.forEach((name, end) -> {
                    if (phases.contains("ingest")) {
                        report.resources.add(new Report.Resources(name, end.peakRssKb() / 1024, 100 * (end.cpuTicks()
                                - before.get(name).cpuTicks()) / ProcessStats.TICKS_PER_SECOND / ingestSeconds, null));
                    }
                });

                Duration overload = settings.overloadPhase(List.of(args));
                for (int clients : phases.contains("overload") ? Settings.overloadClients(List.of(args)) : List.<Integer> of()) {
                    try (var channel = system.connect("channel_houston")) {
                        System.out.printf("  (the pipeline settled in %d s)%n",
                                ClosedLoopLoad.settle(channel, Duration.ofMinutes(3)).toSeconds());
                    }
                    System.out.printf("Overload: %d clients posting in a closed loop, retrying at once, for %d s%s ...%n",
                            clients, overload.toSeconds(), List.of(args).contains("--overload-reconnect")
                                    ? ", a new connection per request" : "");
                    SystemCpu.Reading start = cpu.read();
                    long driverStart = SystemCpu.driverTicks();
                    long startNanos = System.nanoTime();
                    ClosedLoopLoad.Result row = ClosedLoopLoad.run(houston, HOUSTON_KEY, clients, overload,
                            List.of(args).contains("--overload-reconnect"), bodies, load::nextPerson);
                    report.overloadCpu.add(cpu.coresSince(start, driverStart, startNanos));
                    System.out.printf("  %.0f created/s, answers %s%n", row.goodput(), row.answers());
                    report.overload.add(row);
                }
                if (!report.overload.isEmpty()) {
                    System.out.println(report.overloadVerdict());
                }

                if (phases.contains("modes")) {
                    modesAndDrains(system, load, bodies, conversions, settings, report);
                }
                if (phases.contains("estate")) {
                    estate = Estate.run(system, load, List.of(args));
                }
                ServiceStats.peakRssOfTheRun(system, report);
            } finally {
                load.close();
            }
        }
        leftBehind.forget();
        report.write(root.resolve("bench/target/bench-results"));
        if (profiled != null) {
            java.nio.file.Files.writeString(root.resolve("bench/target/bench-results/profile.md"), profiled);
            System.out.println(profiled);
        }
        if (estate != null) {
            java.nio.file.Files.writeString(root.resolve("bench/target/bench-results/estate.md"), estate);
            System.out.println(estate);
        }
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Written to bench/target/bench-results/ (results.md, results.json, latency.svg)");
    }

    /** Sync against async creation, the backlog drain and the shared-phone comparison. */
    private static void modesAndDrains(LocalSystem system, OpenLoopLoad load, CustomerBodies bodies,
            ConversionListener conversions, Settings settings, Report report) throws Exception {
        URI houston = customers(system, "HOUSTON");
        // not while HQ still numbers the overload's customers, nor distribution still copies them into ONLINE
        try (var channel = system.connect("channel_houston");
                var distribution = system.connect(SystemLayout.DISTRIBUTION_DATABASE)) {
            System.out.printf("  (the pipeline settled in %d s)%n", ClosedLoopLoad.settle(channel, Duration.ofMinutes(3))
                    .plus(ClosedLoopLoad.settle(distribution,
                            "select count(*) from pending_delivery where delivered_at is null", Duration.ofMinutes(3)))
                    .toSeconds());
        }
        System.out.println("Sync against async creation ...");
        URI online = customers(system, "ONLINE");
        load.run(online, ONLINE_KEY, WARM_UP_RATE, Duration.ofSeconds(10)); // ONLINE was idle until now: warm-up, not reported
        SystemCpu cpu = SystemCpu.of(system);
        report.modes.add(mode("SYNC (ONLINE, real-time call to HQ)", cpu, () -> load.run(online, ONLINE_KEY,
                settings.modeRate(), settings.modePhase())));
        report.modes.add(mode("ASYNC (HOUSTON)", cpu, () -> load.run(houston, HOUSTON_KEY, settings.modeRate(),
                settings.modePhase())));

        System.out.printf("Backlog drain of %d customers ...%n", settings.drainCustomers());
        report.drain = drain(system, load, houston, conversions, report, settings, settings.drainCustomers(), bodies::next);

        System.out.printf("HQ sync of %d customers with phones of their own, then of %d sharing one phone ...%n",
                settings.phoneCustomers(), settings.phoneCustomers());
        report.ownPhones = drain(system, load, houston, conversions, report, settings, settings.phoneCustomers(),
                n -> bodies.withPhone(n, CustomerBodies.phone(n + 3_000_000_000L)));
        report.sharedPhone = drain(system, load, houston, conversions, report, settings, settings.phoneCustomers(),
                n -> bodies.withPhone(n, "+1 832 555 0199"));
    }

    /**
     * Conversion on an idle system: one customer at a time, the next posted once the last one's account
     * number is in the channel database (after the warm-up's backlog has drained).
     */
    private static Report.Idle idle(LocalSystem system, OpenLoopLoad load, URI houston, ConversionListener conversions,
            int customers, Report report) throws InterruptedException, java.sql.SQLException {
        Thread.sleep(5_000);
        SystemCpu cpu = SystemCpu.of(system);
        Map<String, Long> restStart = cpu.ticks();
        Thread.sleep(Report.REST.toMillis());
        // the milliseconds of CPU of the whole window, as a share of one core
        SystemCpu.perCustomer(restStart, cpu.ticks(), 1)
                .forEach((name, ms) -> report.restCpu.put(name, 100 * ms / Report.REST.toMillis()));
        Histogram conversion = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
        Histogram post = new Histogram(Duration.ofMinutes(1).toNanos(), 3);
        long wallMicrosAtNanoZero = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        Map<UUID, Long> postedAtMicros = new java.util.HashMap<>();
        Map<UUID, Long> heardAtMicros = new java.util.HashMap<>();
        for (int i = 0; i < customers; i++) {
            OpenLoopLoad.Phase one = load.run(houston, HOUSTON_KEY, 1, Duration.ofSeconds(1));
            post.add(one.postLatency());
            for (Map.Entry<UUID, Long> posted : one.postedAt().entrySet()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!conversions.syncedAt().containsKey(posted.getKey()) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long synced = conversions.syncedAt().get(posted.getKey());
                if (synced != null) {
                    conversion.recordValue(Math.max(0, synced - posted.getValue()));
                    postedAtMicros.put(posted.getKey(), wallMicrosAtNanoZero + posted.getValue() / 1000);
                    heardAtMicros.put(posted.getKey(), wallMicrosAtNanoZero + synced / 1000);
                }
            }
        }
        report.hops.addAll(HopTimes.measure(system, "channel_houston", "HOUSTON", postedAtMicros, heardAtMicros));
        return new Report.Idle((int) conversion.getTotalCount(), customers, Report.ms(conversion, 50),
                Report.ms(conversion, 99), conversion.getMaxValue() / 1e6, Report.ms(post, 50), Report.ms(post, 99));
    }

    /**
     * @param start {@link SystemCpu#read()} when the phase began: the CPU per customer is what the system's
     *              processes spent until the phase's customers converted
     */
    private static Report.RateRow row(OpenLoopLoad.Phase phase, ConversionListener conversions, Settings settings,
            SystemCpu cpu, SystemCpu.Reading start) throws InterruptedException {
        conversions.awaitAll(phase.postedAt().keySet(), settings.converge());
        Histogram conversion = new Histogram(Duration.ofMinutes(10).toNanos(), 3);
        phase.postedAt().forEach((id, postedAt) -> {
            Long syncedAt = conversions.syncedAt().get(id);
            if (syncedAt != null) {
                conversion.recordValue(Math.max(0, Math.min(syncedAt - postedAt, conversion.getHighestTrackableValue())));
            }
        });
        SystemCpu.Reading end = cpu.read();
        Map<String, Double> byProcess = SystemCpu.perCustomer(start.byProcess(), end.byProcess(), conversion.getTotalCount());
        Map<String, Double> postgres = SystemCpu.perCustomer(start.postgresByKind(), end.postgresByKind(),
                conversion.getTotalCount());
        postgres.remove("all");
        Map<String, Double> jvms = SystemCpu.perCustomer(start.jvmsByKind(), end.jvmsByKind(), conversion.getTotalCount());
        jvms.remove("all");
        Map<String, Double> threads = SystemCpu.perCustomer(start.threadGroups(), end.threadGroups(),
                conversion.getTotalCount());
        threads.remove("all");
        Histogram post = phase.postLatency();
        return new Report.RateRow(phase.offeredRate(), phase.achievedRate(), phase.created(), phase.failed(), phase.failedAs(),
                Report.ms(post, 50), Report.ms(post, 99), Report.ms(post, 99.9), post.getMaxValue() / 1e6,
                (int) conversion.getTotalCount(), Report.ms(conversion, 50), Report.ms(conversion, 99),
                conversion.getMaxValue() / 1e6, byProcess.get("all"), byProcess, postgres, jvms, threads);
    }

    /** A creation mode's row: its POSTs' latency, and the CPU of every process of the system while it ran, per customer. */
    private static Report.ModeLatency mode(String name, SystemCpu cpu, java.util.concurrent.Callable<OpenLoopLoad.Phase> row)
            throws Exception {
        Map<String, Long> start = cpu.ticks();
        OpenLoopLoad.Phase phase = row.call();
        return new Report.ModeLatency(name, phase.offeredRate(), Report.ms(phase.postLatency(), 50),
                Report.ms(phase.postLatency(), 99), phase.failed(), phase.failedAs(),
                SystemCpu.perCustomer(start, cpu.ticks(), phase.created()));
    }

    /**
     * Posts {@code customers} while hq-service is stopped, starts it, and measures how fast the backlog
     * reaches the channel database synced; only customers that did sync count, those that did not are reported.
     */
    private static Report.Drain drain(LocalSystem system, OpenLoopLoad load, URI houston, ConversionListener conversions,
            Report report, Settings settings, int customers, java.util.function.LongFunction<String> body) throws Exception {
        ServiceProcess hq = system.service(LocalSystem.HQ);
        ServiceStats.keepPeakRss(system, LocalSystem.HQ, report); // this instance's peak, before it stops
        hq.stop(Duration.ofSeconds(15));
        Duration posting = Duration.ofSeconds(Math.max(1, customers / settings.drainRate()));
        OpenLoopLoad.Phase backlog = load.run(houston, HOUSTON_KEY, settings.drainRate(), posting, body);
        Set<UUID> ids = backlog.postedAt().keySet();
        long started = System.nanoTime();
        hq.start();
        hq.awaitReady(Duration.ofMinutes(3));
        long ready = System.nanoTime();
        conversions.awaitAll(ids, Duration.ofMinutes(15));
        List<Long> syncedAt = ids.stream().map(conversions.syncedAt()::get).filter(java.util.Objects::nonNull).toList();
        long last = syncedAt.stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        long first = syncedAt.stream().mapToLong(Long::longValue).min().orElse(last);
        double drainSeconds = (last - ready) / 1e9;
        return new Report.Drain(syncedAt.size(), ids.size() - syncedAt.size(), (ready - started) / 1e9, drainSeconds,
                syncedAt.size() / Math.max(0.001, drainSeconds), (first - ready) / 1e9);
    }

    private static URI customers(LocalSystem system, String channel) {
        return URI.create("http://localhost:" + system.layout().channelPorts().get(channel) + "/api/v1/customers");
    }
}
