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
import io.customersync.contracts.AddressChanged;
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
    void aChangedAddressIsTheNextVersionUnderItsHqIdAndTheSameChangeAgainMakesNone() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        AsyncAddress old = customer.addresses().get(0);
        upload(UUID.randomUUID(), customer);
        String accountNumber = awaitSynced(id).accountNumber;
        long hqAddressId = HqRows.addresses(accountNumber).get(0).id;
        long version = HqRows.customer(accountNumber).version;

        AsyncAddress moved = new AsyncAddress(old.asyncAddressId(), "14 Oak Ave", "Austin", "TX", "73301", "US", "HOME");
        send(EventType.ADDRESS_CHANGED, UUID.randomUUID(), id, "HOUSTON", new AddressChanged(id, "HOUSTON", moved, Instant.now()));
        var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC, r -> r.key().equals(id.toString())
                && hasVersion(r.value(), version + 1), 1, Duration.ofSeconds(30));
        CustomerSynchronized latest = HqEvents.opened(announced.get(0).value());
        assertEquals(List.of(moved), latest.customer().addresses(), "the address as changed, in its place");
        assertEquals(hqAddressId, latest.addresses().get(0).hqAddressId(), "under the HQ address id it had");
        var master = QuarkusTransaction.requiringNew().call(() -> HqRows.addresses(accountNumber));
        assertEquals(List.of("Austin"), master.stream().map(a -> a.city).toList());
        assertEquals(List.of(moved), HqRows.staged(id).upload().addresses(), "what a re-sync would send is the same");

        // the same change again (a till's retry), then an edit: the edit is the next version, the retry made none
        send(EventType.ADDRESS_CHANGED, UUID.randomUUID(), id, "HOUSTON", new AddressChanged(id, "HOUSTON", moved, Instant.now()));
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON",
                customer.firstName(), "Oakley", customer.email(), customer.phone(), customer.attributes(), Instant.now()));
        Customer edited = await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> HqRows.customer(accountNumber)),
                c -> "Oakley".equals(c.lastName));
        assertEquals(version + 2, edited.version);
    }

    @Test
    void aRemovedAddressStaysInItsPlaceMarkedRemovedWhetherRemovedBeforeOrAfterNumbering() throws Exception {
        // removed at once (its removal may reach HQ in the poll that numbers it, or after) and removed once synced
        for (boolean waitForTheNumber : List.of(false, true)) {
            CustomerCreated created = newCustomer("HOUSTON");
            UUID id = created.customerId();
            AsyncAddress second = new AsyncAddress(UUID.randomUUID(), "5 Pier Rd", "Galveston", "TX", "77550", "US", "DELIVERY");
            CustomerCreated customer = new CustomerCreated(id, "HOUSTON", created.asyncCustomerNumber(), created.firstName(),
                    created.lastName(), created.email(), created.phone(), List.of(created.addresses().get(0), second),
                    created.attributes(), created.createdAt());
            UUID removed = customer.addresses().get(0).asyncAddressId();
            upload(UUID.randomUUID(), customer);
            String accountNumber = waitForTheNumber ? awaitSynced(id).accountNumber : null;
            send(EventType.ADDRESS_REMOVED, UUID.randomUUID(), id, "HOUSTON",
                    new io.customersync.contracts.AddressRemoved(id, "HOUSTON", removed, Instant.now()));
            String account = accountNumber != null ? accountNumber : awaitSynced(id).accountNumber;

            List<Boolean> marks = await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> HqRows.addresses(account)).stream().map(a -> a.removed()).toList(), List.of(true, false)::equals);
            assertEquals(List.of(true, false), marks, "both kept, in their order, the first removed");
            var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC, r -> r.key().equals(id.toString())
                    && removedFirst(r.value()), 1, Duration.ofSeconds(30));
            CustomerSynchronized latest = HqEvents.opened(announced.get(0).value());
            assertEquals(List.of(removed, second.asyncAddressId()),
                    latest.addresses().stream().map(a -> a.asyncAddressId()).toList(), "in its place, for the stores");
            // a removal again makes no version
            long version = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account)).version;
            send(EventType.ADDRESS_REMOVED, UUID.randomUUID(), id, "HOUSTON",
                    new io.customersync.contracts.AddressRemoved(id, "HOUSTON", removed, Instant.now()));
            send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON",
                    customer.firstName(), "After", customer.email(), customer.phone(), customer.attributes(), Instant.now()));
            Customer edited = await().atMost(Duration.ofSeconds(30)).until(
                    () -> QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account)),
                    c -> "After".equals(c.lastName));
            assertEquals(version + 1, edited.version, "the edit is the next version, the second removal made none");
        }
    }

    @Test
    void anOlderChangeOrAnAdditionReplayedAfterItsRemovalChangesNothing() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        UUID addressId = customer.addresses().get(0).asyncAddressId();
        upload(UUID.randomUUID(), customer);
        String account = awaitSynced(id).accountNumber;
        Instant now = Instant.now();

        // the newer change applied first; the older one (dead-lettered, replayed by ops) after it
        send(EventType.ADDRESS_CHANGED, UUID.randomUUID(), id, "HOUSTON", new AddressChanged(id, "HOUSTON",
                new AsyncAddress(addressId, "20 New St", "Austin", "TX", "73301", "US", "HOME"), now.plusSeconds(10)));
        send(EventType.ADDRESS_CHANGED, UUID.randomUUID(), id, "HOUSTON", new AddressChanged(id, "HOUSTON",
                new AsyncAddress(addressId, "10 Old St", "Austin", "TX", "73301", "US", "HOME"), now));
        // an address whose addition HQ never got (dead-lettered), removed, then the addition replayed
        AsyncAddress lost = new AsyncAddress(UUID.randomUUID(), "5 Lost Ln", "Austin", "TX", "73301", "US", "DELIVERY");
        send(EventType.ADDRESS_REMOVED, UUID.randomUUID(), id, "HOUSTON",
                new io.customersync.contracts.AddressRemoved(id, "HOUSTON", lost.asyncAddressId(), now));
        send(EventType.ADDRESS_ADDED, UUID.randomUUID(), id, "HOUSTON", new AddressAdded(id, "HOUSTON", lost, now));
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON",
                customer.firstName(), "Replayed", customer.email(), customer.phone(), customer.attributes(), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account)), c -> "Replayed".equals(c.lastName));

        var held = QuarkusTransaction.requiringNew().call(() -> HqRows.addresses(account));
        assertEquals(List.of("20 New St", "-"), held.stream().map(a -> a.street).toList(), "the newer change stays");
        assertEquals(List.of(false, true), held.stream().map(a -> a.removed()).toList(), "the lost address stays removed");
        assertEquals(true, HqRows.staged(id).upload().addresses().get(1).wasRemoved());
    }

    private static boolean removedFirst(byte[] announcement) {
        try {
            CustomerSynchronized synced = HqEvents.opened(announcement);
            return synced.customer().addresses().size() == 2 && synced.customer().addresses().get(0).wasRemoved()
                    && !synced.customer().addresses().get(1).wasRemoved();
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
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

    private static boolean hasVersion(byte[] announcement, long version) {
        try {
            return Long.valueOf(version).equals(HqEvents.opened(announcement).version());
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
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
