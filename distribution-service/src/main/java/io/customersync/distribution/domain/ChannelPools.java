package io.customersync.distribution.domain;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.customersync.distribution.config.DistributionConfig;

/**
 * The connection pools of the channel databases, each opened when a connection is first asked for
 * and closed when nobody used it for {@code distribution.delivery.idle-close} (an idle channel holds
 * no connection). A {@link ChannelPool} has no thread of its own (docs/decisions/0013): the threads
 * of distribution-service do not grow with the channels in use.
 */
final class ChannelPools {

    private final Map<String, ChannelPool> open = new ConcurrentHashMap<>();
    private final DistributionConfig.Delivery settings;

    ChannelPools(DistributionConfig.Delivery settings) {
        this.settings = settings;
    }

    /** A connection to the channel's database (its pool opened if need be); close it to give it back. */
    Connection connect(Channel channel) throws SQLException {
        ChannelPool pool = open.compute(channel.id(), (id, current) -> {
            if (current != null && current.channel.connectsLike(channel)) {
                current.leased.incrementAndGet();
                return current;
            }
            if (current != null) {
                current.close();
            }
            ChannelPool fresh = new ChannelPool(channel,
                    channel.poolSize() != null ? channel.poolSize() : settings.poolSize(),
                    settings.connectTimeout(), settings.socketTimeout());
            fresh.leased.incrementAndGet();
            return fresh;
        });
        return leased(pool, true);
    }

    /**
     * A connection from the channel's pool if it is open, without keeping it open longer (for
     * observers such as the charts' sampler: watching an idle channel must not hold its pool).
     */
    Connection connectIfOpen(Channel channel) throws SQLException {
        ChannelPool pool = open.computeIfPresent(channel.id(), (id, current) -> {
            if (current.channel.connectsLike(channel)) {
                current.leased.incrementAndGet();
            }
            return current;
        });
        if (pool == null || !pool.channel.connectsLike(channel)) {
            throw new SQLException("the pool of channel database " + channel.id() + " is closed (idle)", "08003");
        }
        return leased(pool, false);
    }

    /** Whether the channel's pool is open now. */
    boolean isOpen(String channelId) {
        return open.containsKey(channelId);
    }

    /** How many channel pools are open now. */
    int openCount() {
        return open.size();
    }

    /** Closes the pools nobody used for the idle time (none of their connections is out). */
    void closeIdle(Duration idle) {
        long now = System.nanoTime();
        open.keySet().forEach(id -> open.computeIfPresent(id, (key, pool) -> {
            if (pool.leased.get() == 0 && now - pool.lastUsed >= idle.toNanos()) {
                pool.close();
                return null;
            }
            return pool;
        }));
    }

    /** The channel changed its database or was retired: its pool closes now, its connections out when given back. */
    void forget(String channelId) {
        open.computeIfPresent(channelId, (id, pool) -> {
            pool.close();
            return null;
        });
    }

    void closeAll() {
        open.keySet().forEach(this::forget);
    }

    /** A connection of the pool (whose lease was taken), its close giving it back (once); {@code used}: its idle time starts again. */
    private static Connection leased(ChannelPool pool, boolean used) throws SQLException {
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException | RuntimeException e) {
            giveBackLease(pool, used);
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (closed.compareAndSet(false, true)) {
                    pool.giveBack(connection);
                    giveBackLease(pool, used);
                }
                return null;
            }
            if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && closed.get()) {
                return true;
            }
            if (closed.get()) {
                throw new SQLException("the connection to channel database " + pool.channel.id() + " was given back", "08003");
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

    private static void giveBackLease(ChannelPool pool, boolean used) {
        if (used) {
            pool.lastUsed = System.nanoTime();
        }
        pool.leased.decrementAndGet();
    }
}
