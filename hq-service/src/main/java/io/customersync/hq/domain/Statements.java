package io.customersync.hq.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.EventJson;

/** The owner of {@code statement}: the channels' posted end-of-day statements. */
@ApplicationScoped
public class Statements {

    /** A posted statement: totals per currency, and the customers it had to sync first. */
    public record Statement(long id, String channelId, Instant postedAt, int transactionCount,
            Map<String, BigDecimal> totals, List<SyncedCustomer> syncedCustomers) {
    }

    public record SyncedCustomer(UUID customerId, String accountNumber) {
    }

    private final HqDatabase database;

    public Statements(HqDatabase database) {
        this.database = database;
    }

    public Statement insert(String channelId, int transactionCount, Map<String, BigDecimal> totals,
            List<SyncedCustomer> synced) {
        return database.call("post a statement", db -> {
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into statement (channel_id, transaction_count, totals, synced_customers)
                    values (?, ?, cast(? as jsonb), cast(? as jsonb)) returning id, posted_at""")) {
                insert.setString(1, channelId);
                insert.setInt(2, transactionCount);
                insert.setString(3, json(totals));
                insert.setString(4, json(synced));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    return new Statement(rs.getLong(1), channelId, rs.getTimestamp(2).toInstant(), transactionCount,
                            totals, synced);
                }
            }
        });
    }

    private static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }
}
