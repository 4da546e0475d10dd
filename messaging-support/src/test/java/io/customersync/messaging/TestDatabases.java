package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresServer;

/** Fresh databases on the shared real PostgreSQL, with the outbox and the job history (job_run) migrated. */
final class TestDatabases {

    private TestDatabases() {
    }

    static PGSimpleDataSource withOutbox(String name) {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase(name);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(name));
        dataSource.setUser(PostgresServer.USER);
        dataSource.setPassword(PostgresServer.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox", "classpath:db/job-run").cleanDisabled(false).load()
                .clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox", "classpath:db/job-run").load().migrate();
        return dataSource;
    }

    /** Writes an unsent outbox row of a CustomerCreated with {@code key} and {@code payload}, as a service's transaction does. */
    static void outboxRow(Connection db, String key, String payload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                values (?, ?, ?, ?, '/test', ?, cast(? as jsonb))""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, EventType.CUSTOMER_CREATED.ceType());
            insert.setString(3, EventType.CUSTOMER_CREATED.topic());
            insert.setString(4, key);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.setString(6, payload);
            insert.executeUpdate();
        }
    }
}
