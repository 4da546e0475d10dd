package io.customersync.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the service's database cannot be reached right now (server down or
 * restarting, connections refused or ended by an administrator, the pool found no connection in
 * time): the request is worth a retry, so it is answered 503, not 500.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /** True if {@code failure} or one of its causes is a connection failure of the database. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's answer when no connection could be had within its acquisition timeout
            return e.getMessage() != null && e.getMessage().contains("acquisition timeout");
        }
        return state.startsWith("08") // connection exception: refused, broken, ended
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shut down, starting up
                || state.equals("53300") // too many connections
                // "database is not currently accepting connections" (ALLOW_CONNECTIONS false)
                || state.equals("55000") && e.getMessage() != null && e.getMessage().contains("accepting connections");
    }
}
