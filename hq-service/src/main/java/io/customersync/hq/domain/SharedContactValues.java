package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The table {@code shared_contact_value}: contact values found held by more customers than
 * {@code hq.duplicates.shared-value-threshold} (a store's phone typed for customers who give none):
 * placeholders, never matched, listed for ops.
 */
@ApplicationScoped
public class SharedContactValues {

    /** A placeholder value and when HQ found it. */
    public record SharedValue(String kind, String value, Instant detectedAt) {
    }

    private final HqDatabase database;

    public SharedContactValues(HqDatabase database) {
        this.database = database;
    }

    /** Records values found shared (once each: one statement per chunk, whatever the number of customers). */
    public void remember(Connection db, List<MatchRules.ContactValue> values) throws SQLException {
        List<MatchRules.ContactValue> distinct = values.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into shared_contact_value (kind, value) select * from unnest(?::text[], ?::text[])
                on conflict do nothing""")) {
            insert.setArray(1, db.createArrayOf("text", distinct.stream().map(v -> v.kind().label).toArray()));
            insert.setArray(2, db.createArrayOf("text", distinct.stream().map(MatchRules.ContactValue::value).toArray()));
            insert.executeUpdate();
        }
    }

    public List<SharedValue> list(int limit) {
        return database.list(
                "select kind, value, detected_at from shared_contact_value order by detected_at desc, value limit ?",
                rs -> new SharedValue(rs.getString(1), rs.getString(2), HqDatabase.instant(rs, 3)), limit);
    }
}
