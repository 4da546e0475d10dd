package io.customersync.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Plain JDBC for tests that arrange rows, count them or read a query's plan: one statement, positional parameters. */
public final class Sql {

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int execute(String sql, Object... parameters) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = prepare(db, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of the first row, as a number (a {@code count(*)}). */
    public long count(String sql, Object... parameters) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = prepare(db, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The plan PostgreSQL ran for a query, as {@code explain (analyze, format json)} gives it (JSON text), for
     * tests that bound what a query reads.
     */
    public String plan(String query, Object... parameters) throws SQLException {
        try (Connection db = dataSource.getConnection();
                PreparedStatement statement = prepare(db, "explain (analyze, format json) " + query, parameters);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** As {@link #planWithoutTableScans(Connection, String, Object...)} on a connection of this data source. */
    public List<String> planWithoutTableScans(String query, Object... parameters) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            return planWithoutTableScans(db, query, parameters);
        }
    }

    /**
     * The plan PostgreSQL makes for a query when it may not scan a table ({@code enable_seqscan} off, in a transaction
     * rolled back), line by line, for tests that an index serves the query: if none does, the plan scans anyway.
     */
    public static List<String> planWithoutTableScans(Connection db, String query, Object... parameters)
            throws SQLException {
        List<String> plan = new ArrayList<>();
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            try (Statement set = db.createStatement()) {
                set.execute("set local enable_seqscan = off");
            }
            try (PreparedStatement explain = prepare(db, "explain " + query, parameters);
                    ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        } finally {
            db.rollback(); // (a test's own uncommitted work on this connection goes too: give it a fresh one)
            db.setAutoCommit(autoCommit);
        }
        return plan;
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
