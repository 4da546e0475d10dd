package io.customersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customersync.system.LocalSystem;
import io.customersync.system.SystemLayout;

/**
 * The CPU of the system under test, by process: each service JVM, the Kafka broker and the PostgreSQL
 * server (its postmaster, the live backends and those that already exited), read from Linux's /proc.
 * Nothing else on the machine counts: neither the load driver nor another build running beside the
 * benchmark (#17 item 3: CPU per customer summed over every process of the system).
 */
final class SystemCpu {

    static final String POSTGRES = "PostgreSQL";

    /** PostgreSQL's CPU by kind of process ({@link Reading#postgresByKind()}). */
    static final String CONNECTIONS = "connections (the services' statements)";
    static final String AUTOVACUUM = "autovacuum (its workers; processes that exited)";
    static final String SERVER = "the server's own (WAL writer, checkpointer, ...)";

    /** The JVMs' CPU (services and broker together) by kind of thread ({@link Reading#jvmsByKind()}). */
    static final String JIT = "JIT compiler threads";
    static final String COLLECTOR = "garbage collector and VM threads";
    static final String APPLICATION = "the rest (the work itself; threads that exited)";

    private static final List<String> SERVER_PROCESSES = List.of("postgres: checkpointer", "postgres: background writer",
            "postgres: walwriter", "postgres: autovacuum launcher", "postgres: logical replication launcher",
            "postgres: archiver", "postgres: stats collector", "postgres: startup", "postgres: walsender");

    private final Map<String, Long> jvms = new LinkedHashMap<>();
    private final long postmaster;

    private SystemCpu(LocalSystem system) throws SQLException {
        jvms.putAll(ServiceStats.pids(system));
        jvms.put("Kafka broker", system.kafkaPid());
        try (Connection db = system.connect(SystemLayout.HQ_DATABASE); Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("select pg_backend_pid()")) {
            rs.next();
            postmaster = Long.parseLong(ProcessStats.statFields(rs.getLong(1))[1]); // a backend's parent is the postmaster
        }
    }

    /** Reads the pids now: call after every restart of a service. */
    static SystemCpu of(LocalSystem system) throws SQLException {
        return new SystemCpu(system);
    }

    /**
     * One reading: the CPU ticks so far of each process of the system (PostgreSQL's summed under {@link #POSTGRES}),
     * and PostgreSQL's by kind of process, from the same walk of /proc.
     */
    record Reading(Map<String, Long> byProcess, Map<String, Long> postgresByKind, Map<String, Long> jvmsByKind,
            Map<String, Long> threadGroups) {
    }

    Reading read() {
        Map<String, Long> postgres = postgresByKind();
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> jvmKinds = new LinkedHashMap<>();
        jvmKinds.put(JIT, 0L);
        jvmKinds.put(COLLECTOR, 0L);
        jvmKinds.put(APPLICATION, 0L);
        Map<String, Long> groups = new LinkedHashMap<>();
        jvms.forEach((name, pid) -> {
            long own = ProcessStats.ownTicks(ProcessStats.statFields(pid));
            ticks.put(name, own);
            Map<String, Long> threads = ProcessStats.threadTicks(Long.toString(pid));
            Map<String, Long> kinds = byKind(threads);
            kinds.forEach((kind, used) -> jvmKinds.merge(kind, used, Long::sum));
            jvmKinds.merge(APPLICATION, own - kinds.values().stream().mapToLong(Long::longValue).sum(), Long::sum);
            threads.forEach((thread, used) -> groups.merge(name + ": " + thread.replaceAll("\\d+", "N"), used, Long::sum));
        });
        ticks.put(POSTGRES, postgres.values().stream().mapToLong(Long::longValue).sum());
        return new Reading(ticks, postgres, jvmKinds, groups);
    }

