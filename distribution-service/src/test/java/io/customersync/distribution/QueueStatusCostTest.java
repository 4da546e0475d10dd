package io.customersync.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.ChannelStatus;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The ops pages ask each channel's queue status (what waits, what is parked, the oldest's age) on every
 * load. Retention keeps a channel's delivered rows for weeks, so the status must read the rows that wait,
 * not the delivered ones: checked in the plan PostgreSQL runs (EXPLAIN ANALYZE) beside 20,000 delivered rows.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class QueueStatusCostTest {

    private static final String CHANNEL = "STATUS_COST";
    private static final int DELIVERED = 20_000;

    @Inject
    DeliveryQueue queue;

    @Inject
    DataSource dataSource;

    @Test
    void aChannelsQueueStatusReadsWhatWaitsNotTheDeliveredRowsRetentionKeeps() throws Exception {
        Sql sql = new Sql(dataSource);
        sql.execute(rows(DELIVERED, "now() - interval '2 days'", "now() - interval '2 days'", "null"));
        sql.execute(rows(3, "now() - interval '90 seconds'", "null", "null")); // waiting
        sql.execute(rows(2, "now() - interval '10 seconds'", "null", "now()")); // parked until ops retry
        sql.execute("analyze pending_delivery");

        ChannelStatus status = queue.status(CHANNEL);
        assertEquals(3, status.pending());
        assertEquals(2, status.failed());
        assertTrue(status.lagSeconds() >= 90 && status.lagSeconds() < 3600, "the oldest waiting row's age: " + status.lagSeconds());

        JsonNode plan = new ObjectMapper().readTree(sql.plan(DeliveryQueue.STATUS, CHANNEL, CHANNEL))
                .get(0).get("Plan");
        long read = rowsRead(plan);
        assertTrue(read <= 5, "rows of pending_delivery read for a status with 5 waiting and " + DELIVERED
                + " delivered: " + read + "\n" + plan.toPrettyString());
    }

    private static String rows(int count, String receivedAt, String deliveredAt, String failedAt) {
        return """
                insert into pending_delivery (channel_id, event_id, customer_id, payload, received_at, delivered_at,
                                              failed_at)
                select '%s', gen_random_uuid(), gen_random_uuid(), '{}', %s, %s, %s from generate_series(1, %d)"""
                .formatted(CHANNEL, receivedAt, deliveredAt, failedAt, count);
    }

    /** Rows every scan of pending_delivery read (returned, or removed by a filter), over all its loops. */
    private static long rowsRead(JsonNode node) {
        long rows = 0;
        if (node.path("Relation Name").asText("").equals("pending_delivery")) {
            rows += (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong())
                    * Math.max(1, node.path("Actual Loops").asLong());
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsRead(child);
        }
        return rows;
    }
}
