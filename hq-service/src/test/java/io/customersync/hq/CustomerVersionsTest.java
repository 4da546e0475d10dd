package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.Customer;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HQ is the source of truth (docs/versions.md): every change of a master customer is its next
 * version, announced with it; two stores' edits based on the same version keep each other's fields,
 * and a stale edit does not overwrite a field changed since its base by someone else.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class CustomerVersionsTest {

    @Test
    void twoStoresEditsBasedOnTheSameVersionKeepEachOthersFieldsAndAStaleOneOverwritesNothingChangedSince() {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        upload(UUID.randomUUID(), customer);
        String accountNumber = awaitSynced(id).accountNumber;
        assertEquals(1L, master(accountNumber).version, "numbered: version 1");
        announcement(id, 1);

        // the origin (HOUSTON) changes the last name and the e-mail, based on version 1
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", edit(id, "HOUSTON", "Grace", "Houston-Name",
                "houston." + id + "@example.com", customer.phone(), 1L, List.of("lastName", "email")));
        // a store holding a copy (ONLINE) changes the last name and the phone, also based on version 1
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", edit(id, "ONLINE", "Grace", "Online-Name",
                customer.email(), "+1 713 555 0142", 1L, List.of("lastName", "phone")));

        Customer master = await().atMost(Duration.ofSeconds(30)).until(() -> master(accountNumber), c -> c.version == 3);
        assertEquals("Houston-Name", master.lastName, "the last name HOUSTON changed since ONLINE's base stays");
        assertEquals("houston." + id + "@example.com", master.email, "HOUSTON's other field survives");
        assertEquals("+1 713 555 0142", master.phone, "ONLINE's field nobody else changed is applied");
        assertEquals("Grace", master.firstName);
        CustomerSynchronized third = announcement(id, 3);
        assertEquals("Houston-Name", third.customer().lastName());
        assertEquals("+1 713 555 0142", third.customer().phone());
        assertEquals(accountNumber, third.accountNumber());
    }

    @Test
    void aStoresLaterEditOfAFieldItChangedItselfWinsAndAnEditThatChangesNothingMakesNoVersion() {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        upload(UUID.randomUUID(), customer);
        String accountNumber = awaitSynced(id).accountNumber;

        // two edits of the same store, both made before version 2 reached it (base 1): they reach HQ in order
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", edit(id, "HOUSTON", "Grace", "First",
                customer.email(), customer.phone(), 1L, List.of("lastName")));
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", edit(id, "HOUSTON", "Grace", "Second",
                customer.email(), customer.phone(), 1L, List.of("lastName")));
        // another store's stale edit of that field, and its edit of nothing new: no change, no version
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", edit(id, "ONLINE", "Grace", "Stale",
                customer.email(), customer.phone(), 2L, List.of("lastName")));
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", edit(id, "ONLINE", "Grace", "Second",
                customer.email(), customer.phone(), 3L, List.of("firstName")));
        // then a field nobody changed, from that store: version 4
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", new CustomerUpdated(id, "ONLINE", "Grace",
                "Stale", customer.email(), customer.phone(), Map.of("segment", "b2c", "tier", "vip"), Instant.now(), 2L,
                List.of("attributes")));

        Customer master = await().atMost(Duration.ofSeconds(30)).until(() -> master(accountNumber), c -> c.version >= 4);
        assertEquals(4L, master.version, "the stale edit and the edit of nothing made no version");
        assertEquals("Second", master.lastName);
        assertEquals("vip", master.attributes.get("tier"));
        assertEquals("Second", announcement(id, 4).customer().lastName());
    }

    @Test
    void anEMailTheCustomerNoLongerGivesIsRemovedAtHqAndFromItsMatchKeys() {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        upload(UUID.randomUUID(), customer);
        String accountNumber = awaitSynced(id).accountNumber;
        long keys = HqRows.count("select count(*) from customer_match_key where account_number = ?", accountNumber);

        // the store removed the e-mail (PATCH with "email": null): changed, and null
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", edit(id, "HOUSTON", customer.firstName(),
                customer.lastName(), null, customer.phone(), 1L, List.of("email")));

        Customer master = await().atMost(Duration.ofSeconds(30)).until(() -> master(accountNumber), c -> c.version == 2);
        assertNull(master.email);
        assertEquals(customer.phone(), master.phone, "the phone stays");
        assertNull(announcement(id, 2).customer().email(), "and the stores hear it removed");
        assertTrue(HqRows.count("select count(*) from customer_match_key where account_number = ?", accountNumber) < keys,
                "no duplicate is matched on the e-mail any more");
    }

    private static CustomerUpdated edit(UUID id, String channelId, String firstName, String lastName, String email,
            String phone, Long baseVersion, List<String> changed) {
        return new CustomerUpdated(id, channelId, firstName, lastName, email, phone, Map.of("segment", "b2c"),
                Instant.now(), baseVersion, changed);
    }

    private static Customer master(String accountNumber) {
        return QuarkusTransaction.requiringNew().call(() -> HqRows.customer(accountNumber));
    }

    /** HQ's announcement of this version of the customer, on its topic. */
    private static CustomerSynchronized announcement(UUID id, long version) {
        var records = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(id.toString()) && versionOf(r.value()) == version, 1, Duration.ofSeconds(30));
        assertEquals(1, records.size(), "announcement of version " + version);
        return HqEvents.opened(records.get(0).value());
    }

    private static long versionOf(byte[] announcement) {
        try {
            Long version = EventJson.read(announcement, CustomerSynchronized.class).version();
            return version == null ? -1 : version;
        } catch (IOException e) {
            return -1;
        }
    }
}
