package io.customersync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.flywaydb.core.Flyway;

import io.customersync.system.LocalSystem;

/**
 * The ceiling: how fast this PostgreSQL commits what a POST writes (async number, customer row,
 * outbox row, NOTIFY; durable commit), from plain JDBC with the channel pool's connection count, in
 * a database of the channel schema of its own.
 */
final class Ceiling {

    private static final String DATABASE = "bench_ceiling";

    private Ceiling() {
    }

    /** @return committed transactions per second */
    static double measure(LocalSystem system, String jdbcUrl, int connections, Duration duration) throws Exception {
        system.createDatabase(DATABASE);
        Flyway.configure().dataSource(jdbcUrl, "postgres", "postgres")
                .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
        AtomicLong committed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                try (Connection db = system.connect(DATABASE)) {
                    db.setAutoCommit(false);
                    while (System.nanoTime() < end) {
                        writeLikeAPost(db);
                        db.commit();
                        committed.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return committed.get() / (double) duration.toSeconds();
    }

    private static void writeLikeAPost(Connection db) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement number = db.prepareStatement("select nextval('async_customer_number_seq')");
                PreparedStatement customer = db.prepareStatement("""
                        insert into customer (id, channel_id, async_customer_number, first_name, last_name, email,
                                              attributes, status, created_at, updated_at)
                        values (?, 'HOUSTON', ?, 'Bench', 'Mark', 'bench@example.com', '{}', 'ASYNC', now(), now())""");
                PreparedStatement outbox = db.prepareStatement("""
                        insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                        values (?, 'io.customersync.channel.customer.created.v1', 'channel.customer-uploads.v1', ?,
                                '/channels/HOUSTON', now(), cast(? as json))""");
                PreparedStatement notify = db.prepareStatement("select pg_notify('channel_outbox', '')")) {
            var rs = number.executeQuery();
            rs.next();
            customer.setObject(1, id);
            customer.setString(2, "HOUSTON-" + rs.getLong(1));
            customer.executeUpdate();
            outbox.setObject(1, UUID.randomUUID());
            outbox.setString(2, id.toString());
            outbox.setString(3, "{\"customerId\":\"" + id + "\",\"firstName\":\"Bench\",\"lastName\":\"Mark\"}");
            outbox.executeUpdate();
            notify.execute();
        }
    }
}
