package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.Customer;
import io.customersync.hq.domain.CustomerAddress;
import io.customersync.messaging.DeadLetterPublisher;
import io.customersync.messaging.EventRecords;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Uploads as the P-job sends them, through the real broker into the real HQ database and out again. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class CustomerUploadConsumerTest {

    private static final String BOOTSTRAP = HqEvents.BOOTSTRAP;
    private static final KafkaProducer<String, byte[]> PRODUCER = HqEvents.producer();

    @Test
    void anUploadedAsyncCustomerGetsAnAccountNumberAndASyncEvent() throws Exception {
        CustomerCreated upload = newCustomer("HOUSTON");

        upload(UUID.randomUUID(), upload);

        AsyncCustomerStaging row = awaitSynced(upload.customerId());
        assertTrue(row.accountNumber.matches("C\\d{6}"), row.accountNumber);
        Customer master = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(row.accountNumber));
        assertEquals(upload.customerId(), master.customerId);
        assertEquals("HOUSTON", master.originChannelId);
        CustomerAddress address = HqRows.addresses(row.accountNumber).get(0);
        assertEquals(upload.addresses().get(0).asyncAddressId(), address.asyncAddressId);

        var records = TopicReader.readUntil(BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(upload.customerId().toString()), 1, Duration.ofSeconds(30));
        assertEquals(1, records.size());
        CustomerSynchronized synced = EventJson.read(records.get(0).value(), CustomerSynchronized.class);
        assertEquals(row.accountNumber, synced.accountNumber());
        assertEquals("HOUSTON", synced.originChannelId());
        assertEquals(address.id, synced.addresses().get(0).hqAddressId());
    }

    @Test
    void aLoneNewCustomerIsStagedAndNumberedInOneTransaction() {
        CustomerCreated upload = newCustomer("HOUSTON");

        upload(UUID.randomUUID(), upload);

        awaitSynced(upload.customerId());
        // its history: PENDING when staged, SYNCED when numbered; rows that are never updated keep their transaction
        assertEquals(1L, HqRows.count("select count(distinct xmin::text) from staging_history where customer_id = ?",
                upload.customerId()), "staged and numbered by one commit");
    }

    @Test
    void stagedCustomersByStatusAreAtTheMetricsEndpoint() {
        CustomerCreated upload = newCustomer("HOUSTON");
        upload(UUID.randomUUID(), upload);
        awaitSynced(upload.customerId());

        io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*customersync_staging\\{status=\"SYNCED\"} [1-9][0-9]*\\.0.*"))
                .body(org.hamcrest.Matchers.containsString("customersync_outbox_backlog"));
    }

    @Test
    void duplicateUploadGetsTheSameAccountNumber() throws Exception {
        CustomerCreated upload = newCustomer("ONLINE");
        UUID eventId = UUID.randomUUID();

        upload(eventId, upload);
        upload(eventId, upload); // redelivery of the same event
        upload(UUID.randomUUID(), upload); // the same customer uploaded again under a new event id

        String accountNumber = awaitSynced(upload.customerId()).accountNumber;
        var records = TopicReader.readUntil(BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(upload.customerId().toString()), 2, Duration.ofSeconds(5));
        assertEquals(1, records.size(), "one sync event per customer");
        assertEquals(accountNumber, EventJson.read(records.get(0).value(), CustomerSynchronized.class).accountNumber());
        assertEquals(1L, HqRows.count("select count(*) from customer where customer_id = ?", upload.customerId()));
    }

    @Test
    void aPoisonUploadGoesToTheDeadLetterTopicAndTheNextIsSynced() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        PRODUCER.send(EventRecords.record(EventType.CUSTOMER_CREATED, UUID.randomUUID(), poisonKey, "/channels/X",
                Instant.now(), "{\"customerId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8))).get();
        PRODUCER.send(new ProducerRecord<>(Topics.CUSTOMER_UPLOADS, poisonKey,
                "no headers at all".getBytes(StandardCharsets.UTF_8))).get();
        CustomerCreated good = newCustomer("HOUSTON");
        upload(UUID.randomUUID(), good);

        awaitSynced(good.customerId());
        var dead = TopicReader.readUntil(BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS),
                r -> poisonKey.equals(r.key()), 2, Duration.ofSeconds(30));
        assertEquals(2, dead.size());
        assertTrue(dead.stream().allMatch(r -> TopicReader.header(r, DeadLetterPublisher.REASON) != null));
        assertEquals("hq-customer-sync", TopicReader.header(dead.get(0), DeadLetterPublisher.CONSUMER_GROUP));
    }
}
