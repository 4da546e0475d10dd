package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.sendErasure;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventType;
import io.customersync.distribution.domain.ChannelDatabaseBatch;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HQ's erasure of a customer (docs/privacy.md) reaches its own store and every copy: the rows keep their
 * ids and lose the personal data, the stored payloads of the customer go, and no older version (delivered
 * later, or replayed) brings the data back, wherever it lands. The personal-data export lists every
 * channel database, one that does not answer as unavailable. Distribution's queue keeps a customer's data only
 * until it is delivered.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class ErasureDeliveryTest {

    private static final String OPS = "Bearer demo-ops";
    private static final String EMAIL = "alan.erased@example.com";
    private static final String PHONE = "+1 713 555 0199";

    record Row(String firstName, String lastName, String email, String phone, String street, Long hqVersion,
            boolean erased, boolean copy) {
    }

    @Test
    void theErasureReachesOriginAndCopyPurgesStoredPayloadsAndAnOlderVersionAfterItBringsNothingBack() throws Exception {
        UUID id = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(id));
        storedPayloads("HOUSTON", id);
        CustomerSynchronized first = person(id, "C400001", 1);
        send(UUID.randomUUID(), first);
        awaitSynced("HOUSTON", id);
        await().atMost(Duration.ofSeconds(30)).until(() -> row("ONLINE", id), r -> r != null && r.hqVersion() == 1L);
        assertEquals(EMAIL, row("ONLINE", id).email());

        given().header("Authorization", OPS).when().get("/api/v1/customers/" + id + "/personal-data").then()
                .statusCode(200)
                .body("channels.find { it.channelId == 'HOUSTON' }.customer.email", equalTo(EMAIL))
                .body("channels.find { it.channelId == 'HOUSTON' }.customer.copy", equalTo(false))
                .body("channels.find { it.channelId == 'HOUSTON' }.addresses[0].street", equalTo("3 Bletchley Rd"))
                .body("channels.find { it.channelId == 'ONLINE' }.customer.phone", equalTo(PHONE))
                .body("channels.find { it.channelId == 'ONLINE' }.customer.copy", equalTo(true))
                .body("channels.find { it.channelId == 'OUTLET' }.available", equalTo(true))
                .body("channels.find { it.channelId == 'OUTLET' }.customer", nullValue())
                .body("channels.find { it.channelId == 'OFFLINE' }.available", equalTo(false));

        sendErasure(UUID.randomUUID(), erased(id, "C400001", 2));
        for (String channel : List.of("HOUSTON", "ONLINE")) {
            Row row = await().atMost(Duration.ofSeconds(30)).until(() -> row(channel, id), Row::erased);
            assertEquals(new Row(CustomerErased.ANONYMOUS_FIRST_NAME, CustomerErased.ANONYMOUS_LAST_NAME, null, null,
                    "-", 2L, true, channel.equals("ONLINE")), row, channel);
        }
        assertEquals(0, count("HOUSTON", "select count(*) from outbox_event where message_key = ? and event_type <> ?",
                id.toString(), EventType.TRANSACTION_RECORDED.ceType()), "the customer's upload events are purged");
        assertEquals(1, count("HOUSTON", "select count(*) from outbox_event where message_key = ? and event_type = ?",
                id.toString(), EventType.TRANSACTION_RECORDED.ceType()), "but not its transaction (ids and amounts)");
        assertEquals(1, count("HOUSTON", "select count(*) from idempotency_key where status = 410 and body not like ?",
                "%" + EMAIL + "%"), "the stored answer of its POST says 410 and holds no data");
        assertEquals(0, queuedPayloadsWith(id, EMAIL), "the payloads queued for it are blanked");

        // an older version arriving after the erasure, through the writes themselves: nothing comes back
        try (Connection houston = connect("HOUSTON"); Connection online = connect("ONLINE")) {
            ChannelDatabaseBatch.apply(houston, "HOUSTON", List.of(first), Instant.now(), (e, t) -> {
            });
            ChannelDatabaseBatch.apply(online, "ONLINE", List.of(first, first.withVersion(5)), Instant.now(), (e, t) -> {
            });
        }
        assertNull(row("HOUSTON", id).email());
        assertNull(row("ONLINE", id).email(), "not even a newer version number: the row stays erased");
        // and through the topic: a replay of the old record is not queued again
        UUID replayed = UUID.randomUUID();
        send(replayed, first);
        UUID marker = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(marker));
        send(UUID.randomUUID(), synced("HOUSTON", marker, "C400009"));
        awaitSynced("HOUSTON", marker);
        assertEquals(0L, QueuedDeliveries.count("event_id = ?", replayed));
        assertNull(row("ONLINE", id).email());
    }

    @Test
    void aDeliveredRowKeepsNoPersonalDataWhileOneNotDeliveredYetKeepsWhatItMustDeliver() throws Exception {
        UUID id = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(id));
        send(UUID.randomUUID(), person(id, "C400003", 1));
        awaitSynced("HOUSTON", id);
        await().atMost(Duration.ofSeconds(30)).until(() -> row("ONLINE", id), r -> r != null && EMAIL.equals(r.email()));
        // delivered to HOUSTON and ONLINE (OUTLET takes no customer data): blanked; OFFLINE (unreachable) still needs it
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedPayloadsWith(id, EMAIL) == 1);
        assertEquals(1L, QueuedDeliveries.count(
                "customer_id = ? and channel_id = 'OFFLINE' and delivered_at is null and payload::text like ?",
                id, "%" + EMAIL + "%"));
        assertEquals(2L, QueuedDeliveries.count("customer_id = ? and delivered_at is not null", id),
                "the delivered rows stay (a replay is recognised)");
    }

    @Test
    void anErasureReachingACopyBeforeTheCustomerPlacesItErasedSoTheCopyArrivingLaterChangesNothing() throws Exception {
        UUID id = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(id));
        sendErasure(UUID.randomUUID(), erased(id, "C400002", 2));
        Row origin = await().atMost(Duration.ofSeconds(30)).until(() -> row("HOUSTON", id), r -> r != null && r.erased());
        assertEquals("-", origin.street());
        Row copy = await().atMost(Duration.ofSeconds(30)).until(() -> row("ONLINE", id), r -> r != null && r.erased());
        assertEquals(new Row("Erased", "Customer", null, null, null, 2L, true, true), copy);

        try (Connection online = connect("ONLINE")) {
            ChannelDatabaseBatch.apply(online, "ONLINE", List.of(person(id, "C400002", 1)), Instant.now(), (e, t) -> {
            });
        }
        assertEquals(copy, row("ONLINE", id), "the late copy of version 1 placed nothing");
    }

    private static CustomerSynchronized person(UUID id, String account, long version) {
        AsyncAddress address = new AsyncAddress(id, "3 Bletchley Rd", "Houston", null, "77001", "US", "HOME");
        CustomerSynchronized base = synced("HOUSTON", id, account);
        return new CustomerSynchronized(id, "HOUSTON", base.asyncCustomerNumber(), account, base.addresses(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), new CustomerSnapshot("Alan", "Turing", EMAIL, PHONE,
                        Map.of("tier", "gold"), List.of(address))).withVersion(version);
    }

    private static CustomerErased erased(UUID id, String account, long version) {
        return new CustomerErased(id, "HOUSTON", "HOUSTON-" + id, account, version,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** What channel-service stores for a customer: an upload event, a transaction event, a stored POST answer. */
    private static void storedPayloads(String channelId, UUID id) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement outbox = db.prepareStatement("""
                        insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                        values (gen_random_uuid(), ?, 'channel.customer-uploads.v1', ?, '/channels/HOUSTON', now(),
                                cast(? as json))""");
                PreparedStatement answer = db.prepareStatement("""
                        insert into idempotency_key (channel_id, idempotency_key, request_hash, status, location, body)
                        values (?, ?, repeat('0', 64), 201, ?, ?)""")) {
            for (EventType type : List.of(EventType.CUSTOMER_CREATED, EventType.TRANSACTION_RECORDED)) {
                outbox.setString(1, type.ceType());
                outbox.setString(2, id.toString());
                outbox.setString(3, "{\"customerId\":\"" + id + "\",\"email\":\"" + EMAIL + "\"}");
                outbox.executeUpdate();
            }
            answer.setString(1, channelId);
            answer.setString(2, "key-" + id);
            answer.setString(3, "/api/v1/customers/" + id);
            answer.setString(4, "{\"id\":\"" + id + "\",\"email\":\"" + EMAIL + "\"}");
            answer.executeUpdate();
        }
    }

    private static long count(String channelId, String sql, String... parameters) throws Exception {
        try (Connection db = connect(channelId); PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long queuedPayloadsWith(UUID id, String value) {
        return QueuedDeliveries.count("customer_id = ? and payload::text like ?", id, "%" + value + "%");
    }

    private static Row row(String channelId, UUID id) throws Exception {
        try (Connection db = connect(channelId); PreparedStatement select = db.prepareStatement("""
                select c.first_name, c.last_name, c.email, c.phone, a.street, c.hq_version, c.erased_at is not null,
                       c.distributed
                from customer c left join customer_address a on a.customer_id = c.id and a.position = 0
                where c.id = ?""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Long) rs.getObject(6), rs.getBoolean(7), rs.getBoolean(8)) : null;
            }
        }
    }
}
