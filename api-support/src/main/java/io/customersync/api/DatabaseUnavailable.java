package io.customersync.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.transaction.RollbackException;

/**
 * Whether a failure means the service's database cannot be reached right now (server down or
 * restarting, connections refused or ended by an administrator, the pool found no connection in
 * time), or its transaction met another one and was undone, or took longer than its time-out and was
 * undone: the request is worth a retry, so it is answered 503, not 500.
 */
public final class DatabaseUnavailable {

    /** Narayana's message code for a commit of a transaction its reaper already rolled back. */
    private static final String NOT_ACTIVE = "ARJUNA016102";

    private DatabaseUnavailable() {
    }

    /**
     * True if {@code failure}, one of its causes or one of their suppressed exceptions (a transaction
     * manager's failed commit carries the database's error that way) is a connection failure.
     */
    public static boolean causedBy(Throwable failure) {
        return anywhere(failure, 0, t -> t instanceof SQLTransientConnectionException
                || t instanceof SQLException sql && unavailable(sql));
    }

    /**
     * True if the database undid the request's transaction because it met another one changing the same rows
     * (a deadlock it broke, 40P01, or a serialization failure, 40001): nothing of it was kept, and the same
     * request again is expected to succeed.
     */
    public static boolean conflictIn(Throwable failure) {
        return anywhere(failure, 0, t -> t instanceof SQLException sql
                && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState())));
    }

    /**
     * True if the request's transaction was undone because it took too long: the transaction manager rolled it
     * back at its time-out ({@code quarkus.transaction-manager.default-transaction-timeout}; the commit then fails
     * with a {@link RollbackException}, Narayana's ARJUNA016102 "not active") and cancelled the statement it waited
     * in (57014, as a statement time-out does), and no data error is among the causes (a commit the
     * database refused is a {@link RollbackException} too, and no retry mends it).
     */
    public static boolean timedOut(Throwable failure) {
        return anywhere(failure, 0, t -> t instanceof RollbackException rollback && rollback.getMessage() != null
                        && rollback.getMessage().contains(NOT_ACTIVE)
                || t instanceof SQLException sql && "57014".equals(sql.getSQLState()))
                && !anywhere(failure, 0, t -> t instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23")));
    }

    private static boolean anywhere(Throwable failure, int depth, java.util.function.Predicate<Throwable> test) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (test.test(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (anywhere(suppressed, depth + 1, test)) {
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
