package io.customersync.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.messaging.RetentionJob;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Housekeeping of HQ's database, with the service's own rules and settings. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class RetentionJobTest {

    @Inject
    RetentionJob job;
    @Inject
    DataSource dataSource;

    @Test
    void oldEventIdsJobRunsAndPublishedOutboxRowsGoRecentOnesStay() throws SQLException {
        Sql sql = new Sql(dataSource);
        UUID oldEvent = UUID.randomUUID();
        UUID newEvent = UUID.randomUUID();
        sql.execute("""
                insert into processed_event (event_id, consumer, processed_at)
                values (?, 'retention-test', now() - interval '31 days'), (?, 'retention-test', now() - interval '29 days')""",
                oldEvent, newEvent);
        sql.execute("""
                insert into job_run (job, trigger, started_at, finished_at, processed, failed)
                values ('retention-old', 'TEST', now() - interval '31 days', now() - interval '31 days', 0, 0),
                       ('retention-new', 'TEST', now() - interval '29 days', now() - interval '29 days', 0, 0)""");
        sql.execute("""
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload, sent_at)
                values (?, 'test', 'test', 'k', '/test', now() - interval '8 days', '{}', now() - interval '8 days'),
                       (?, 'test', 'test', 'k', '/test', now() - interval '8 days', '{}', now() - interval '6 days')""",
                oldEvent, newEvent);

        job.retention().purge();

        assertEquals(0, sql.count("select count(*) from processed_event where event_id = ?", oldEvent));
        assertEquals(1, sql.count("select count(*) from processed_event where event_id = ?", newEvent));
        assertEquals(0, sql.count("select count(*) from job_run where job = 'retention-old'"));
        assertEquals(1, sql.count("select count(*) from job_run where job = 'retention-new'"));
        assertEquals(0, sql.count("select count(*) from outbox_event where event_id = ?", oldEvent));
        assertEquals(1, sql.count("select count(*) from outbox_event where event_id = ?", newEvent));
    }
}
