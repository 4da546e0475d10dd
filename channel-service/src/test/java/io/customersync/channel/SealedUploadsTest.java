package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.channel.domain.CustomerDataKeys;
import io.customersync.channel.domain.KeyEscrow;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.DataKey;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Crypto-shredding at the channel (decision 0014): the upload's personal fields are sealed with the
 * customer's data key in the outbox and on the topic; the P-job escrows the key to HQ (a real HTTP
 * server stands in for HQ, {@link HqKeyEscrowStub}) before it publishes; a new customer takes a key the
 * P-job made and escrowed ahead (decision 0018), so its upload needs no escrow; once none is left, while HQ
 * does not take keys the uploads wait in the outbox; keys made ahead that cannot be kept hold no upload; those
 * no customer took are given back to HQ and deleted when the service stops, or purged once twice their max age
 * old (a crashed service's).
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_sealed_test"))
class SealedUploadsTest {

    /** Keys the P-job made and kept ahead of their customers: no customer has their customer id yet. */
    private static final String KEYS_AHEAD = "select count(*) from customer_data_key k "
            + "where not exists (select 1 from customer c where c.id = k.customer_id)";

    @Inject
    DataSource dataSource;

    @Inject
    CustomerDataKeys keys;

    @Inject
    KeyEscrow escrow;

    @Test
    void theOutboxAndTheTopicHoldNoPersonalDataAndHqHoldsTheKeyFirst() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> personal = List.of("Sealy" + tag, "Shred" + tag, tag + "@example.com", "+1 555 " + (1000 + new java.util.Random().nextInt(9000)),
                "Main St " + tag);
        String id = createCustomer(POS_HOUSTON, customer(personal));

        var record = uploadsOf(id, 1).get(0);

        String onTopic = new String(record.value(), StandardCharsets.UTF_8);
        String inOutbox = outboxPayload(id);
        for (String value : personal) {
            assertFalse(onTopic.contains(value), value + " readable on the topic: " + onTopic);
            assertFalse(inOutbox.contains(value), value + " readable in the outbox: " + inOutbox);
        }
        assertTrue(onTopic.contains(id) && onTopic.contains("\"sealed\""), onTopic);
        assertTrue(HqKeyEscrowStub.holdsKeyOf(id), "HQ took the key before the upload was published");
        assertTrue(escrowed(id), "the key is marked escrowed");
        CustomerCreated opened = ChannelApi.opened(record, CustomerCreated.class); // the search above can find them
        assertEquals(personal.get(0), opened.firstName());
        assertEquals(personal.get(2), opened.email());
        assertEquals(personal.get(4), opened.addresses().get(0).street());
    }

    @Test
    void aNewCustomerTakesAKeyEscrowedAheadSoItsUploadLeavesWhileHqTakesNoKeysThenUploadsWaitForHq() throws Exception {
        String earlier = createCustomer(POS_HOUSTON, customer(List.of("Early", "Bird", "early@example.com",
                "+1 555 0120", "1 Early St")));
        assertEquals(1, uploadsOf(earlier, 1).size());
        await().atMost(Duration.ofSeconds(30)).until(() -> count(KEYS_AHEAD + " and k.escrowed_at is not null") > 0);
        String waiting;
        HqKeyEscrowStub.close();
        try {
            String tookAhead = createCustomer(POS_HOUSTON, customer(List.of("Ahead", "OfTime", "ahead@example.com",
                    "+1 555 0121", "2 Ahead St")));
            assertTrue(tookKeyMadeAhead(tookAhead), "its id is that of a key HQ took before the customer was created");
            var upload = uploadsOf(tookAhead, 1, Duration.ofSeconds(15));
            assertEquals(1, upload.size(), "published while HQ takes no keys: its key was escrowed ahead");
            assertEquals("Ahead", ChannelApi.opened(upload.get(0), CustomerCreated.class).firstName(),
                    "sealed with the key kept for its id (opened with the stored one)");
            assertTrue(HqKeyEscrowStub.holdsKeyOf(tookAhead), "HQ holds the key it was sealed with");

            int created = 0;
            int refusedBefore = HqKeyEscrowStub.refused();
            while (HqKeyEscrowStub.refused() == refusedBefore && ++created < 200) {
                // once fewer than half are left, the P-job makes more, which HQ does not take now
                createCustomer(POS_HOUSTON, customer(List.of("Taking", "Keys", "take" + created + "@example.com",
                        "+1 555 0122", "3 Take St")));
            }
            String afterTopUp = createCustomer(POS_HOUSTON, customer(List.of("After", "TopUp", "after@example.com",
                    "+1 555 0124", "4 After St")));
            assertTrue(HqKeyEscrowStub.refused() > refusedBefore, "HQ refused new keys made ahead");
            assertTrue(escrowed(afterTopUp), "it took one of the keys escrowed ahead that are left");
            assertEquals(1, uploadsOf(afterTopUp, 1, Duration.ofSeconds(15)).size(),
                    "published: HQ not taking new keys made ahead holds no upload");

            do { // use up the keys made ahead: the next customer makes its own key, which HQ does not take now
                waiting = createCustomer(POS_HOUSTON, customer(List.of("Waiting", "ForHq", "wait" + created
                        + "@example.com", "+1 555 0123", "1 Wait St")));
            } while (escrowed(waiting) && ++created < 200);
            assertFalse(escrowed(waiting), "a customer made its own key once none made ahead was left");
            assertEquals(0, uploadsOf(waiting, 1, Duration.ofSeconds(3)).size(), "published before HQ held the key");
            assertFalse(HqKeyEscrowStub.holdsKeyOf(waiting));
        } finally {
            HqKeyEscrowStub.open();
        }
        assertEquals(1, uploadsOf(waiting, 1).size(), "published once HQ took the key");
        assertTrue(HqKeyEscrowStub.holdsKeyOf(waiting));
        assertTrue(escrowed(waiting));
    }

    @Test
    void postsWithAnIdempotencyKeyTakeKeysMadeAheadToo() throws Exception {
        assertEquals(1, uploadsOf(createCustomer(POS_HOUSTON, customer(List.of("Idem", "First", "idem@example.com",
                "+1 555 0130", "5 Idem St"))), 1).size());
        await().atMost(Duration.ofSeconds(30)).until(() -> count(KEYS_AHEAD) >= 30);
        String last = null;
        String lastKey = null;
        for (int i = 0; i < 30; i++) { // each in a transaction of its own (which holds its answer)
            lastKey = UUID.randomUUID().toString();
            last = given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", lastKey)
                    .contentType(ContentType.JSON).body(customer(List.of("Idem" + i, "Potent", "idem" + i + "@example.com",
                            "+1 555 0131", "6 Idem St"))).when().post("/api/v1/customers").then().statusCode(201)
                    .extract().path("customerId");
            assertTrue(tookKeyMadeAhead(last), "customer " + i + " took a key escrowed before it was created");
        }
        assertEquals(last, given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", lastKey)
                .contentType(ContentType.JSON).body(customer(List.of("Idem29", "Potent", "idem29@example.com",
                        "+1 555 0131", "6 Idem St"))).when().post("/api/v1/customers").then().statusCode(201)
                .extract().path("customerId"), "the retried POST answers the same customer");
        assertEquals(1, uploadsOf(last, 1).size());
    }

    @Test
    void keysMadeAheadThatCannotBeKeptHoldNoUpload() throws Exception {
        assertEquals(1, uploadsOf(createCustomer(POS_HOUSTON, customer(List.of("Kept", "First", "kept@example.com",
                "+1 555 0140", "7 Kept St"))), 1).size());
        execute("""
                create or replace function refuse_keys_kept_ahead() returns trigger language plpgsql as $$
                begin raise exception 'keys made ahead refused by the test'; end $$""");
        // only keys made ahead are inserted escrowed already: the customers' own keys still go in
        execute("create trigger refuse_keys_kept_ahead before insert on customer_data_key for each row "
                + "when (new.escrowed_at is not null) execute function refuse_keys_kept_ahead()");
        try {
            String ownKey;
            int created = 0;
            do { // use up the keys made ahead: more cannot be kept now, so a customer comes that makes its own
                ownKey = createCustomer(POS_HOUSTON, customer(List.of("Own", "Key", "own" + created + "@example.com",
                        "+1 555 0141", "8 Own St")));
            } while (tookKeyMadeAhead(ownKey) && ++created < 300);
            assertFalse(tookKeyMadeAhead(ownKey), "a customer made its own key once no key made ahead was left");
            assertEquals(1, uploadsOf(ownKey, 1, Duration.ofSeconds(15)).size(),
                    "published: keys made ahead that cannot be kept hold no upload");
            assertTrue(HqKeyEscrowStub.holdsKeyOf(ownKey), "HQ took its own key first");
        } finally {
            execute("drop trigger if exists refuse_keys_kept_ahead on customer_data_key");
        }
        int[] more = {0};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            // the P-job offers keys ahead again on a batch at least 2 s after the last one failed
            createCustomer(POS_HOUSTON, customer(List.of("Kept", "Again", "again" + ++more[0] + "@example.com",
                    "+1 555 0142", "9 Kept St")));
            return count(KEYS_AHEAD) >= 30;
        });
    }

    @Test
    void keysMadeAheadThatNoCustomerTookAreGivenBackToHqAndDeletedWhenTheServiceStops() throws Exception {
        String first = createCustomer(POS_HOUSTON, customer(List.of("Given", "First", "given@example.com",
                "+1 555 0150", "10 Given St")));
        assertEquals(1, uploadsOf(first, 1).size());
        await().atMost(Duration.ofSeconds(30)).until(() -> count(KEYS_AHEAD) >= 30);

        List<UUID> givenBack = keys.giveBackUnused(escrow); // what the P-job's stop does once it stopped publishing

        assertFalse(givenBack.isEmpty(), "the keys made ahead that no customer took are given back");
        assertTrue(escrowed(first) && HqKeyEscrowStub.holdsKeyOf(first), "a key a customer took is kept on both sides");
        for (UUID customerId : givenBack) {
            assertFalse(HqKeyEscrowStub.holdsKeyOf(customerId.toString()), "HQ was asked to forget " + customerId);
            assertEquals(0, count("select count(*) from customer_data_key where customer_id = '" + customerId + "'"),
                    "deleted in the channel database");
        }
        String next = createCustomer(POS_HOUSTON, customer(List.of("Given", "After", "given.after@example.com",
                "+1 555 0151", "11 Given St")));
        assertFalse(givenBack.contains(UUID.fromString(next)), "no customer takes a key given back");
        assertEquals(1, uploadsOf(next, 1).size());
        assertTrue(HqKeyEscrowStub.holdsKeyOf(next), "its key is escrowed, as ever");
    }

    @Test
    void keysLeftUnusedTwiceTheirMaxAgeAreDeletedHereAndForgottenAtHqByTheirPurge() throws Exception {
        UUID crashed = UUID.randomUUID(); // made ahead three days ago by a service that crashed: in no memory now
        UUID recent = UUID.randomUUID(); // 30 h: past the max age (24 h), so given to no one, but not twice as old
        keptAhead(crashed, "3 days");
        keptAhead(recent, "30 hours");
        String customer = createCustomer(POS_HOUSTON, customer(List.of("Purge", "Kept", "purge.kept@example.com",
                "+1 555 0160", "12 Purge St")));
        assertEquals(1, uploadsOf(customer, 1).size());
        execute("update customer_data_key set created_at = now() - interval '3 days' where customer_id = '"
                + customer + "'");
        try {
            // the job unused-keys-purge runs every 200 ms in tests (an hour by default)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> count(
                    "select count(*) from customer_data_key where customer_id = '" + crashed + "'") == 0);
            assertFalse(HqKeyEscrowStub.holdsKeyOf(crashed.toString()), "HQ was asked to forget the key left unused");
            Thread.sleep(1_000); // five more runs of the purge
            assertEquals(1, count("select count(*) from customer_data_key where customer_id = '" + recent + "'"),
                    "a key younger than twice the max age is kept");
            assertTrue(HqKeyEscrowStub.holdsKeyOf(recent.toString()), "and HQ keeps it");
            assertTrue(escrowed(customer) && HqKeyEscrowStub.holdsKeyOf(customer),
                    "a key a customer has is kept on both sides, however old");
        } finally {
            execute("delete from customer_data_key where customer_id = '" + recent + "'");
        }
    }

    /** A key made ahead {@code age} ago, escrowed to HQ and kept here, that no customer took. */
    private void keptAhead(UUID customerId, String age) throws Exception {
        DataKey key = DataKey.generate();
        escrow.escrow(List.of(new CustomerDataKeys.PendingKey(key.keyId(), customerId, key.secret())));
        execute("insert into customer_data_key (key_id, customer_id, data_key, created_at, escrowed_at) values ('"
                + key.keyId() + "', '" + customerId + "', decode('" + HexFormat.of().formatHex(key.secret())
                + "', 'hex'), now() - interval '" + age + "', now() - interval '" + age + "')");
    }

    /** Its key is one HQ took before the customer was created: one made ahead. */
    private boolean tookKeyMadeAhead(String customerId) throws Exception {
        return count("select count(*) from customer_data_key k join customer c on c.id = k.customer_id "
                + "where c.id = '" + customerId + "' and k.escrowed_at < c.created_at") == 1;
    }

    private void execute(String sql) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Object> customer(List<String> personal) {
        return Map.of("firstName", personal.get(0), "lastName", personal.get(1), "email", personal.get(2),
                "phone", personal.get(3), "addresses", List.of(Map.of("street", personal.get(4), "city", "Houston",
                        "state", "TX", "zip", "77002", "country", "US", "purpose", "HOME")));
    }

    private String outboxPayload(String customerId) throws Exception {
        return queryOne("select payload::text from outbox_event where message_key = ?", customerId);
    }

    private boolean escrowed(String customerId) throws Exception {
        return queryOne("select escrowed_at::text from customer_data_key where customer_id = ?::uuid", customerId) != null;
    }

    private String queryOne(String sql, String customerId) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "no row for " + customerId);
                String value = rs.getString(1);
                assertFalse(rs.next());
                return value;
            }
        }
    }
}
