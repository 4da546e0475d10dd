package io.customersync.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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

    private static PreparedStatement prepare(Connection db, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
