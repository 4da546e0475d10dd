package io.customersync.distribution.domain;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.messaging.Database;

/**
 * Owner of {@code dead_letter_replay}: the dead letters ops replayed from the pipeline page, one row per
 * record (a second replay of the same record is refused), with who and when. Cold path.
 */
@ApplicationScoped
public class DeadLetterReplays {

    /** One replayed dead letter: which record, who, when, and where it went (null until the broker took it). */
    public record Replay(String topic, int partition, long offset, String replayedBy, Instant replayedAt,
            String replayedTo) {
    }

    private final Database database;

    public DeadLetterReplays(DistributionDatabase database) {
        this.database = database;
    }

    /**
     * Claims the record for a replay, in the caller's transaction (a concurrent claim waits for it).
     *
     * @throws DeadLetterAlreadyReplayedException when it was replayed before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claim(String topic, int partition, long offset, String replayedBy) {
        int inserted = database.call("claim a dead letter", db -> {
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into dead_letter_replay (topic, partition, "offset", replayed_by) values (?, ?, ?, ?)
                    on conflict do nothing""")) {
                insert.setString(1, topic);
                insert.setInt(2, partition);
                insert.setLong(3, offset);
                insert.setString(4, replayedBy);
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new DeadLetterAlreadyReplayedException(topic, partition, offset);
        }
    }

    /** Notes where the claimed record went. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sentTo(String topic, int partition, long offset, String replayedTo) {
        database.call("note a replayed dead letter", db -> {
            try (PreparedStatement update = db.prepareStatement("""
                    update dead_letter_replay set replayed_to = ? where topic = ? and partition = ? and "offset" = ?""")) {
                update.setString(1, replayedTo);
                update.setString(2, topic);
                update.setInt(3, partition);
                update.setLong(4, offset);
                return update.executeUpdate();
            }
        });
    }

    /** The replays of a dead-letter topic's records from this offset on (any partition). */
    @Transactional
    public List<Replay> since(String topic, long fromOffset) {
        return database.call("read the replayed dead letters", db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select topic, partition, "offset", replayed_by, replayed_at, replayed_to from dead_letter_replay
                    where topic = ? and "offset" >= ?""")) {
                select.setString(1, topic);
                select.setLong(2, fromOffset);
                List<Replay> replays = new ArrayList<>();
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        replays.add(new Replay(r.getString(1), r.getInt(2), r.getLong(3), r.getString(4),
                                r.getTimestamp(5).toInstant(), r.getString(6)));
                    }
                }
                return replays;
            }
        });
    }
}
