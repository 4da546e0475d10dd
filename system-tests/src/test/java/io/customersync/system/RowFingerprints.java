package io.customersync.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every table of every database holds, as "row count + sum of the rows' 64-bit hashes" per
 * table, to tell whether a request changed any row. Tables are read from the catalog (a new table is
 * covered without editing this), Flyway's history aside. The databases are read at the same time,
 * one connection each; {@link #cost()} says what taking them cost.
 * <p>Of the job history ({@code job_run}) only the runs someone asked for count: the others are
 * written by timers (a job's summary row once its minute is up), whatever the requests.
 */
final class RowFingerprints implements AutoCloseable {

    private static final String JOB_RUNS_ASKED_FOR = " where t.trigger = 'ON_DEMAND'";

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, String> queries = new LinkedHashMap<>();
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private long takes;
    private long takeNanos;

    RowFingerprints(LocalSystem system, List<String> databases) throws Exception {
        for (String database : databases) {
            Connection db = system.connect(database);
            connections.put(database, db);
            List<String> parts = new ArrayList<>();
            try (Statement select = db.createStatement(); ResultSet tables = select.executeQuery("""
                    select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
                    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                      and table_name <> 'flyway_schema_history' order by 1""")) {
                while (tables.next()) {
                    String table = tables.getString(1);
                    // a sum of 64-bit row hashes: order-free, so no sort however many rows
                    parts.add("select '" + table + "', count(*) || ' ' || coalesce(sum(hashtextextended(t::text, 0)), 0)"
                            + " from " + table + " t" + (table.endsWith(".job_run") ? JOB_RUNS_ASKED_FOR : ""));
                }
            }
            queries.put(database, String.join(" union all ", parts));
        }
    }

    /** database.table to "rows md5", sorted. */
    Map<String, String> take() throws Exception {
        long started = System.nanoTime();
        Map<String, String> all = new TreeMap<>();
        List<Future<Map<String, String>>> reads = new ArrayList<>();
        for (Map.Entry<String, Connection> db : connections.entrySet()) {
            reads.add(readers.submit(() -> read(db.getKey(), db.getValue())));
        }
        for (Future<Map<String, String>> read : reads) {
            all.putAll(read.get());
        }
        takes++;
        takeNanos += System.nanoTime() - started;
        return all;
    }

    private Map<String, String> read(String database, Connection db) throws Exception {
        Map<String, String> tables = new TreeMap<>();
        try (Statement select = db.createStatement(); ResultSet rs = select.executeQuery(queries.get(database))) {
            while (rs.next()) {
                tables.put(database + "." + rs.getString(1), rs.getString(2));
            }
        }
        return tables;
    }

    /** How many fingerprints were taken, and the milliseconds they took together. */
    String cost() {
        return takes + " fingerprints in " + takeNanos / 1_000_000 + " ms";
    }

    /**
     * Waits until no row of any database has changed for {@code quiet} (background work after
     * accepted requests: the P-job, HQ's jobs, distribution), and returns the fingerprints then.
     */
    Map<String, String> settle(Duration quiet, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Map<String, String> last = take();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rows still changing after " + atMost + ": " + diff(last, take()));
            }
            Thread.sleep(50);
            Map<String, String> now = take();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    /** The tables whose rows differ, with counts before and after. */
    static String diff(Map<String, String> before, Map<String, String> after) {
        StringBuilder changed = new StringBuilder();
        for (String table : new java.util.TreeSet<>(after.keySet())) {
            String was = before.getOrDefault(table, "-");
            String is = after.get(table);
            if (!was.equals(is)) {
                changed.append(changed.isEmpty() ? "" : "; ").append(table).append(" rows ")
                        .append(was.split(" ")[0]).append(" -> ").append(is.split(" ")[0]);
            }
        }
        return changed.toString();
    }

    @Override
    public void close() throws Exception {
        readers.shutdownNow();
        for (Connection db : connections.values()) {
            db.close();
        }
    }
}
