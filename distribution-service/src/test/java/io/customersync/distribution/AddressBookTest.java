package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.assertAbsent;
import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.row;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A customer created at one store is found at the others of its address book. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class AddressBookTest {

    @Test
    void aSyncedCustomerIsCopiedIntoEveryChannelOfItsAddressBookExceptExcludedOnes() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C200001"));

        awaitSynced("HOUSTON", customerId);
        var copy = awaitSynced("ONLINE", customerId);
        assertEquals("C200001", copy.accountNumber());
        assertTrue(copy.distributed());
        assertEquals(synced("HOUSTON", customerId, "C200001").addresses().get(0).hqAddressId(), copy.hqAddressId());
        Thread.sleep(1_000);
        assertAbsent("OUTLET", customerId);
    }

    @Test
    void anEditSyncedAtHqRefreshesTheCopiesAndAnOlderAnnouncementDoesNot() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        Instant first = Instant.now();
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C200002", "Turing", first));
        awaitSynced("ONLINE", customerId);

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C200002", "Renamed", first.plusSeconds(5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Renamed".equals(row("ONLINE", customerId).lastName()));
        UUID late = UUID.randomUUID();
        send(late, synced("HOUSTON", customerId, "C200002", "Stale", first.plusSeconds(1)));
        Thread.sleep(1_500);

        assertEquals("Renamed", row("ONLINE", customerId).lastName());
        assertEquals("Turing", row("HOUSTON", customerId).lastName(), "an announcement without a version (an older record) leaves the creating channel's data");
    }

    @Test
    void theDistributionRoleCannotWriteAnythingElseInAChannelDatabase() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        try (Connection asDistribution = DriverManager.getConnection(PostgresServer.shared().jdbcUrl(
                ChannelDatabasesResource.CHANNEL_DATABASES.get("HOUSTON")), ChannelDatabasesResource.DISTRIBUTION_ROLE,
                "not-needed-locally")) {
            assertEquals(1, asDistribution.createStatement().executeUpdate(
                    "update customer set account_number = 'C999999' where id = '" + customerId + "'"));
            for (String forbidden : List.of(
                    "update customer set channel_id = 'ONLINE' where id = '" + customerId + "'",
                    "update customer set async_customer_number = 'X' where id = '" + customerId + "'",
                    "delete from customer where id = '" + customerId + "'",
                    "insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)"
                            + " values (gen_random_uuid(), 't', 't', 'k', 's', now(), '{}')",
                    "delete from outbox_event",
                    "select payload from outbox_event",
                    "select * from idempotency_key",
                    "update retail_transaction set total = 0")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> asDistribution.createStatement().execute(forbidden), forbidden);
                assertEquals("42501", refused.getSQLState(), forbidden + ": " + refused.getMessage());
            }
            // what the pipeline page needs, and no more: the P-job's backlog, not what is in it
            asDistribution.createStatement().executeQuery("select count(*) from outbox_event where sent_at is null").close();
        }
        assertAbsent("OUTLET", customerId);
        try (Connection owner = connect("HOUSTON")) {
            owner.createStatement().executeUpdate("update customer set account_number = null where id = '" + customerId + "'");
        }
    }
}
