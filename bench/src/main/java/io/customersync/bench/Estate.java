package io.customersync.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

import io.customersync.system.LocalSystem;

/**
 * bench/run --only=estate (#22 item 4): many small channel databases on the one PostgreSQL, added to
 * distribution's live registry through its ops API, first as idle channels (what an idle channel
 * costs distribution-service), then as members of HOUSTON's address book in growing numbers (10,
 * 100, 500 channels): customers are posted at HOUSTON and copied into every channel of the book.
 * Per book size: conversion to the last copy (POST to the last channel's delivery), the CPU the
 * fan-out cost per customer, and distribution-service's threads, RSS and open channel connections.
 */
final class Estate {

    /** --estate-channels=500 --estate-books=10,100,500 --estate-customers=200 --estate-rate=20 */
    record Settings(int channels, List<Integer> books, int customers, int rate) {

        static Settings from(List<String> args) {
            int channels = Integer.parseInt(value(args, "--estate-channels=", "500"));
            List<Integer> books = Arrays.stream(value(args, "--estate-books=", "10,100,500").split(","))
                    .map(Integer::valueOf).filter(size -> size <= channels).toList();
            return new Settings(channels, books, Integer.parseInt(value(args, "--estate-customers=", "200")),
                    Integer.parseInt(value(args, "--estate-rate=", "20")));
        }

        private static String value(List<String> args, String prefix, String otherwise) {
            return Options.value(args, prefix).orElse(otherwise);
        }
    }

    /** What distribution-service holds with {@code channels} in its registry, all idle (connections: to estate databases). */
    record Idle(int channels, int threads, long rssKb, long heapKb, int connections) {
    }

    /** One book size: conversion to the last copy and what the fan-out cost. */
    record Book(int size, int posted, int copiedEverywhere, double p50Ms, double p99Ms, double maxMs,
            double distributionCpuMs, double postgresCpuMs, double machineCpuMs, int peakThreads, long peakRssKb,
            int peakConnections, int connectionsAfterIdle, double secondsUntilClosed) {
    }

    static final String TEMPLATE = "channel_estate_template";
    private static final String HOUSTON_KEY = "demo-pos-houston";

    private final LocalSystem system;
    private final Settings settings;
    private final EstateRegistry registry;
    private final long distributionPid;

    private Estate(LocalSystem system, Settings settings) throws Exception {
        this.system = system;
        this.settings = settings;
        this.registry = new EstateRegistry(system);
        this.distributionPid = system.service(LocalSystem.DISTRIBUTION).pid();
    }

    /** Runs the estate phase and returns its report (markdown). */
    static String run(LocalSystem system, OpenLoopLoad load, List<String> args) throws Exception {
        Settings settings = Settings.from(args);
        Estate estate = new Estate(system, settings);
        List<String> channels = estate.createDatabases();
        Idle before = estate.idle(2);
        System.out.printf("Registering %d channels (no address book) ...%n", channels.size());
        for (String channel : channels) {
            estate.registry.put(channel, null);
        }
        estate.awaitConnectionsClosed(Duration.ofMinutes(3));
        Idle after = estate.idle(2 + channels.size());
        List<Book> books = new ArrayList<>();
        int inBook = 0;
        for (int size : settings.books()) {
            System.out.printf("Address book of %d channels: HOUSTON, ONLINE and %d estate channels ...%n", size, size - 2);
            for (; inBook < size - 2; inBook++) {
                estate.registry.put(channels.get(inBook), estate.registry.houstonsBook());
            }
            books.add(estate.book(load, size));
        }
        return EstateReport.markdown(settings, before, after, books);
    }

    /** The estate's databases, from one template of the channel schema: channel_estate_001, ... */
    private List<String> createDatabases() throws Exception {
        int count = settings.channels() - 2;
        System.out.printf("Creating %d channel databases ...%n", count);
        system.createDatabase(TEMPLATE);
        Flyway.configure().dataSource(system.jdbcUrl(TEMPLATE), "postgres", "postgres")
                .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
        List<String> channels = new ArrayList<>();
        try (Connection db = system.connect("postgres"); Statement create = db.createStatement()) {
            for (int i = 1; i <= count; i++) {
                String name = String.format("estate_%03d", i);
                create.execute("create database channel_" + name + " template " + TEMPLATE);
                channels.add(name.toUpperCase());
            }
        }
        return channels;
    }

