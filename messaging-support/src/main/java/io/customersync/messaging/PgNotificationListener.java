package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A connection that LISTENs to PostgreSQL notifications, so that work wakes the moment a
 * transaction commits instead of on a polling delay. It can also hold a session-level advisory
 * lock, which makes its holder the single active worker of a kind (released when the connection
 * ends, so a crashed holder frees it).
 */
public final class PgNotificationListener implements AutoCloseable {

    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Connection connection;
    private final PGConnection pg;

    public PgNotificationListener(DataSource dataSource, String... channels) throws SQLException {
        this.connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            this.pg = connection.unwrap(PGConnection.class);
            try (Statement statement = connection.createStatement()) {
                for (String channel : channels) {
                    statement.execute("LISTEN " + checkedChannel(channel));
                }
            }
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    static String checkedChannel(String channel) {
        if (channel == null || !CHANNEL_NAME.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a valid notification channel name: " + channel);
        }
        return channel;
    }

    /** Takes the session-level advisory lock {@code key} if free; true while this connection holds it. */
    public boolean tryAdvisoryLock(long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Waits up to {@code timeout} for notifications; returns their payloads (empty on time-out). */
    public List<String> await(Duration timeout) throws SQLException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        PGNotification[] notifications = pg.getNotifications(millis);
        List<String> payloads = new ArrayList<>();
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                payloads.add(notification.getParameter());
            }
        }
        return payloads;
    }

    @Override
    public void close() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            statement.execute("select pg_advisory_unlock_all()");
            connection.close();
        } catch (SQLException e) {
            discard();
        }
    }

    /** Closes the physical connection so that a pool can never hand out a session still holding locks. */
    private void discard() {
        try {
            if (connection.unwrap(PGConnection.class) instanceof Connection physical) {
                physical.close();
            }
        } catch (SQLException ignored) {
            // already broken: nothing is held any more
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool drops it
        }
    }
}
