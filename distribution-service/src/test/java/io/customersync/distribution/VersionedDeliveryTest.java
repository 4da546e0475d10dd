package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HQ's versions of a customer (docs/versions.md) reach its own store's row and every copy; an older
 * version delivered after a newer one replaces nothing, wherever it lands.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class VersionedDeliveryTest {

    record Versioned(String status, String accountNumber, String lastName, Long hqVersion) {
    }

    @Test
    void hqsCorrectionOfAnAsyncCustomerReachesTheStoreThatCreatedIt() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId)); // saved as Alan Turing

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C300001", "Corrected", Instant.now()).withVersion(1));

        awaitSynced("HOUSTON", customerId);
        assertEquals(new Versioned("SYNCED", "C300001", "Corrected", 1L), row("HOUSTON", customerId),
                "the origin takes HQ's customer, not only its account number");
        await().atMost(Duration.ofSeconds(30)).until(() -> row("ONLINE", customerId),
                copy -> copy != null && copy.hqVersion() != null && copy.hqVersion() == 1L);
    }

    @Test
    void aChangeAtHqReachesTheOriginsSyncedRowAndAnOlderVersionDeliveredLaterReplacesNothing() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        Instant first = Instant.now();
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C300002", "Turing", first).withVersion(1));
        awaitSynced("HOUSTON", customerId);
        awaitSynced("ONLINE", customerId);

        // version 3 overtakes version 2 (e.g. a redelivery, or a replay of an old record)
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C300002", "Third", first.plusSeconds(1)).withVersion(3));
        UUID second = UUID.randomUUID();
        send(second, synced("HOUSTON", customerId, "C300002", "Second", first.plusSeconds(2)).withVersion(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(second) == 2);

        assertEquals(new Versioned("SYNCED", "C300002", "Third", 3L), row("HOUSTON", customerId),
                "the origin's synced row takes the newer version and keeps it");
        assertEquals(new Versioned("SYNCED", "C300002", "Third", 3L), row("ONLINE", customerId),
                "the copy too, although version 2 came later (and with a later syncedAt)");

        // an older record without a version (before versions) changes a versioned copy only if it is newer in time
        UUID legacy = UUID.randomUUID();
        CustomerSynchronized old = synced("HOUSTON", customerId, "C300002", "Unversioned", first.minusSeconds(60));
        send(legacy, old);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(legacy) == 2);
        assertEquals("Third", row("HOUSTON", customerId).lastName());
        assertEquals("Third", row("ONLINE", customerId).lastName());
    }

    @Test
    void anAddressOfAStoreCustomerMergedIntoAnotherOfTheSameStoreTakesItsHqIdFromTheAccountsNextVersion() throws Exception {
        UUID account = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(account, merged)); // each with an address whose id is its own
        send(UUID.randomUUID(), synced("HOUSTON", account, "C300003").withVersion(1));
        awaitSynced("HOUSTON", account);

        // HQ merged "merged" into C300003: the address the store added to it is now the account's, announced with
        // the account's next version (its HQ id beside the account's own)
        CustomerSynchronized base = synced("HOUSTON", account, "C300003");
        send(UUID.randomUUID(), new CustomerSynchronized(account, "HOUSTON", base.asyncCustomerNumber(), "C300003",
                List.of(new SyncedAddress(account, 81_001L), new SyncedAddress(merged, 81_002L)), Instant.now(),
                base.customer()).withVersion(2));

        await().atMost(Duration.ofSeconds(30)).until(() -> hqAddressId(merged) != null);
        assertEquals(81_002L, hqAddressId(merged), "the merged customer's row at the store has its address's HQ id");
        assertEquals(81_001L, hqAddressId(account));
    }

    @Test
    void anAddressChangedOrRemovedAtItsStoreReachesTheCopiesWithItsVersionAndAnOlderVersionDoesNotUndoIt() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId)); // its address at 3 Bletchley Rd, the id its own
        CustomerSynchronized first = synced("HOUSTON", customerId, "C300004").withVersion(1);
        send(UUID.randomUUID(), first);
        await().atMost(Duration.ofSeconds(30)).until(() -> "3 Bletchley Rd".equals(street("ONLINE", customerId)));

        // the customer moved: HOUSTON changed the address, HQ's version 2 has it, under the same ids
        CustomerSnapshot was = first.customer();
        AsyncAddress moved = new AsyncAddress(customerId, "14 Oak Ave", "Dallas", "TX", "75201", "US", "HOME");
        CustomerSynchronized second = new CustomerSynchronized(customerId, "HOUSTON", first.asyncCustomerNumber(), "C300004",
                first.addresses(), Instant.now(), new CustomerSnapshot(was.firstName(), was.lastName(), was.email(),
                        was.phone(), was.attributes(), List.of(moved))).withVersion(2);
        send(UUID.randomUUID(), second);
        await().atMost(Duration.ofSeconds(30)).until(() -> "14 Oak Ave".equals(street("ONLINE", customerId)));
        // version 1 again (a replay): the copy keeps the move
        UUID replay = UUID.randomUUID();
        send(replay, first);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(replay) == 2);
        assertEquals("14 Oak Ave", street("ONLINE", customerId));
        assertEquals("3 Bletchley Rd", street("HOUSTON", customerId),
                "the store's own address row is the store's: it made the change itself, no version writes it");

        // then HOUSTON removed it: version 3 keeps it in its place, marked removed; the copy hides it for good
        CustomerSynchronized third = new CustomerSynchronized(customerId, "HOUSTON", first.asyncCustomerNumber(), "C300004",
                first.addresses(), Instant.now(), new CustomerSnapshot(was.firstName(), was.lastName(), was.email(),
                        was.phone(), was.attributes(), List.of(moved.asRemoved()))).withVersion(3);
        send(UUID.randomUUID(), third);
        await().atMost(Duration.ofSeconds(30)).until(() -> removedAt("ONLINE", customerId) != null);
        UUID older = UUID.randomUUID();
        send(older, second);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(older) == 2);
        assertEquals("14 Oak Ave", street("ONLINE", customerId), "the row stays: sales name it");
        assertTrue(removedAt("ONLINE", customerId) != null, "an older version does not bring it back");
        // nor a newer one that has it live (a removal is for good, whatever comes after)
        Object when = removedAt("ONLINE", customerId);
        UUID fourth = UUID.randomUUID();
        send(fourth, new CustomerSynchronized(customerId, "HOUSTON", first.asyncCustomerNumber(), "C300004",
                first.addresses(), Instant.now(), new CustomerSnapshot(was.firstName(), "Fourth", was.email(),
                        was.phone(), was.attributes(), List.of(moved))).withVersion(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Fourth".equals(row("ONLINE", customerId).lastName()));
        assertEquals(when, removedAt("ONLINE", customerId));
    }

    private static Object removedAt(String channelId, UUID addressId) throws Exception {
        return addressColumn(channelId, addressId, "removed_at");
    }

    private static String street(String channelId, UUID addressId) throws Exception {
        return (String) addressColumn(channelId, addressId, "street");
    }

    private static Object addressColumn(String channelId, UUID addressId, String column) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement select = db.prepareStatement("select " + column + " from customer_address where id = ?")) {
            select.setObject(1, addressId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private static Long hqAddressId(UUID addressId) throws Exception {
        try (Connection db = connect("HOUSTON");
                PreparedStatement select = db.prepareStatement("select hq_address_id from customer_address where id = ?")) {
            select.setObject(1, addressId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? (Long) rs.getObject(1) : null;
            }
        }
    }

    /** How many channels a delivered event of HOUSTON's address book reached (HOUSTON, ONLINE, ...). */
    private static long delivered(UUID eventId) {
        return QueuedDeliveries.count("event_id = ? and channel_id in ('HOUSTON', 'ONLINE') and delivered_at is not null",
                eventId);
    }

    private static Versioned row(String channelId, UUID customerId) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement select = db.prepareStatement(
                        "select status, account_number, last_name, hq_version from customer where id = ?")) {
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new Versioned(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4)) : null;
            }
        }
    }
}
