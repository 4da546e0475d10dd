package io.customersync.distribution.domain;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;

import io.customersync.distribution.config.DistributionConfig;

/**
 * The connection pools of the channel databases, each opened when a connection is first asked for
 * and closed when nobody used it for {@code distribution.delivery.idle-close} (an idle channel holds
 * no connection). The pools are HikariCP's, sharing one housekeeping thread (docs/decisions/0013):
 * a channel in use costs its connections, not a thread of its own. The password is
 * read through its {@link PasswordReference} whenever a connection is opened, so a rotated file or
 * a fixed password takes effect at the next one.
 */
final class ChannelPools {

    /** An open pool and how many of its connections are out now. */
    private static final class Pool {
        final Channel channel;
        final HikariDataSource dataSource;
        final AtomicInteger leased = new AtomicInteger();
        final AtomicBoolean dropped = new AtomicBoolean();
        volatile long lastUsed = System.nanoTime();

        Pool(Channel channel, HikariDataSource dataSource) {
            this.channel = channel;
            this.dataSource = dataSource;
        }
    }

    private final Map<String, Pool> open = new ConcurrentHashMap<>();
    private final DistributionConfig.Delivery settings;
    private final ScheduledThreadPoolExecutor housekeeping = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "channel-pools-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    ChannelPools(DistributionConfig.Delivery settings) {
        this.settings = settings;
        housekeeping.setRemoveOnCancelPolicy(true);
    }

    /** A connection to the channel's database (its pool opened if need be); close it to give it back. */
    Connection connect(Channel channel) throws SQLException {
        Pool pool = open.compute(channel.id(), (id, current) -> {
            if (current != null && current.channel.connectsLike(channel)) {
                current.leased.incrementAndGet();
                return current;
            }
            if (current != null) {
                drop(current);
            }
            Pool fresh = new Pool(channel, pool(channel));
            fresh.leased.incrementAndGet();
            return fresh;
        });
        try {
            return leased(pool, pool.dataSource.getConnection(), true);
        } catch (SQLException e) {
            giveBack(pool, true);
            throw e;
        } catch (RuntimeException e) {
            // e.g. the password cannot be read: the channel database cannot be reached, like any connect failure
            giveBack(pool, true);
            throw new SQLException("cannot connect to channel database " + channel.id() + ": " + e.getMessage(), "08001", e);
        }
    }

    /**
     * A connection from the channel's pool if it is open, without keeping it open longer (for
     * observers such as the charts' sampler: watching an idle channel must not hold its pool).
     */
    Connection connectIfOpen(Channel channel) throws SQLException {
        Pool pool = open.computeIfPresent(channel.id(), (id, current) -> {
            if (!current.channel.connectsLike(channel)) {
                return current;
            }
            current.leased.incrementAndGet();
            return current;
        });
        if (pool == null || !pool.channel.connectsLike(channel)) {
            throw new SQLException("the pool of channel database " + channel.id() + " is closed (idle)", "08003");
        }
        try {
            return leased(pool, pool.dataSource.getConnection(), false);
        } catch (SQLException | RuntimeException e) {
            giveBack(pool, false);
            throw e;
        }
    }

    /** How many channel pools are open now. */
    boolean isOpen(String channelId) {
        return open.containsKey(channelId);
    }

    int openCount() {
        return open.size();
    }

    /** Closes the pools nobody used for the idle time (none of their connections is out). */
    void closeIdle(Duration idle) {
        long now = System.nanoTime();
        open.keySet().forEach(id -> open.computeIfPresent(id, (key, pool) -> {
            if (pool.leased.get() == 0 && now - pool.lastUsed >= idle.toNanos()) {
                drop(pool);
                return null;
            }
            return pool;
        }));
    }

    /** The channel changed its database or was retired: its pool closes now, or when its last connection is back. */
    void forget(String channelId) {
        open.computeIfPresent(channelId, (id, pool) -> {
            drop(pool);
            return null;
        });
    }

    void closeAll() {
        open.keySet().forEach(this::forget);
        housekeeping.shutdown();
    }

    private static void drop(Pool pool) {
        pool.dropped.set(true);
        if (pool.leased.get() == 0) {
            pool.dataSource.close();
        }
    }

    /** Gives a connection's lease back; {@code used}: the pool was used (its idle time starts again). */
    private static void giveBack(Pool pool, boolean used) {
        if (used) {
            pool.lastUsed = System.nanoTime();
        }
        if (pool.leased.decrementAndGet() == 0 && pool.dropped.get()) {
            pool.dataSource.close();
        }
    }

    /** The connection, its close giving the lease back (once). */
    private static Connection leased(Pool pool, Connection connection, boolean used) {
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (closed.compareAndSet(false, true)) {
                        giveBack(pool, used);
                    }
                }
                return null;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(ChannelPools.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private HikariDataSource pool(Channel channel) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("channel-" + channel.id());
        config.setJdbcUrl(channel.jdbcUrl());
        // read at every new connection: the password is never kept in the pool
        config.setCredentialsProvider(() -> Credentials.of(channel.username(), channel.passwordRef().read()));
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(channel.poolSize() != null ? channel.poolSize() : settings.poolSize());
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setAutoCommit(false);
        // the pool opens without connecting (a store that is down is found at the first delivery, not here)
        config.setInitializationFailTimeout(-1);
        config.setKeepaliveTime(0);
        config.setRegisterMbeans(false);
        // one housekeeping thread for every channel's pool, not one per pool (docs/decisions/0013)
        config.setScheduledExecutor(housekeeping);
        config.addDataSourceProperty("connectTimeout", Long.toString(settings.connectTimeout().toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(settings.socketTimeout().toSeconds()));
        return new HikariDataSource(config);
    }
}
