package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.messaging.Database;

/**
 * Owner of {@code download_session} in the distribution database: every delivery batch to a channel
 * database (CDX's download session) with its outcome. The 1010 job records one per batch with JDBC in
 * its own transaction ({@link #record}, hot path); ops and the pipeline page read them (cold paths).
 */
@ApplicationScoped
public class DownloadSessions {

    public enum Status {
        APPLIED, RETRYING, FAILED
    }

    /** One download session as ops see it. */
    public record DownloadSession(long id, String channelId, String status, int rows, UUID firstEventId,
            UUID lastEventId, int attempt, String lastError, Instant startedAt, Instant finishedAt) {
    }

    /** The last download session of a channel: the last run of the 1010 job there. */
    public record LastSession(long id, String status, int rows, String lastError, Instant finishedAt) {
    }

    /** Records a delivery batch, in the caller's transaction on the distribution database. */
    static final String RECORD = """
            insert into download_session (channel_id, status, rows, first_event_id, last_event_id, attempt,
                                          last_error, started_at, finished_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""";

    private final Database database;

    public DownloadSessions(DistributionDatabase database) {
        this.database = database;
    }

    /** @return the session's id */
    public static long record(Connection db, String channelId, Status status, List<UUID> events, int attempt,
            String lastError, Instant startedAt) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(RECORD)) {
            insert.setString(1, channelId);
            insert.setString(2, status.name());
            insert.setInt(3, events.size());
            insert.setObject(4, events.get(0));
            insert.setObject(5, events.get(events.size() - 1));
            insert.setInt(6, attempt);
            insert.setString(7, lastError);
            insert.setTimestamp(8, Timestamp.from(startedAt));
            // the clock that gave startedAt (PostgreSQL's now() is its transaction's start: often before startedAt)
            insert.setTimestamp(9, Timestamp.from(Instant.now()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The newest sessions, of one channel and one status when given. */
    public List<DownloadSession> newest(String channelId, String status, int limit) {
        return database.call("read the download sessions", db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select id, channel_id, status, rows, first_event_id, last_event_id, attempt, last_error,
                           started_at, finished_at
                    from download_session
                    where (cast(? as text) is null or channel_id = ?) and (cast(? as text) is null or status = ?)
                    order by id desc limit ?""")) {
                select.setString(1, channelId);
                select.setString(2, channelId);
                select.setString(3, status);
                select.setString(4, status);
                select.setInt(5, limit);
                List<DownloadSession> sessions = new ArrayList<>();
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        sessions.add(new DownloadSession(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4),
                                r.getObject(5, UUID.class), r.getObject(6, UUID.class), r.getInt(7), r.getString(8),
                                Database.instant(r, 9), Database.instant(r, 10)));
                    }
                }
                return sessions;
            }
        });
    }

    /** Each channel's last session, by channel id. */
    public Map<String, LastSession> lastPerChannel() {
        return database.call("read the last download sessions", db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select distinct on (channel_id) channel_id, id, status, rows, last_error, finished_at
                    from download_session order by channel_id, id desc""");
                    ResultSet r = select.executeQuery()) {
                Map<String, LastSession> sessions = new TreeMap<>();
                while (r.next()) {
                    sessions.put(r.getString(1), new LastSession(r.getLong(2), r.getString(3), r.getInt(4),
                            r.getString(5), Database.instant(r, 6)));
                }
                return sessions;
            }
        });
    }
}
