package io.customersync.distribution.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.testsupport.PostgresServer;

/**
 * A customer that joined another customer's account (HQ linked it, or ops merged it) is announced the account's
 * customer ({@code joined}): its store's row takes the account's number, data and version, whatever number it had
 * (the merge's own announcement may come in the same batch, older), its copies are refreshed, and a store without a
 * row of it gets none. On a real channel database (the ONLINE store's).
 */
class JoinedCustomerRowsTest {

    private static final String DATABASE = "dist_channel_joined_rows";
    private static final UUID ADDRESS = UUID.randomUUID();

    @Test
    void theRowsOfACustomerThatJoinedAnAccountShowTheAccountAndNoCopyIsPlaced() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase(DATABASE);
        Flyway.configure().dataSource(postgres.jdbcUrl(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
        UUID merged = UUID.randomUUID(); // ONLINE's own customer, merged into C970001
        UUID mergedCopy = UUID.randomUUID(); // HOUSTON's customer, merged into C970001, copied here
        UUID linked = UUID.randomUUID(); // HOUSTON's customer linked to C970001: never copied
        UUID holder = UUID.randomUUID(); // HOUSTON's customer whose account C970001 is, copied here
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection db = postgres.connect(DATABASE)) {
            db.setAutoCommit(false);
            ChannelDatabaseBatch.place(db, List.of(own(merged, "ONLINE", "C970002", "Ada", 4L, now)), false);
            ChannelDatabaseBatch.place(db, List.of(own(mergedCopy, "HOUSTON", "C970003", "Ava", 2L, now)), true);
            db.commit();

            // the merge (the record as it was, replacing its number) and the account's next version, in one batch,
            // the joined customers' records ahead of the account's own (HOUSTON's customer, copied here)
            CustomerSynchronized mergedAway = new CustomerSynchronized(merged, "ONLINE", "ONLINE-1", "C970001", List.of(),
                    now, snapshot("Ada"), "C970002", 5L);
            CustomerSynchronized accountsOwn = new CustomerSynchronized(holder, "HOUSTON", "HOUSTON-0", "C970001",
                    List.of(new SyncedAddress(ADDRESS, 7L)), now, snapshot("Adeline", ADDRESS), null, 6L);
            List<Optional<String>> outcomes = ChannelDatabaseBatch.apply(db, "ONLINE", List.of(mergedAway,
                    joined(merged, "ONLINE", 6L, now), joined(mergedCopy, "HOUSTON", 6L, now),
                    joined(linked, "HOUSTON", 6L, now), accountsOwn), now, (event, at) -> { });
            db.commit();

            assertTrue(outcomes.stream().allMatch(Optional::isEmpty), outcomes.toString());
            assertEquals("C970001 Adeline 6", row(db, merged), "the store's own row shows the account");
            assertEquals("C970001 Adeline 6", row(db, mergedCopy), "the copy too");
            assertEquals(0, count(db, linked), "no copy of a customer that never had one");
            assertEquals(holder, owner(db, ADDRESS), "the account's address is its own customer's copy's");

            // an older version of the account changes nothing, and is no error
            assertEquals(List.of(Optional.empty()), ChannelDatabaseBatch.apply(db, "ONLINE",
                    List.of(joined(merged, "ONLINE", 3L, now)), now, (event, at) -> { }));
            db.commit();
            assertEquals("C970001 Adeline 6", row(db, merged));
        }
    }

    private static CustomerSynchronized own(UUID id, String channel, String account, String firstName, long version,
            Instant at) {
        return new CustomerSynchronized(id, channel, channel + "-1", account, List.of(), at, snapshot(firstName), null,
                version);
    }

    private static CustomerSynchronized joined(UUID id, String channel, long version, Instant at) {
        return new CustomerSynchronized(id, channel, channel + "-1", "C970001", List.of(new SyncedAddress(ADDRESS, 7L)),
                at, snapshot("Adeline", ADDRESS), null, version, null, true);
    }

    private static CustomerSnapshot snapshot(String firstName, UUID... addresses) {
        return new CustomerSnapshot(firstName, "Lovelace", firstName.toLowerCase() + "@example.com", null,
                Map.of("tier", "gold"), java.util.Arrays.stream(addresses)
                        .map(id -> new AsyncAddress(id, "1 Analytical Way", "Houston", null, "77002", "US", "HOME"))
                        .toList());
    }

    private static UUID owner(Connection db, UUID addressId) throws Exception {
        try (PreparedStatement select = db.prepareStatement("select customer_id from customer_address where id = ?")) {
            select.setObject(1, addressId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private static String row(Connection db, UUID id) throws Exception {
        try (PreparedStatement select = db.prepareStatement(
                "select account_number || ' ' || first_name || ' ' || hq_version from customer where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(Connection db, UUID id) throws Exception {
        try (PreparedStatement select = db.prepareStatement("select count(*) from customer where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
