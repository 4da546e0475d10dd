package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges whose value is a count in the service's database, read when metrics are scraped (NaN while
 * the database cannot be reached: the alert DatabaseUnavailable), e.g. the outbox backlog, which grows while Kafka is down.
 */
public final class DatabaseGauges {

    /**
     * After a gauge's query failed, the others give NaN at once for this long: each waited its connection time-out
     * (~2 s) in turn, a scrape of HQ's five took 10 s, past Prometheus's time-out (found by probing ./run.sh).
     */
    static final Duration GIVE_UP_FOR = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private volatile long failedAt = System.nanoTime() - GIVE_UP_FOR.toNanos();

    public DatabaseGauges(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /**
     * {@code customersync.outbox.backlog}: outbox rows not published yet; {@code customersync.outbox.set_aside}: those of
     * them Kafka refused for good, set aside until ops clear them ({@link OutboxEvents#setAside}).
     */
    public DatabaseGauges outboxBacklog() {
        return count("customersync.outbox.backlog", "outbox rows waiting to be published to Kafka", Tags.empty(),
                OutboxEvents.COUNT_UNSENT, null)
                .count("customersync.outbox.set_aside", "outbox rows Kafka refused for good (too large), set aside unsent "
                        + "until ops clear them", Tags.empty(), OutboxEvents.COUNT_SET_ASIDE, null);
    }

    /** A gauge of {@code select count(*) ...} (or any one number a query answers), with at most one text parameter. */
    public DatabaseGauges count(String name, String description, Tags tags, String sql, String parameter) {
        Gauge.builder(name, () -> query(sql, parameter)).description(description).tags(tags).register(registry);
        return this;
    }

    private double query(String sql, String parameter) {
        if (System.nanoTime() - failedAt < GIVE_UP_FOR.toNanos()) {
            return Double.NaN; // the database failed a gauge a moment ago: the scrape does not wait for it again
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            failedAt = System.nanoTime();
            return Double.NaN;
        }
    }
}
