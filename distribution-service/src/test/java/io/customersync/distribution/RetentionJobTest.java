package io.customersync.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.messaging.RetentionJob;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Housekeeping of distribution's database, with the service's own rules and settings. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class RetentionJobTest {

    @Inject
    RetentionJob job;
    @Inject
    DataSource dataSource;

    @Test
    void oldDeliveredRowsAndSessionsGoUndeliveredAndParkedOnesStayWhateverTheirAge() throws SQLException {
        Sql sql = new Sql(dataSource);
        String channel = "RETENTION-" + UUID.randomUUID().toString().substring(0, 8); // no worker delivers to it
        sql.execute("""
                insert into pending_delivery (channel_id, event_id, customer_id, payload, received_at, delivered_at, failed_at)
                values (?, gen_random_uuid(), gen_random_uuid(), '{}', now() - interval '40 days', now() - interval '31 days', null),
                       (?, gen_random_uuid(), gen_random_uuid(), '{}', now() - interval '40 days', now() - interval '29 days', null),
                       (?, gen_random_uuid(), gen_random_uuid(), '{}', now() - interval '40 days', null, null),
                       (?, gen_random_uuid(), gen_random_uuid(), '{}', now() - interval '40 days', null, now() - interval '40 days')""",
                channel, channel, channel, channel);
        sql.execute("""
                insert into download_session (channel_id, status, rows, first_event_id, last_event_id, attempt, started_at, finished_at)
                values (?, 'APPLIED', 1, gen_random_uuid(), gen_random_uuid(), 1, now() - interval '31 days', now() - interval '31 days'),
                       (?, 'APPLIED', 1, gen_random_uuid(), gen_random_uuid(), 1, now() - interval '29 days', now() - interval '29 days')""",
                channel, channel);

        job.retention().purge();

        assertEquals(3, sql.count("select count(*) from pending_delivery where channel_id = ?", channel));
        assertEquals(0, sql.count("select count(*) from pending_delivery where channel_id = ? and delivered_at < now() - interval '30 days'", channel));
        assertEquals(1, sql.count("select count(*) from download_session where channel_id = ?", channel));
        assertEquals(1, sql.count("select count(*) from download_session where channel_id = ? and finished_at > now() - interval '30 days'", channel));
    }
}
