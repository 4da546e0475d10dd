package io.customersync.channel;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.customersync.testsupport.Sql;

/**
 * Holds an exclusive lock on the customer table, so that a group-commit writer that starts a write
 * waits: what is handed over meanwhile queues up. Closing releases it.
 */
final class CustomerTableLock implements AutoCloseable {

    private final Connection db;
    private final Sql sql;

    private CustomerTableLock(Connection db, Sql sql) {
        this.db = db;
        this.sql = sql;
    }

    static CustomerTableLock take(DataSource dataSource) throws SQLException {
        Connection db = dataSource.getConnection();
        db.setAutoCommit(false);
        try (Statement lock = db.createStatement()) {
            lock.execute("lock table customer in exclusive mode");
        }
        return new CustomerTableLock(db, new Sql(dataSource));
    }

    /** Until a writer is waiting for this lock, with the customers it took. */
    void awaitBlockedWriter() {
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'""") == 1);
    }

    @Override
    public void close() throws SQLException {
        db.commit();
        db.close();
    }
}
