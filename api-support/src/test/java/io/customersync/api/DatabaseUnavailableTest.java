package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void aRefusedOrEndedConnectionAnywhereInTheCausesIsUnavailable() {
        assertTrue(DatabaseUnavailable.causedBy(new IllegalStateException("wrapped",
                new SQLException("Exception while creating new connection", new SQLException("refused", "08001")))));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("terminating connection", "57P01")));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException(
                "database \"channel_houston\" is not currently accepting connections", "55000")));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("Sorry, acquisition timeout!")));
    }

    @Test
    void aFailedCommitCarryingTheConnectionErrorAsSuppressedIsUnavailable() {
        Exception rollback = new IllegalStateException("could not commit transaction");
        rollback.addSuppressed(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        assertTrue(DatabaseUnavailable.causedBy(new RuntimeException(rollback)));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("lock not available", "55P03")));
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.causedBy(new IllegalArgumentException("bug")));
    }

    @Test
    void aDeadlockOrASerializationFailureIsAConflictWorthARetryNotAnOutage() {
        Exception rollback = new IllegalStateException("could not execute statement",
                new SQLException("deadlock detected", "40P01"));
        assertTrue(DatabaseUnavailable.conflictIn(new RuntimeException(rollback)));
        assertTrue(DatabaseUnavailable.conflictIn(new SQLException("could not serialize access", "40001")));
        assertFalse(DatabaseUnavailable.causedBy(rollback));
        assertFalse(DatabaseUnavailable.conflictIn(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.conflictIn(new SQLException("refused", "08001")));
    }

    @Test
    void aRequestUndoneByAConflictIsAnswered503WithRetryAfterNot500() {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { UriInfo.class },
                (proxy, method, arguments) -> "getPath".equals(method.getName()) ? "/api/v1/customers/C1/erasure" : null);

        Response answer = new ProblemMappers(null).unexpected(new IllegalStateException("could not execute statement",
                new SQLException("deadlock detected", "40P01")), uri);

        assertEquals(503, answer.getStatus());
        assertEquals(1, answer.getHeaders().getFirst("Retry-After"));
        assertTrue(((Problem) answer.getEntity()).detail().contains("try again"));
        assertEquals(500, new ProblemMappers(null).unexpected(new IllegalStateException("bug"), uri).getStatus());
    }

    @Test
    void aTransactionUndoneAtItsTimeOutIsAnswered503WithRetryAfterNot500() {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { UriInfo.class },
                (proxy, method, arguments) -> "getPath".equals(method.getName()) ? "/api/v1/customers" : null);
        Exception rolledBack = new IllegalStateException("undeclared",
                new RollbackException("ARJUNA016102: The transaction is not active! Uid is 0:ffff7f000001:b5c1:42"));

        Response answer = new ProblemMappers(null).unexpected(rolledBack, uri);

        assertEquals(503, answer.getStatus());
        assertEquals(1, answer.getHeaders().getFirst("Retry-After"));
        assertTrue(((Problem) answer.getEntity()).detail().contains("try again"));
        assertTrue(DatabaseUnavailable.timedOut(new SQLException("canceling statement due to user request", "57014")));
        assertFalse(DatabaseUnavailable.timedOut(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.causedBy(rolledBack));
    }

    @Test
    void aCommitWhoseFlushTheDatabaseRefusedIsNotATimeOut() {
        RollbackException refused = new RollbackException("ARJUNA016053: Could not commit transaction.");
        refused.initCause(new SQLException("duplicate key value", "23505"));
        assertFalse(DatabaseUnavailable.timedOut(new IllegalStateException("undeclared", refused)));
        RollbackException notActive = new RollbackException("ARJUNA016102: The transaction is not active!");
        notActive.addSuppressed(new SQLException("value too long", "22001"));
        assertFalse(DatabaseUnavailable.timedOut(notActive));
    }
}
