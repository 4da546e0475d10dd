package io.customersync.messaging;

import java.sql.SQLException;

/**
 * Tells a poison event from a passing failure. Poison: a {@link PoisonEventException}, or the
 * database refusing the data itself (SQLSTATE class 22 "data exception", 23 "integrity constraint
 * violation"). Everything else (database or broker unreachable, time-outs, serialization
 * failures) is retried, so an outage never sends good events to the dead-letter topic.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
