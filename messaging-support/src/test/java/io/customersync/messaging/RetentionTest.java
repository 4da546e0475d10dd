package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.customersync.testsupport.Sql;

/** Housekeeping against a real PostgreSQL: only rows that are done and old enough go. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private PGSimpleDataSource dataSource;

    @BeforeEach
    void database() {
        dataSource = TestDatabases.withOutbox("retention_test");
    }

    @Test
    void publishedOutboxRowsOlderThanTheRetentionAreDeletedInBatchesAndNothingElse() throws SQLException {
        Instant old = NOW.minus(Duration.ofDays(8));
        for (int i = 0; i < 7; i++) {
            insert(old, old); // published 8 days ago: goes
        }
        insert(old, null); // never published, however old: stays
        insert(old, NOW.minus(Duration.ofDays(6))); // published 6 days ago: stays
        insert(NOW, NOW);

        Retention retention = new Retention(dataSource, List.of(Retention.outbox(Duration.ofDays(7))), 3, CLOCK);

        assertEquals(Map.of("outbox_event", 7L), retention.purge());
        assertEquals(3L, new Sql(dataSource).count("select count(*) from outbox_event"));
        assertEquals(1L, new Sql(dataSource).count("select count(*) from outbox_event where sent_at is null"));
        assertEquals(Map.of("outbox_event", 0L), retention.purge());
    }

    @Test
    void theBackgroundPassPurgesAtOnceAndStopsWhenAsked() throws SQLException {
        Instant old = NOW.minus(Duration.ofDays(30));
        insert(old, old);
        Retention retention = new Retention(dataSource, List.of(Retention.outbox(Duration.ofDays(7))), 100, CLOCK);
        JobHistory history = new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(10));
        JobRunner worker = retention.start("retention-test", Duration.ofHours(1), TestWorkers.create(), history);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> new Sql(dataSource).count("select count(*) from outbox_event") == 0);
        } finally {
            retention.stop();
            worker.stop(Duration.ofSeconds(5));
        }
        List<JobRun> runs = history.recent("retention-test", 10);
        assertEquals(1, runs.size(), "its run is in the job history, written when it stopped: " + runs);
        assertEquals(1, runs.get(0).processed());
    }

    @Test
    void jobHistoryRowsOlderThanTheirRetentionAreDeleted() throws SQLException {
        for (Instant finished : List.of(NOW.minus(Duration.ofDays(31)), NOW.minus(Duration.ofDays(29)))) {
            new Sql(dataSource).execute("""
                    insert into job_run (job, trigger, started_at, finished_at, processed, failed)
                    values ('p-job', 'CONTINUOUS', ?, ?, 1, 0)""", Timestamp.from(finished), Timestamp.from(finished));
        }
        Retention retention = new Retention(dataSource, List.of(Retention.jobRuns(Duration.ofDays(30))), 10, CLOCK);

        assertEquals(Map.of("job_run", 1L), retention.purge());
        assertEquals(1L, new Sql(dataSource).count("select count(*) from job_run"));
    }

    private void insert(Instant occurred, Instant sent) throws SQLException {
        new Sql(dataSource).execute("""
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload, sent_at)
                values (?, 'test', 'test', 'key', '/test', ?, '{}', ?)""", UUID.randomUUID(), Timestamp.from(occurred),
                sent == null ? null : Timestamp.from(sent));
    }
}
