package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.contracts.TransactionLine;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.hq.domain.Customer;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Edits, addresses and transactions uploaded after a customer, in order, on its key. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class CustomerChangesTest {

    @Test
    void editsAndANewAddressReachTheCustomerMasterAndTheAddressGetsAnHqId() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        AsyncAddress second = new AsyncAddress(UUID.randomUUID(), "5 Pier Rd", "Galveston", "TX", "77550", "US",
                "DELIVERY");

        upload(UUID.randomUUID(), customer);
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON", "Grace",
                "Murray", "grace.murray@example.com", null, Map.of("segment", "b2b"), Instant.now()));
        send(EventType.ADDRESS_ADDED, UUID.randomUUID(), id, "HOUSTON",
                new AddressAdded(id, "HOUSTON", second, Instant.now()));

        String accountNumber = awaitSynced(id).accountNumber;
        Customer master = await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> HqRows.customer(accountNumber)),
                c -> "Murray".equals(c.lastName));
        assertEquals("grace.murray@example.com", master.email);
        assertEquals("b2b", master.attributes.get("segment"));

        // edits that arrive before the sync are merged into it; later ones are announced again
        var announcements = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(id.toString()) && complete(r.value()), 1, Duration.ofSeconds(30));
        assertEquals(1, announcements.size(), "an announcement with the edit and the new address");
        CustomerSynchronized latest = HqEvents.opened(announcements.get(0).value());
        assertEquals(accountNumber, latest.accountNumber());
        assertEquals(List.of(customer.addresses().get(0).asyncAddressId(), second.asyncAddressId()),
                latest.addresses().stream().map(a -> a.asyncAddressId()).toList());
        assertEquals("Galveston", latest.customer().addresses().get(1).city());
    }

    @Test
    void aTransactionIsReceivedOnceForTheOrderAndStatementJobs() {
        CustomerCreated customer = newCustomer("HOUSTON");
        TransactionRecorded sale = new TransactionRecorded(UUID.randomUUID(), "HOUSTON", TransactionRecorded.CASH_AND_CARRY,
                customer.customerId(), null, "USD", List.of(new TransactionLine("TEA-1", BigDecimal.ONE, BigDecimal.TEN)),
                BigDecimal.TEN, Instant.now());

        upload(UUID.randomUUID(), customer);
        send(EventType.TRANSACTION_RECORDED, UUID.randomUUID(), customer.customerId(), "HOUSTON", sale);
        send(EventType.TRANSACTION_RECORDED, UUID.randomUUID(), customer.customerId(), "HOUSTON", sale);

        await().atMost(Duration.ofSeconds(30)).until(() -> transactions(sale.transactionId()) == 1L);
    }

    private static boolean complete(byte[] announcement) {
        try {
            CustomerSynchronized synced = HqEvents.opened(announcement);
            return "Murray".equals(synced.customer().lastName()) && synced.addresses().size() == 2;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    private static long transactions(UUID transactionId) {
        return HqRows.count("select count(*) from channel_transaction where transaction_id = ?", transactionId);
    }
}
