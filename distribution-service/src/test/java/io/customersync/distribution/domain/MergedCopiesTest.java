package io.customersync.distribution.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.testsupport.PostgresServer;

/**
 * A store that holds only copies gets, in one batch, a customer HQ merged into an account (announced with the
 * account's number) and the account's next version, which lists the merged customer's address as its own: the
 * copies are written (one statement cannot write a row twice: the batch failed at every retry), the address once,
 * as the account's. On a real channel database.
 */
class MergedCopiesTest {

    @Test
    void aMergedCustomerAndItsAccountInOneBatchAreBothCopiedAndTheirSharedAddressIsTheAccounts() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase("dist_channel_merged_copies");
        Flyway.configure().dataSource(postgres.jdbcUrl("dist_channel_merged_copies"), PostgresServer.USER,
                PostgresServer.PASSWORD).locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
        UUID account = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        UUID accountsOwn = UUID.randomUUID();
        UUID brought = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CustomerSynchronized mergedAway = new CustomerSynchronized(merged, "HOUSTON", "HOUSTON-2", "C960001",
                List.of(new SyncedAddress(brought, 2L)), now, snapshot("Ada", address(brought)), "C960002", 2L);
        CustomerSynchronized accountNext = new CustomerSynchronized(account, "HOUSTON", "HOUSTON-1", "C960001",
                List.of(new SyncedAddress(accountsOwn, 1L), new SyncedAddress(brought, 2L)), now,
                snapshot("Ada", address(accountsOwn), address(brought)), null, 3L);

        try (Connection db = postgres.connect("dist_channel_merged_copies")) {
            db.setAutoCommit(false);
            ChannelDatabaseBatch.place(db, List.of(mergedAway, accountNext), true);
            db.commit();
            assertEquals(2, count(db, "select count(*) from customer where account_number = 'C960001'"));
            assertEquals(account, owner(db, brought), "the address is the account's, as HQ says");
            assertEquals(2L, count(db, "select hq_address_id from customer_address where id = '" + brought + "'"));
        }
    }

    private static CustomerSnapshot snapshot(String firstName, AsyncAddress... addresses) {
        return new CustomerSnapshot(firstName, "Lovelace", null, null, Map.of(), List.of(addresses));
    }

    private static AsyncAddress address(UUID id) {
        return new AsyncAddress(id, "12 Main St", "Houston", null, "77002", "US", "HOME");
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement select = db.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static UUID owner(Connection db, UUID addressId) throws Exception {
        try (PreparedStatement select = db.prepareStatement("select customer_id from customer_address where id = ?")) {
            select.setObject(1, addressId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }
}
