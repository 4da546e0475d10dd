package io.customersync.distribution.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Records each delivery batch to a channel database (CDX's download session) in the distribution database. */
final class DownloadSessions {

    enum Status {
        APPLIED, RETRYING, FAILED
    }

    private DownloadSessions() {
    }

    /** @return the session's id */
    static long record(Connection db, String channelId, Status status, List<UUID> events, int attempt, String lastError,
            Instant startedAt) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into download_session (channel_id, status, rows, first_event_id, last_event_id, attempt,
                                              last_error, started_at, finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, now()) returning id""")) {
            insert.setString(1, channelId);
            insert.setString(2, status.name());
            insert.setInt(3, events.size());
            insert.setObject(4, events.get(0));
            insert.setObject(5, events.get(events.size() - 1));
            insert.setInt(6, attempt);
            insert.setString(7, lastError);
            insert.setTimestamp(8, Timestamp.from(startedAt));
            try (java.sql.ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
