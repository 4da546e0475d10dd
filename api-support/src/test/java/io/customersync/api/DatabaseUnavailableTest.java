package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

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
}