    private Idle idle(int channels) throws Exception {
        return new Idle(channels, Jvm.threads(distributionPid), ProcessStats.of(distributionPid).rssKb(),
                Jvm.heapAfterGcKb(distributionPid), estateConnections());
    }

    /** Posts the book's customers at HOUSTON and waits until every one is in every channel of the book. */
    private Book book(OpenLoopLoad load, int size) throws Exception {
        Thread.sleep(Duration.ofSeconds(2).toMillis()); // the registry change is in effect at once; let the queue settle
        URI houston = URI.create("http://localhost:" + system.layout().channelPorts().get("HOUSTON") + "/api/v1/customers");
        long machine = ProcessStats.systemTicks();
        long distribution = ProcessStats.of(distributionPid).cpuTicks();
        SystemCpu cpu = SystemCpu.of(system);
        long postgres = cpu.ticks().get(SystemCpu.POSTGRES);
        long wallMicrosAtNanoZero = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        Sampler sampler = new Sampler(distributionPid, this::estateConnections);
        sampler.start();
        OpenLoopLoad.Phase phase = load.run(houston, HOUSTON_KEY, settings.rate(),
                Duration.ofSeconds(Math.max(1, settings.customers() / settings.rate())));
        Map<UUID, Long> lastCopyMicros = awaitCopies(phase.postedAt().keySet(), size, Duration.ofMinutes(5));
        sampler.stop();
        double customers = Math.max(1, lastCopyMicros.size());
        double distributionMs = (ProcessStats.of(distributionPid).cpuTicks() - distribution) * 1000
                / ProcessStats.TICKS_PER_SECOND / customers;
        double postgresMs = (cpu.ticks().get(SystemCpu.POSTGRES) - postgres) * 1000 / ProcessStats.TICKS_PER_SECOND / customers;
        double machineMs = (ProcessStats.systemTicks() - machine) * 1000 / ProcessStats.TICKS_PER_SECOND / customers;
        Histogram conversion = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        phase.postedAt().forEach((id, postedAt) -> {
            Long last = lastCopyMicros.get(id);
            if (last != null) {
                conversion.recordValue(Math.max(0, Math.min(last - (wallMicrosAtNanoZero + postedAt / 1000),
                        conversion.getHighestTrackableValue())));
            }
        });
        long idleSince = System.nanoTime();
        int afterIdle = awaitConnectionsClosed(Duration.ofMinutes(3));
        return new Book(size, phase.created(), lastCopyMicros.size(), conversion.getValueAtPercentile(50) / 1000.0,
                conversion.getValueAtPercentile(99) / 1000.0, conversion.getMaxValue() / 1000.0, distributionMs,
                postgresMs, machineMs, sampler.peakThreads(), sampler.peakRssKb(), sampler.peakConnections(), afterIdle,
                (System.nanoTime() - idleSince) / 1e9);
    }

    /**
     * When each customer's last delivery of the book was made (distribution's queue: one row per
     * channel, delivered_at), once all {@code size} are delivered or the deadline passed.
     */
    private Map<UUID, Long> awaitCopies(java.util.Set<UUID> customers, int size, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        Map<UUID, Long> complete = new java.util.HashMap<>();
        try (Connection db = system.connect("distribution"); PreparedStatement select = db.prepareStatement("""
                select customer_id, count(distinct channel_id), (extract(epoch from max(delivered_at)) * 1000000)::bigint
                from pending_delivery where customer_id = any(?) and delivered_at is not null group by customer_id""")) {
            while (complete.size() < customers.size() && System.nanoTime() < end) {
                select.setArray(1, db.createArrayOf("uuid", customers.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(2) >= size) {
                            complete.put(rs.getObject(1, UUID.class), rs.getLong(3));
                        }
                    }
                }
                Thread.sleep(250);
            }
        }
        return complete;
    }

    /** Waits until distribution-service holds no connection to an estate database; returns how many it still held. */
    private int awaitConnectionsClosed(Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        int open = estateConnections();
        while (open > 0 && System.nanoTime() < end) {
            Thread.sleep(1000);
            open = estateConnections();
        }
        return open;
    }

    private int estateConnections() {
        try (Connection db = system.connect("postgres"); Statement count = db.createStatement();
                ResultSet rs = count.executeQuery(
                        "select count(*) from pg_stat_activity where datname like 'channel_estate%' and datname <> '"
                                + TEMPLATE + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
