package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A scrape while the service's database is away: the first gauge waits for its connection and fails, the others
 * give NaN at once (HQ's five gauges waited ~2 s each, 10 s a scrape, past Prometheus's time-out; found by probing).
 */
class DatabaseGaugesTest {

    @Test
    void whileTheDatabaseIsAwayOnlyTheFirstGaugeOfAScrapeWaitsForIt() {
        AtomicInteger tries = new AtomicInteger();
        DataSource away = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        tries.incrementAndGet();
                        Thread.sleep(300); // the pool's connection time-out
                        throw new SQLException("FATAL: database \"hq\" is not currently accepting connections", "55000");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DatabaseGauges gauges = new DatabaseGauges(away, registry).outboxBacklog();
        for (int i = 0; i < 3; i++) {
            gauges.count("test.gauge." + i, "a gauge", Tags.empty(), "select count(*) from staging", null);
        }
        long started = System.nanoTime();
        registry.getMeters().forEach(meter -> meter.measure().forEach(m -> assertTrue(Double.isNaN(m.getValue()))));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(registry.getMeters().size() == 5, registry.getMeters().toString());
        assertTrue(tries.get() == 1, tries.get() + " tries for five gauges");
        assertTrue(millis < 1_000, millis + " ms for five gauges");
    }
}
