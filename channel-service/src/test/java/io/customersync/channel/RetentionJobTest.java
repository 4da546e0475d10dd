package io.customersync.channel;

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

/** Housekeeping of the channel database, with the service's own rules and settings. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class RetentionJobTest {

    @Inject
    RetentionJob job;
    @Inject
    DataSource dataSource;

    @Test
    void idempotencyAnswersOlderThanTheirRetentionGoRecentOnesStay() throws SQLException {
        Sql sql = new Sql(dataSource);
        String oldKey = "old-" + UUID.randomUUID();
        String newKey = "new-" + UUID.randomUUID();
        sql.execute("""
                insert into idempotency_key (channel_id, idempotency_key, request_hash, status, body, created_at)
                values ('HOUSTON', ?, repeat('a', 64), 201, '{}', now() - interval '8 days'),
                       ('HOUSTON', ?, repeat('a', 64), 201, '{}', now())""", oldKey, newKey);

        job.retention().purge();

        assertEquals(0, sql.count("select count(*) from idempotency_key where idempotency_key = ?", oldKey));
        assertEquals(1, sql.count("select count(*) from idempotency_key where idempotency_key = ?", newKey));
    }

    @Test
    void deliveredWebhookEventsOlderThanTheirRetentionGoPendingAndDeadOnesStay() throws SQLException {
        Sql sql = new Sql(dataSource);
        UUID subscription = UUID.randomUUID();
        UUID oldDelivered = UUID.randomUUID();
        UUID newDelivered = UUID.randomUUID();
        UUID oldDead = UUID.randomUUID();
        sql.execute("""
                insert into webhook_subscription (id, channel_id, url, secret, events, created_at)
                values (?, ?, 'http://localhost:1/hooks', 'whsec_x', array['customer.changed'], now())""",
                subscription, "R" + subscription.toString().substring(0, 8));
        sql.execute("""
                insert into webhook_delivery (id, subscription_id, customer_id, event_type, version, payload, status,
                                              next_attempt_at, created_at, delivered_at)
                values (?, ?, gen_random_uuid(), 'customer.changed', '1', '{}', 'DELIVERED', now(), now() - interval '9 days', now() - interval '8 days'),
                       (?, ?, gen_random_uuid(), 'customer.changed', '2', '{}', 'DELIVERED', now(), now(), now()),
                       (?, ?, gen_random_uuid(), 'customer.changed', '3', '{}', 'DEAD', now(), now() - interval '9 days', null)""",
                oldDelivered, subscription, newDelivered, subscription, oldDead, subscription);

        job.retention().purge();

        assertEquals(0, sql.count("select count(*) from webhook_delivery where id = ?", oldDelivered));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where id = ?", newDelivered));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where id = ?", oldDead));
    }
}
