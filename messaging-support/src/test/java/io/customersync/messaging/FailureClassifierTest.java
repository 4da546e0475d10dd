package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void dataTheDatabaseRefusesIsPoison() {
        assertTrue(FailureClassifier.isPoison(new RuntimeException(new SQLException("value too long", "22001"))));
        assertTrue(FailureClassifier.isPoison(new SQLException("duplicate key", "23505")));
        assertTrue(FailureClassifier.isPoison(new IllegalStateException(new PoisonEventException("unknown channel"))));
    }

    @Test
    void anOutageIsNotPoison() {
        assertFalse(FailureClassifier.isPoison(new SQLException("connection refused", "08001")));
        assertFalse(FailureClassifier.isPoison(new SQLException("serialization failure", "40001")));
        assertFalse(FailureClassifier.isPoison(new SQLException("no state")));
        assertFalse(FailureClassifier.isPoison(new IllegalStateException("broker away")));
    }
}
