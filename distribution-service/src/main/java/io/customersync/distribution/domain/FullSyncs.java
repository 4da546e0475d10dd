package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.messaging.Database;

/**
 * Owner of {@code channel_full_sync} (distribution V11): each channel's last full sync (docs/ops.md), asked
 * for by ops or by the registry (a channel added to an address book, back from retirement, or given to
 * another deployment), how far it read HQ's customers and how many it read (each queued, but an erased customer's).
 */
@ApplicationScoped
public class FullSyncs {

    /** A channel's full sync: who asked, when, how far it read (account number), how many customers, how it ended. */
    public record FullSync(String channelId, String requestedBy, Instant requestedAt, String afterAccount, long customersRead,
            String lastError, Instant finishedAt) {
    }

    private static final String COLUMNS = """
            channel_id, requested_by, requested_at, after_account, customers_read, last_error, finished_at""";

    private final Database database;

    public FullSyncs(DistributionDatabase database) {
        this.database = database;
    }

    /** Starts the channel's full sync over (from HQ's first customer), whether one ran before or runs now. */
    public FullSync request(String channelId, String requestedBy) {
        return database.first("""
                insert into channel_full_sync (channel_id, requested_by) values (?, ?)
                on conflict (channel_id) do update set requested_by = excluded.requested_by, requested_at = now(),
                    after_account = null, customers_read = 0, last_error = null, finished_at = null
                returning\s""" + COLUMNS, FullSyncs::fullSync, channelId,
                requestedBy.length() > 64 ? requestedBy.substring(0, 64) : requestedBy);
    }

    public Optional<FullSync> find(String channelId) {
        return Optional.ofNullable(database.first("select " + COLUMNS + " from channel_full_sync where channel_id = ?",
                FullSyncs::fullSync, channelId));
    }

    /** The channels whose full sync has not finished. */
    public List<String> unfinished() {
        return database.list("select channel_id from channel_full_sync where finished_at is null order by requested_at",
                rs -> rs.getString(1));
    }

    /**
     * The channel's unfinished full sync, its row locked by the caller's transaction; empty if it finished or
     * another instance works on it now.
     */
    public static Optional<FullSync> lockedUnfinished(Connection db, String channelId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select " + COLUMNS
                + " from channel_full_sync where channel_id = ? and finished_at is null for update skip locked")) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(fullSync(rs)) : Optional.empty();
            }
        }
    }

    /** Records a page queued, in the caller's transaction: read up to {@code afterAccount}, finished with the last. */
    public static void advance(Connection db, String channelId, String afterAccount, int read) throws SQLException {
        try (PreparedStatement update = Database.prepare(db, """
                update channel_full_sync set after_account = coalesce(?, after_account), customers_read = customers_read + ?,
                    last_error = null, finished_at = case when ? then now() end
                where channel_id = ?""", afterAccount, read, afterAccount == null, channelId)) {
            update.executeUpdate();
        }
    }

    /** Why the last page could not be read or queued (it is tried again). */
    public void failed(String channelId, String error) {
        database.update("update channel_full_sync set last_error = ? where channel_id = ? and finished_at is null",
                error.length() > 500 ? error.substring(0, 500) : error, channelId);
    }

    private static FullSync fullSync(ResultSet rs) throws SQLException {
        return new FullSync(rs.getString(1), rs.getString(2), Database.instant(rs, 3), rs.getString(4), rs.getLong(5),
                rs.getString(6), Database.instant(rs, 7));
    }
}
