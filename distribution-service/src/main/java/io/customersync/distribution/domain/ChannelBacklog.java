package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.customersync.messaging.OutboxEvents;

/**
 * What waits at a channel: its async customers (no account number yet) and the P-job's outbox rows
 * not uploaded yet, read from the channel database with distribution's read-only grants (channel-schema V5).
 * <p>
 * Distribution's only reader of a channel database besides {@link ChannelDatabaseWriter}'s own checks:
 * it reads {@code customer} (the channel's ASYNC rows, and for the page's charts how many it created in
 * an interval) and {@code outbox_event} (rows not sent yet) of that channel's database, and writes nothing. The writes are {@link ChannelDatabaseBatch}'s and
 * {@link ChannelDatabaseWriter}'s.
 */
public record ChannelBacklog(long asyncWaiting, long oldestWaitingSeconds, List<WaitingCustomer> waiting,
        long outboxBacklog) {

    /** An async customer still waiting for its account number, by id only (no personal data on the page). */
    public record WaitingCustomer(UUID customerId, Instant createdAt) {
    }

    /** For the page's charts: customers the channel created in an interval, and its P-job backlog now. */
    public record Sample(long created, long outboxBacklog) {
    }

    /**
     * Customers the channel created in {@code [from, to)} (their {@code created_at}, the channel's clock;
     * index {@code customer_channel}) and the outbox rows not sent yet, within {@code timeout}.
     */
    public static Sample sample(DataSource channel, String channelId, Instant from, Instant to, Duration timeout)
            throws SQLException {
        try (Connection db = channel.getConnection()) {
            try (Statement limit = db.createStatement()) {
                limit.execute("set local statement_timeout = " + timeout.toMillis());
            }
            try {
                long created;
                try (PreparedStatement count = db.prepareStatement("""
                        select count(*) from customer where channel_id = ? and created_at >= ? and created_at < ?""")) {
                    count.setString(1, channelId);
                    count.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                    count.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        created = rs.getLong(1);
                    }
                }
                return new Sample(created, outboxBacklog(db));
            } finally {
                db.rollback();
            }
        }
    }

    public static ChannelBacklog read(DataSource channel, String channelId, int listSize, Duration timeout)
            throws SQLException {
        try (Connection db = channel.getConnection()) {
            try (Statement limit = db.createStatement()) {
                limit.execute("set local statement_timeout = " + timeout.toMillis());
            }
            try {
                long waitingCount;
                long oldest;
                try (PreparedStatement count = db.prepareStatement("""
                        select count(*), coalesce(extract(epoch from now() - min(created_at))::bigint, 0)
                        from customer where status = 'ASYNC' and channel_id = ?""")) {
                    count.setString(1, channelId);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        waitingCount = rs.getLong(1);
                        oldest = rs.getLong(2);
                    }
                }
                List<WaitingCustomer> waiting = new ArrayList<>();
                try (PreparedStatement list = db.prepareStatement("""
                        select id, created_at from customer where status = 'ASYNC' and channel_id = ?
                        order by created_at limit ?""")) {
                    list.setString(1, channelId);
                    list.setInt(2, listSize);
                    try (ResultSet rs = list.executeQuery()) {
                        while (rs.next()) {
                            waiting.add(new WaitingCustomer(rs.getObject(1, UUID.class),
                                    rs.getTimestamp(2).toInstant()));
                        }
                    }
                }
                return new ChannelBacklog(waitingCount, oldest, waiting, outboxBacklog(db));
            } finally {
                db.rollback();
            }
        }
    }

    private static long outboxBacklog(Connection db) throws SQLException {
        try (Statement backlog = db.createStatement();
                ResultSet rs = backlog.executeQuery(OutboxEvents.COUNT_UNSENT)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
