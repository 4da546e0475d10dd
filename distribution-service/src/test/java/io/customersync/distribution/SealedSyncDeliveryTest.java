package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.Topics;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Sealed sync records (decision 0014, stage 2): distribution opens a sealed CustomerSynchronized with its
 * customer's key read from HQ and delivers it to the origin and the copies; while HQ has no key for it the
 * record waits (no dead letter); after the customer's CustomerErased its key is forgotten, and a replayed
 * sealed record of it, which HQ no longer has a key for, revives nothing.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class SealedSyncDeliveryTest {

    private static final String EMAIL = "ada.sealed@example.com";
    private static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(KafkaClientConfigs.producer(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelDatabases.BOOTSTRAP), "sealed-sync-test-hq"));

    @Test
    void aSealedAnnouncementWaitsForItsKeyIsDeliveredOpenedAndAfterTheErasureARepeatRevivesNothing() throws Exception {
        HqKeysStub hq = HqKeysStub.shared();
        UUID id = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(id));
        DataKey key = DataKey.generate();
        CustomerSynchronized announcement = ada(id);
        UUID eventId = UUID.randomUUID();
        send(EventType.CUSTOMER_SYNCHRONIZED, eventId, id, SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, announcement, key));

        // HQ has no key for it yet: it waits, retried, and is neither queued nor dead-lettered
        await().atMost(Duration.ofSeconds(30)).until(() -> hq.timesAsked(key.keyId()) >= 2);
        assertEquals(0L, queued(eventId));
        assertEquals("ASYNC", ChannelDatabases.row("HOUSTON", id).status());

        hq.hold(key, id);
        awaitSynced("HOUSTON", id);
        await().atMost(Duration.ofSeconds(30)).until(() -> email("ONLINE", id) != null);
        assertEquals(EMAIL, email("HOUSTON", id), "opened with the key: the sealed e-mail reached the origin");
        assertEquals(EMAIL, email("ONLINE", id), "and the copy");
        assertEquals("Lovelace", ChannelDatabases.row("ONLINE", id).lastName());
        assertEquals(0, TopicReader.readUntil(ChannelDatabases.BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(1)).size(), "waited, not dead-lettered");
        int askedBeforeErasure = hq.timesAsked(key.keyId());

        hq.erase(id);
        send(EventType.CUSTOMER_ERASED, UUID.randomUUID(), id, new CustomerErased(id, "HOUSTON", "HOUSTON-" + id,
                "C600001", 2L, Instant.now().truncatedTo(ChronoUnit.MICROS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> email("HOUSTON", id) == null && email("ONLINE", id) == null);

        UUID replayed = UUID.randomUUID();
        send(EventType.CUSTOMER_SYNCHRONIZED, replayed, id, SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED,
                announcement.withVersion(3), key));
        UUID marker = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(marker));
        send(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), marker, synced("HOUSTON", marker, "C600009"));
        awaitSynced("HOUSTON", marker);
        assertTrue(hq.timesAsked(key.keyId()) > askedBeforeErasure,
                "the key was forgotten at the erasure: HQ was asked again, and said the customer is erased");
        assertEquals(0L, queued(replayed), "dropped: not queued");
        assertNull(email("HOUSTON", id));
        assertNull(email("ONLINE", id), "nothing revived, not even by a newer version");
        assertEquals(0, TopicReader.readUntil(ChannelDatabases.BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(1)).size(), "dropped, not dead-lettered");
    }

    @Test
    void aKeyHqTookAheadOfItsCustomerIsReadWithAnotherAndOpensItsRecordWithoutACall() throws Exception {
        HqKeysStub hq = HqKeysStub.shared();
        UUID first = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(first, later));
        DataKey firstKey = DataKey.generate();
        DataKey laterKey = DataKey.generate();
        hq.hold(firstKey, first);
        hq.hold(laterKey, later); // a channel's key made ahead: HQ took it before its customer's first record

        send(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), first,
                SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, ada(first, "C600011"), firstKey));
        awaitSynced("HOUSTON", first);
        send(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), later,
                SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, ada(later, "C600012"), laterKey));
        awaitSynced("HOUSTON", later);

        assertEquals(1, hq.timesAsked(firstKey.keyId()), "the first record's key was asked for");
        assertEquals(0, hq.timesAsked(laterKey.keyId()), "the later key came along with it: its record opened without a call");
    }

    @Test
    void aSealedRecordThatIsDeadLetteredStaysSealedThere() throws Exception {
        UUID id = UUID.randomUUID();
        DataKey key = DataKey.generate();
        HqKeysStub.shared().hold(key, id);
        CustomerSynchronized base = ada(id);
        CustomerSynchronized unknownChannel = new CustomerSynchronized(id, "NOWHERE", "NOWHERE-" + id, "C600002",
                base.addresses(), base.syncedAt(), base.customer(), null, 1L);
        send(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), id,
                SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, unknownChannel, key));

        var dead = TopicReader.readUntil(ChannelDatabases.BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "opened, then refused: the channel is not registered");
        String raw = new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8);
        for (String personal : List.of("Ada", "Lovelace", EMAIL, "555 0188", "St James")) {
            assertTrue(!raw.contains(personal), personal + " readable in the dead letter: " + raw);
        }
        assertEquals(unknownChannel.customer(), SealedEvents.open(EventJson.read(dead.get(0).value(),
                CustomerSynchronized.class), key.secret()).customer(), "the copy of the sealed record, as it was");
    }

    private static CustomerSynchronized ada(UUID id) {
        return ada(id, "C600001");
    }

    private static CustomerSynchronized ada(UUID id, String accountNumber) {
        CustomerSynchronized base = synced("HOUSTON", id, accountNumber);
        return new CustomerSynchronized(id, "HOUSTON", base.asyncCustomerNumber(), accountNumber, base.addresses(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), new CustomerSnapshot("Ada", "Lovelace", EMAIL,
                        "+1 713 555 0188", Map.of(), List.of(new AsyncAddress(id, "12 St James's Sq", "Houston", null,
                                "77001", "US", "HOME")))).withVersion(1);
    }

    private static void send(EventType type, UUID eventId, UUID customerId, Object body) throws Exception {
        PRODUCER.send(EventRecords.record(type, eventId, customerId.toString(), "/hq", Instant.now(),
                EventJson.write(body))).get();
    }

    private static long queued(UUID eventId) {
        return QueuedDeliveries.count("event_id = ?", eventId);
    }

    private static String email(String channelId, UUID id) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement select = db.prepareStatement("select email from customer where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
