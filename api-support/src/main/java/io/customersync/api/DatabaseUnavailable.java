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

    /**
     * True if {@code failure}, one of its causes or one of their suppressed exceptions (a transaction
     * manager's failed commit carries the database's error that way) is a connection failure.
     */
    public static boolean causedBy(Throwable failure) {
        return causedBy(failure, 0);
    }

    private static boolean causedBy(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (causedBy(suppressed, depth + 1)) {
                    return true;
                }
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
