package io.customersync.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;

import io.customersync.contracts.EventType;
import io.customersync.system.LocalSystem;
import io.customersync.system.SystemLayout;

/**
 * Where an idle customer's conversion time goes: each hop of the path from the moments the databases
 * recorded (one PostgreSQL server, one clock), with the load driver's own post and NOTIFY times put on
 * the same wall clock. A hop's figure is the p50 / p99 over the idle customers of that hop alone.
 */
final class HopTimes {

    /** One hop: what it covers and its p50 / p99 in ms over the customers that passed it. */
    record Hop(String hop, double p50, double p99, int customers) {
    }

    private static final String[] HOPS = {
        "POST sent -> P-job's batch begins (channel outbox sent_at: its transaction's start)",
        "-> data key escrowed at HQ (PUT /api/v1/customer-keys, customer_data_key.escrowed_at; 0 if escrowed ahead)",
        "-> HQ's answer back at the channel (its customer_data_key.escrowed_at; 0 if escrowed ahead)",
        "-> upload published and staged at HQ (consumer, async_customer_staging.received_at)",
        "-> numbered at HQ (staging synced_at)",
        "-> HQ's relay batch begins (HQ outbox sent_at: its transaction's start)",
        "-> queued at distribution (pending_delivery.received_at)",
        "-> written to the channel database (pending_delivery.delivered_at)",
        "-> NOTIFY heard by the load driver",
    };

    private HopTimes() {
    }

    /**
     * @param postedAtMicros  each customer's POST, wall clock in microseconds
     * @param heardAtMicros   when the load driver heard its NOTIFY, wall clock in microseconds
     */
    static List<Hop> measure(LocalSystem system, String channelDatabase, String channelId, Map<UUID, Long> postedAtMicros,
            Map<UUID, Long> heardAtMicros) throws SQLException {
        Collection<UUID> ids = postedAtMicros.keySet();
        Map<UUID, long[]> times = new HashMap<>();
        for (UUID id : ids) {
            long[] t = new long[HOPS.length + 1];
            t[0] = postedAtMicros.get(id);
            t[HOPS.length] = heardAtMicros.getOrDefault(id, 0L);
            times.put(id, t);
        }
        try (Connection channel = system.connect(channelDatabase)) {
            read(channel, times, 1, sentAt(EventType.CUSTOMER_CREATED), true);
            read(channel, times, 3, "select customer_id, min(extract(epoch from escrowed_at) * 1e6)::bigint "
                    + "from customer_data_key where customer_id = any(?::uuid[]) group by 1", false);
        }
        try (Connection hq = system.connect(SystemLayout.HQ_DATABASE)) {
            read(hq, times, 2, "select customer_id, min(extract(epoch from escrowed_at) * 1e6)::bigint "
                    + "from customer_data_key where customer_id = any(?::uuid[]) group by 1", false);
            read(hq, times, 4, "select customer_id, (extract(epoch from received_at) * 1e6)::bigint "
                    + "from async_customer_staging where customer_id = any(?::uuid[])", false);
            read(hq, times, 5, "select customer_id, (extract(epoch from synced_at) * 1e6)::bigint "
                    + "from async_customer_staging where customer_id = any(?::uuid[])", false);
            read(hq, times, 6, sentAt(EventType.CUSTOMER_SYNCHRONIZED), true);
        }
        try (Connection distribution = system.connect(SystemLayout.DISTRIBUTION_DATABASE)) {
            read(distribution, times, 7, "select customer_id, min(extract(epoch from received_at) * 1e6)::bigint "
                    + "from pending_delivery where channel_id = '" + channelId + "' and customer_id = any(?::uuid[]) group by 1",
                    false);
            read(distribution, times, 8, "select customer_id, min(extract(epoch from delivered_at) * 1e6)::bigint "
                    + "from pending_delivery where channel_id = '" + channelId + "' and customer_id = any(?::uuid[]) group by 1",
                    false);
        }
        for (long[] t : times.values()) {
            if (t[1] > 0 && t[3] > 0 && t[3] < t[1]) { // a key made and escrowed ahead of its customer (decision 0018)
                t[2] = t[1];
                t[3] = t[1];
            }
        }
        List<Hop> hops = new ArrayList<>();
        for (int hop = 1; hop <= HOPS.length; hop++) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            for (long[] t : times.values()) {
                if (t[hop - 1] > 0 && t[hop] > 0) {
                    histogram.recordValue(Math.max(0, Math.min(t[hop] - t[hop - 1], histogram.getHighestTrackableValue())));
                }
            }
            hops.add(new Hop(HOPS[hop - 1], micros(histogram, 50), micros(histogram, 99), (int) histogram.getTotalCount()));
        }
        return hops;
    }

    /** When an outbox's event of this type for each customer was acknowledged by Kafka (its key is the customer id). */
    private static String sentAt(EventType type) {
        return "select message_key::uuid, min(extract(epoch from sent_at) * 1e6)::bigint from outbox_event where event_type = '"
                + type.ceType() + "' and message_key = any(?::text[]) group by 1";
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e3;
    }

    private static void read(Connection db, Map<UUID, long[]> times, int slot, String sql, boolean textKeys)
            throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            Array keys = textKeys ? db.createArrayOf("text", times.keySet().stream().map(UUID::toString).toArray())
                    : db.createArrayOf("uuid", times.keySet().toArray());
            statement.setArray(1, keys);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long[] t = times.get(rs.getObject(1, UUID.class));
                    if (t != null && rs.getObject(2) != null) {
                        t[slot] = rs.getLong(2);
                    }
                }
            }
        }
    }
}
