package io.customersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code --profile}: each service's CPU is sampled by async-profiler ({@link CpuSamples}), and each service
 * JVM records with JDK Flight Recorder (its {@code profile} settings) through the ingest phases; afterwards the recordings are read here into top-frames tables (#17 item 3:
 * where each service's CPU goes): the share of each thread group in the process's thread CPU, the
 * packages and the methods on top of the execution samples, and the first frame of our own code; and what
 * each allocated (the classes, and the first frame of our own code that allocated them: allocation is what
 * fills the heap under load, docs/performance.md). A recording costs CPU of its own: compare profiled rows
 * with profiled rows only.
 */
final class Profile {

    private static final String RECORDING = "bench";
    private static final int TOP = 12;

    private final Map<String, Long> services;
    private final Path directory;
    private final Connection postgres;
    private final CpuSamples cpu;

    private Profile(Map<String, Long> services, Path directory, Connection postgres, CpuSamples cpu) {
        this.services = services;
        this.directory = directory;
        this.postgres = postgres;
        this.cpu = cpu;
    }

    /**
     * @param postgres a connection to the server's {@code postgres} database; its statements' times are
     *                 reset now and read at {@link #stop()} (pg_stat_statements, preloaded with
     *                 {@code -Dpostgres.stat-statements=true})
     */
    static Profile start(Map<String, Long> services, Path directory, Connection postgres)
            throws IOException, InterruptedException, SQLException {
        Files.createDirectories(directory);
        try (Statement sql = postgres.createStatement()) {
            sql.execute("create extension if not exists pg_stat_statements");
            sql.execute("select pg_stat_statements_reset()");
            sql.execute("create temporary table commits_at_start as select datid, xact_commit as commits from pg_stat_database");
        }
        for (Map.Entry<String, Long> service : services.entrySet()) {
            Jvm.jcmd(service.getValue(), "JFR.start name=" + RECORDING + " settings=profile filename="
                    + directory.resolve(service.getKey() + ".jfr"));
        }
        return new Profile(services, directory, postgres, CpuSamples.start(services, directory));
    }

    /** Stops the recordings and returns their tables (Markdown). */
    String stop() throws IOException, InterruptedException, SQLException {
        StringBuilder md = new StringBuilder(cpu.stop());
        md.append("\n# Thread CPU, allocation, and JDK Flight Recorder's samples (ingest phases)\n");
        for (Map.Entry<String, Long> service : services.entrySet()) {
            Jvm.jcmd(service.getValue(), "JFR.stop name=" + RECORDING);
            Path file = directory.resolve(service.getKey() + ".jfr");
            md.append("\n## ").append(service.getKey()).append('\n');
            md.append(Files.exists(file) ? tables(file) : "\n(no recording)\n");
        }
        md.append(statements());
        postgres.close();
        return md.toString();
    }

    /** PostgreSQL's statements by their total time through the ingest phases, every database's. */
    private String statements() throws SQLException {
        StringBuilder md = new StringBuilder("\n## PostgreSQL (pg_stat_statements, by total time)\n\n");
        statementTable(md, "s.total_exec_time", 25);
        md.append("\nThe most frequent statements (each a round trip with a fixed cost, whatever it does):\n\n");
        statementTable(md, "s.calls", 30);
        // statements and commits by database: the round trips behind the CPU (each has a fixed cost)
        md.append("\n| database | statements | their total ms | commits |\n|---|---|---|---|\n");
        try (Statement sql = postgres.createStatement(); ResultSet rs = sql.executeQuery("""
                select d.datname, sum(s.calls), sum(s.total_exec_time), max(d.xact_commit) - coalesce(max(c.commits), 0)
                from pg_stat_statements s join pg_stat_database d on d.datid = s.dbid
                left join pg_temp.commits_at_start c on c.datid = s.dbid
                group by d.datname order by sum(s.calls) desc""")) {
            while (rs.next()) {
                md.append(String.format("| %s | %d | %.0f | %d |%n", rs.getString(1), rs.getLong(2), rs.getDouble(3),
                        rs.getLong(4)));
            }
        }
        return md.toString();
    }

    private void statementTable(StringBuilder md, String order, int limit) throws SQLException {
        md.append("| database | statement | calls | total ms | mean ms | rows |\n|---|---|---|---|---|---|\n");
        try (Statement sql = postgres.createStatement(); ResultSet rs = sql.executeQuery("""
                select d.datname, regexp_replace(s.query, '\\s+', ' ', 'g'), s.calls, s.total_exec_time,
                       s.mean_exec_time, s.rows
                from pg_stat_statements s join pg_database d on d.oid = s.dbid
                order by %s desc limit %d""".formatted(order, limit))) {
            while (rs.next()) {
                String query = rs.getString(2);
                md.append(String.format("| %s | `%s` | %d | %.0f | %.3f | %d |%n", rs.getString(1),
                        (query.length() > 140 ? query.substring(0, 140) + "..." : query).replace("|", "\\|"),
                        rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
            }
        }
    }

    private static String tables(Path file) throws IOException {
        Map<String, Double> threadCpu = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Long> allocatedClasses = new HashMap<>();
        Map<String, Long> allocatedByOurs = new HashMap<>();
        int samples = 0;
        double gcPauseMs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            switch (event.getEventType().getName()) {
                case "jdk.ThreadCPULoad" -> threadCpu.merge(group(event.getThread("eventThread") == null ? "?"
                        : event.getThread("eventThread").getJavaName()), (double) event.getFloat("user")
                                + event.getFloat("system"), Double::sum);
                case "jdk.GarbageCollection" -> gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    String top = name(stack.getFrames().get(0));
                    methods.merge(top, 1, Integer::sum);
                    packages.merge(packageOf(top), 1, Integer::sum);
                    stack.getFrames().stream().map(Profile::name).filter(n -> n.startsWith("io.customersync.")).findFirst()
                            .ifPresent(n -> ours.merge(n, 1, Integer::sum));
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocatedClasses.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    RecordedStackTrace stack = event.getStackTrace();
                    String first = stack == null ? "(no stack)" : stack.getFrames().stream().map(Profile::name)
                            .filter(n -> n.startsWith("io.customersync.") && !n.contains("$$Lambda")).findFirst()
                            .orElse("(none of ours on the stack)");
                    allocatedByOurs.merge(first, weight, Long::sum);
                }
                default -> {
                }
            }
        }
        StringBuilder md = new StringBuilder(String.format("%n%d execution samples; GC pauses %.0f ms in all%n", samples,
                gcPauseMs));
        double cpu = threadCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        md.append(table("thread group", "share of the thread CPU", threadCpu.entrySet().stream()
                .sorted(Map.Entry.<String, Double> comparingByValue().reversed()).limit(TOP)
                .map(e -> Map.entry(e.getKey(), 100 * e.getValue() / Math.max(1e-9, cpu))).toList()));
        md.append(table("package (top frame)", "share of samples", share(packages, samples)));
        md.append(table("method (top frame)", "share of samples", share(methods, samples)));
        md.append(table("our code (first frame of io.customersync on the stack)", "share of samples", share(ours, samples)));
        long allocated = allocatedClasses.values().stream().mapToLong(Long::longValue).sum();
        md.append(String.format("%n%.0f MB allocated in all (jdk.ObjectAllocationSample's weights; a sample's weight is"
                + " its thread's bytes since its last sample: in a thread that sleeps and wakes, the first allocation after"
                + " waking carries them all; confirm before acting)%n", allocated / 1e6));
        md.append(table("class allocated", "share of the bytes", share(allocatedClasses, allocated)));
        md.append(table("our code that allocated (first frame of io.customersync, lambdas skipped)", "share of the bytes",
                share(allocatedByOurs, allocated)));
        return md.toString();
    }

    /** The {@link #TOP} largest, each as a percentage of {@code total} (samples counted, or bytes weighed). */
    static List<Map.Entry<String, Double>> share(Map<String, ? extends Number> amounts, double total) {
        return amounts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, ? extends Number>> comparingDouble(e -> e.getValue().doubleValue())
                        .reversed().thenComparing(Map.Entry::getKey))
                .limit(TOP).map(e -> Map.entry(e.getKey(), 100.0 * e.getValue().doubleValue() / Math.max(1, total)))
                .toList();
    }

    static String table(String what, String unit, List<Map.Entry<String, Double>> rows) {
        StringBuilder md = new StringBuilder(String.format("%n| %s | %s |%n|---|---|%n", what, unit));
        rows.forEach(row -> md.append(String.format("| `%s` | %.1f %% |%n", row.getKey().replace("|", "\\|"),
                row.getValue())));
        return md.toString();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The first three parts of a class's package ({@code org.apache.kafka}), the class's for ours. */
    private static String packageOf(String method) {
        String[] parts = method.split("\\.");
        int keep = method.startsWith("io.customersync.") ? parts.length - 1 : Math.min(3, parts.length - 2);
        return String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, keep)));
    }

    /** Threads of one pool count as one: numbers in their names are dropped. */
    private static String group(String thread) {
        return thread == null ? "?" : thread.replaceAll("\\d+", "N");
    }
}
