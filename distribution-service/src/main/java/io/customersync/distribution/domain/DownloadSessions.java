package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

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
            values (?, ?, ?, ?, ?, ?, ?, ?, now()) returning id""";

    private final EntityManager em;

    public DownloadSessions(EntityManager em) {
        this.em = em;
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
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The newest sessions, of one channel and one status when given. */
    public List<DownloadSession> newest(String channelId, String status, int limit) {
        List<Tuple> rows = em.createNativeQuery("""
                select id, channel_id, status, rows, first_event_id, last_event_id, attempt, last_error,
                       started_at, finished_at
                from download_session
                where (cast(?1 as text) is null or channel_id = ?1) and (cast(?2 as text) is null or status = ?2)
                order by id desc limit ?3""", Tuple.class)
                .setParameter(1, channelId).setParameter(2, status).setParameter(3, limit).getResultList();
        return rows.stream().map(r -> new DownloadSession(r.get(0, Number.class).longValue(), r.get(1, String.class),
                r.get(2, String.class), r.get(3, Number.class).intValue(), r.get(4, UUID.class), r.get(5, UUID.class),
                r.get(6, Number.class).intValue(), r.get(7, String.class), r.get(8, Instant.class),
                r.get(9, Instant.class))).toList();
    }

    /** Each channel's last session, by channel id. */
    public Map<String, LastSession> lastPerChannel() {
        List<Tuple> rows = em.createNativeQuery("""
                select distinct on (channel_id) channel_id, id, status, rows, last_error, finished_at
                from download_session order by channel_id, id desc""", Tuple.class).getResultList();
        Map<String, LastSession> sessions = new TreeMap<>();
        rows.forEach(r -> sessions.put(r.get(0, String.class), new LastSession(r.get(1, Number.class).longValue(),
                r.get(2, String.class), r.get(3, Number.class).intValue(), r.get(4, String.class),
                r.get(5, Instant.class))));
        return sessions;
    }
}
