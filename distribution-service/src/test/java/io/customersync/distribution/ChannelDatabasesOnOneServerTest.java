package io.customersync.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresServer;

/**
 * Channel databases share a server, and the role distribution-service connects as is per server:
 * when two channel databases are migrated at the same moment (./run.sh and the system tests start
 * their channel-services together), one migration creates the role while the other is about to.
 * The second must wait and go on, not fail (it did, before the role moved into a callback that
 * tolerates a concurrent creator).
 */
class ChannelDatabasesOnOneServerTest {

    @Test
    void aChannelDatabaseMigratedWhileAnotherCreatesTheDistributionRoleStillMigrates() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (PostgresServer postgres = PostgresServer.start(null, 0);
                Connection otherMigration = postgres.connect("postgres")) {
            postgres.createDatabase("store");
            otherMigration.setAutoCommit(false);
            otherMigration.createStatement().execute("create role customer_distribution login"); // not committed yet

            Future<?> migration = background.submit(() -> Flyway.configure()
                    .dataSource(postgres.jdbcUrl("store"), PostgresServer.USER, PostgresServer.PASSWORD)
                    .locations("classpath:db/channel", "classpath:db/outbox").load().migrate());
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock(postgres));
            otherMigration.commit();

            migration.get(); // a failed migration throws here
            try (Connection store = postgres.connect("store"); ResultSet rs = store.createStatement().executeQuery(
                    "select count(*) from information_schema.role_table_grants where grantee = 'customer_distribution'")) {
                rs.next();
                assertEquals(true, rs.getInt(1) > 0, "the role got its rights in the new channel database");
            }
        } finally {
            background.shutdownNow();
        }
    }

    private static boolean waitingForALock(PostgresServer postgres) throws SQLException {
        try (Connection db = postgres.connect("postgres");
                ResultSet rs = db.createStatement().executeQuery("select count(*) from pg_locks where not granted")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
