package io.customersync.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.customersync.system.LocalSystem;
import io.customersync.system.SystemLayout;

/**
 * An existing customer base before anything is measured ({@code --existing-customers=N}): a store that has
 * run for a while, and its headquarters, hold customers already, while a fresh run starts from empty
 * tables, which PostgreSQL's autovacuum analyzes again after every tenth of growth (every few seconds
 * while they fill). The customers are posted through the system like any other and converted before the
 * measured rows begin, and every database is vacuumed and analyzed then (the maintenance a DBA schedules),
 * so that autovacuum's catching up with them does not fall into the measured rows.
 */
final class ExistingCustomers {

    /** Posted at this rate (open loop), below what the system converts on this machine. */
    static final int RATE = 500;

    private ExistingCustomers() {
    }

    /** @return how many of them converted (within five minutes of the last POST) */
    static int load(LocalSystem system, OpenLoopLoad load, URI customers, String apiKey, ConversionListener conversions,
            int count) throws InterruptedException, SQLException {
        OpenLoopLoad.Phase phase = load.run(customers, apiKey, RATE, Duration.ofSeconds(Math.max(1, count / RATE)));
        Set<UUID> posted = phase.postedAt().keySet();
        conversions.awaitAll(posted, Duration.ofMinutes(5));
        for (String database : List.of(SystemLayout.HQ_DATABASE, SystemLayout.DISTRIBUTION_DATABASE, "channel_houston",
                "channel_online")) {
            try (Connection db = system.connect(database); Statement vacuum = db.createStatement()) {
                vacuum.execute("vacuum analyze");
            }
        }
        return (int) posted.stream().filter(conversions.syncedAt()::containsKey).count();
    }
}
