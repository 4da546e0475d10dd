package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * Owner of {@code channel_registration} in the distribution database: the live channel registry as
 * ops change it (add, change, retire) and as configuration seeds it. Each change is one statement.
 */
@Singleton
public class ChannelRegistrations {

    private static final String COLUMNS = """
            channel_id, jdbc_url, username, password_ref, address_book, exclude_customer_data, pool_size,
            deployment, status""";

    private final DataSource db;

    public ChannelRegistrations(DataSource db) {
        this.db = db;
    }

    /** Every channel, retired ones too, by id. */
    public List<Channel> all() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement("select " + COLUMNS
                        + " from channel_registration order by channel_id");
                ResultSet rs = select.executeQuery()) {
            List<Channel> channels = new ArrayList<>();
            while (rs.next()) {
                channels.add(channel(rs));
            }
            return channels;
        }
    }

    public Optional<Channel> find(String channelId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement("select " + COLUMNS
                        + " from channel_registration where channel_id = ?")) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(channel(rs)) : Optional.empty();
            }
        }
    }

    /** Adds or changes the channel (as given, status included); true if it was added. */
    public boolean save(Channel channel, String changedBy) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement upsert = c.prepareStatement("insert into channel_registration (" + COLUMNS + """
                        , changed_by, changed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                        on conflict (channel_id) do update set jdbc_url = excluded.jdbc_url,
                            username = excluded.username, password_ref = excluded.password_ref,
                            address_book = excluded.address_book, exclude_customer_data = excluded.exclude_customer_data,
                            pool_size = excluded.pool_size, deployment = excluded.deployment, status = excluded.status,
                            changed_by = excluded.changed_by, changed_at = now()
                        returning (xmax = 0)""")) {
            bind(upsert, channel, changedBy);
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Inserts the channels that are not registered yet; a registered one (changed by ops or not) stays as it is. */
    public int seed(List<Channel> channels, String seededBy) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("insert into channel_registration (" + COLUMNS
                        + ", changed_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (channel_id) do nothing")) {
            for (Channel channel : channels) {
                bind(insert, channel, seededBy);
                insert.addBatch();
            }
            int added = 0;
            for (int count : insert.executeBatch()) {
                added += Math.max(count, 0);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return added;
        }
    }

    /** Retires the channel; false if there is no such channel. */
    public boolean retire(String channelId, String changedBy) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement update = c.prepareStatement("""
                        update channel_registration set status = 'RETIRED', changed_by = ?, changed_at = now()
                        where channel_id = ?""")) {
            update.setString(1, changedBy);
            update.setString(2, channelId);
            return update.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement statement, Channel channel, String changedBy) throws SQLException {
        statement.setString(1, channel.id());
        statement.setString(2, channel.jdbcUrl());
        statement.setString(3, channel.username());
        statement.setString(4, channel.passwordRef().toString());
        statement.setString(5, channel.addressBook());
        statement.setBoolean(6, channel.excludeCustomerData());
        if (channel.poolSize() == null) {
            statement.setNull(7, Types.INTEGER);
        } else {
            statement.setInt(7, channel.poolSize());
        }
        statement.setString(8, channel.deployment());
        statement.setString(9, channel.status().name());
        statement.setString(10, changedBy.length() > 64 ? changedBy.substring(0, 64) : changedBy);
    }

    private static Channel channel(ResultSet rs) throws SQLException {
        return new Channel(rs.getString(1), rs.getString(2), rs.getString(3), PasswordReference.parse(rs.getString(4)),
                rs.getString(5), rs.getBoolean(6), (Integer) rs.getObject(7), rs.getString(8),
                Channel.Status.valueOf(rs.getString(9)));
    }
}