    /**
     * Of a JVM's threads' CPU ticks so far, its compiler and collector threads', by their names in /proc (the JIT's "C1 CompilerThre",
     * "C2 CompilerThre"; G1's "GC Thread#0", "G1 Refine#0", "G1 Conc#0", ..., "VM Thread"); a compiler thread that
     * exited (the JVM removes idle ones beyond the first) leaves its time to the rest.
     */
    private static Map<String, Long> byKind(Map<String, Long> threads) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        threads.forEach((name, used) -> {
            String kind = name.matches("C[12] CompilerThre.*") ? JIT
                    : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") ? COLLECTOR
                    : null;
            if (kind != null) {
                ticks.merge(kind, used, Long::sum);
            }
        });
        return ticks;
    }

    /** CPU ticks so far of each process of the system (PostgreSQL's summed under {@link #POSTGRES}). */
    Map<String, Long> ticks() {
        return read().byProcess();
    }

    /** CPU used through a row, in cores: by the system's processes together, and by the load driver (this JVM). */
    record Cores(double system, double driver, Map<String, Double> byProcess, Map<String, Double> ofWhich) {
    }

    /** This JVM's (the load driver's) CPU ticks so far. */
    static long driverTicks() {
        return ProcessStats.ownTicks(ProcessStats.statFields(ProcessHandle.current().pid()));
    }

    /** The cores used since {@code start}, {@code driverStart} and {@code startNanos} were read. */
    Cores coresSince(Reading start, long driverStart, long startNanos) {
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        Map<String, Double> cores = new LinkedHashMap<>();
        Reading end = read();
        perCustomer(start.byProcess(), end.byProcess(), 1).forEach((name, ms) -> cores.put(name, ms / 1000 / seconds));
        Map<String, Double> ofWhich = new LinkedHashMap<>(); // the parts that are not the work itself
        ofWhich.put("autovacuum", perCustomer(start.postgresByKind(), end.postgresByKind(), 1).get(AUTOVACUUM) / 1000 / seconds);
        Map<String, Double> jvms = perCustomer(start.jvmsByKind(), end.jvmsByKind(), 1);
        ofWhich.put("JIT", jvms.get(JIT) / 1000 / seconds);
        ofWhich.put("collectors", jvms.get(COLLECTOR) / 1000 / seconds);
        return new Cores(cores.remove("all"), (driverTicks() - driverStart) / ProcessStats.TICKS_PER_SECOND / seconds,
                cores, ofWhich);
    }

    /** Milliseconds of CPU per customer of each process between two readings, and their sum under "all". */
    static Map<String, Double> perCustomer(Map<String, Long> before, Map<String, Long> after, long customers) {
        Map<String, Double> ms = new LinkedHashMap<>();
        double all = 0;
        for (Map.Entry<String, Long> end : after.entrySet()) {
            double used = (end.getValue() - before.getOrDefault(end.getKey(), 0L)) * 1000 / ProcessStats.TICKS_PER_SECOND
                    / Math.max(1, customers);
            ms.put(end.getKey(), used);
            all += used;
        }
        ms.put("all", all);
        return ms;
    }

    /**
     * PostgreSQL's CPU ticks so far by kind: the backends of the services' connections, autovacuum (its live
     * workers, and every child that exited: a worker lives for one table's vacuum or analyze, while the
     * services' connections stay open), and the server's own processes (the postmaster, WAL writer, ...).
     */
    private Map<String, Long> postgresByKind() {
        String[] server = ProcessStats.statFields(postmaster);
        Map<String, Long> ticks = new LinkedHashMap<>();
        ticks.put(CONNECTIONS, 0L);
        ticks.put(AUTOVACUUM, server.length > 14 ? Long.parseLong(server[13]) + Long.parseLong(server[14]) : 0);
        ticks.put(SERVER, ProcessStats.ownTicks(server));
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] fields = ProcessStats.statFields(Long.parseLong(process.getFileName().toString()));
                if (fields.length > 14 && Long.parseLong(fields[1]) == postmaster) {
                    ticks.merge(kind(process), ProcessStats.ownTicks(fields), Long::sum);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: the server's own time only
        }
        return ticks;
    }

    /** A child of the postmaster by its title ("postgres: autovacuum worker hq", "postgres: postgres hq 127.0.0.1(5432) idle"). */
    private static String kind(Path process) {
        String title;
        try {
            title = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return SERVER; // exited meanwhile: its time is counted with the exited ones at the next reading
        }
        if (title.startsWith("postgres: autovacuum worker")) {
            return AUTOVACUUM;
        }
        return SERVER_PROCESSES.stream().anyMatch(title::startsWith) ? SERVER : CONNECTIONS;
    }
}
