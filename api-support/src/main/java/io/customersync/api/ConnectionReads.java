package io.customersync.api;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;

/**
 * Whether {@link LoadShedding} reads a client's HTTP/1.1 connection: not for a pause after a refusal, not
 * while the client is held (its next request waits in the socket, in no heap). Vert.x's own connection
 * class: its Netty channel stops reading. One HTTP/2 connection may carry many clients' streams and is
 * left alone. Each change runs on the channel's event loop, so a hold and its end come in order.
 */
final class ConnectionReads {

    /** When a held client's hold ended because it was held as long as a request may wait (nanoTime). */
    private static final AttributeKey<Long> HELD_TOO_LONG = AttributeKey.valueOf("customersync.heldTooLong");
    /** Set once the channel's closing is watched (one listener per connection, not one per hold). */
    private static final AttributeKey<Boolean> CLOSE_WATCHED = AttributeKey.valueOf("customersync.closeWatched");

    private ConnectionReads() {
    }

    /** The connection's channel if it is an HTTP/1.1 connection, else null. */
    static Channel channel(HttpConnection connection) {
        return connection instanceof Http1xServerConnection http1 ? http1.channel() : null;
    }

    /** Reads nothing more from the channel for {@code millis}. */
    static void pause(Channel channel, long millis) {
        if (!channel.config().isAutoRead()) {
            return;
        }
        channel.config().setAutoRead(false);
        channel.eventLoop().schedule(() -> channel.config().setAutoRead(true), millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops reading the channel (on its event loop) if {@code hold} says so, from then until {@link #read}; if the
     * connection closes later, {@code closed} is told (a held client that went away must not stay held).
     */
    static void holdIf(Channel channel, Predicate<Channel> hold, Consumer<Channel> closed) {
        Runnable holding = () -> {
            if (channel.isActive() && channel.config().isAutoRead() && hold.test(channel)) {
                channel.config().setAutoRead(false);
                if (channel.attr(CLOSE_WATCHED).setIfAbsent(Boolean.TRUE) == null) {
                    channel.closeFuture().addListener(future -> closed.accept(channel));
                }
            }
        };
        if (channel.eventLoop().inEventLoop()) {
            holding.run();
        } else {
            channel.eventLoop().execute(holding);
        }
    }

    /** Reads the held channel again. */
    static void read(Channel channel) {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** Reads the channel held too long again, the request it holds to be refused (see {@link #heldTooLong}). */
    static void readToRefuse(Channel channel, long now) {
        channel.eventLoop().execute(() -> {
            channel.attr(HELD_TOO_LONG).set(now);
            channel.config().setAutoRead(true);
        });
    }

    /**
     * True once for a request read within {@code withinNanos} after its client's hold ended for being held too
     * long: it waited in the socket for as long as a request may wait (a short window: a request the client sends
     * later is not refused for it).
     */
    static boolean heldTooLong(Channel channel, long now, long withinNanos) {
        if (!channel.hasAttr(HELD_TOO_LONG)) {
            return false;
        }
        Long since = channel.attr(HELD_TOO_LONG).getAndSet(null);
        return since != null && now - since < withinNanos;
    }
}
