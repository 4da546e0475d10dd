package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.Customer;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** LINK policy, on a fresh HQ database whose number sequence starts at 500 and steps by 10. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(LinkPolicyTest.LinkDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_link_test"))
class LinkPolicyTest {

    public static class LinkDuplicates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hq.duplicates.policy", "LINK", "hq.account-number.start", "500",
                    "hq.account-number.step", "10", "hq.upload-consumer.group-id", "hq-link-test");
        }
    }

    @Test
    @Order(1)
    void theSecondStoresCustomerGetsTheExistingAccountNumberAndTheSequenceKeepsItsStartAndStep() throws Exception {
        String email = "linked." + UUID.randomUUID() + "@example.com";
        CustomerCreated first = newCustomer("HOUSTON", UUID.randomUUID(), email, null);
        CustomerCreated second = newCustomer("ONLINE", UUID.randomUUID(), email, null);
        CustomerCreated other = newCustomer("ONLINE");

        upload(UUID.randomUUID(), first);
        String account = awaitSynced(first.customerId()).accountNumber;
        upload(UUID.randomUUID(), second);
        upload(UUID.randomUUID(), other);

        assertEquals(account, awaitSynced(second.customerId()).accountNumber);
        assertEquals(1L, HqRows.query("select count(*) from customer where lower(email) = ?", email));
        var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(second.customerId().toString()), 1, Duration.ofSeconds(30));
        CustomerSynchronized linked = EventJson.read(announced.get(0).value(), CustomerSynchronized.class);
        assertEquals(account, linked.accountNumber());
        assertEquals("ONLINE", linked.originChannelId());
        assertEquals(second.addresses().get(0).asyncAddressId(), linked.addresses().get(0).asyncAddressId());
        awaitSynced(other.customerId());
        // (MergedAccountsTest and EarlierMergesRepairedTest share this database and may have run first)
        assertEquals("C000500", HqRows.query("select min(account_number) from customer"), "the sequence starts at 500");
        assertEquals(0L, HqRows.count("select count(*) from customer"
                + " where (cast(substring(account_number from 2) as int) - 500) % 10 <> 0"), "and steps by 10");
    }

    @Test
    @Order(2)
    void twelveDifferentPeopleWhoGaveOnePhoneGetTwelveAccounts() {
        String phone = "+1 713 888 " + DuplicatePoliciesTest.zip().substring(1);
        List<CustomerCreated> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.add(HqEvents.person(i % 2 == 0 ? "HOUSTON" : "ONLINE", "Person" + (char) ('A' + i), "Family" + i,
                    "person" + i + "." + UUID.randomUUID() + "@example.com", phone));
        }
        people.forEach(p -> upload(UUID.randomUUID(), p));

        Set<String> accounts = new HashSet<>();
        people.forEach(p -> accounts.add(awaitSynced(p.customerId()).accountNumber));
        assertEquals(12, accounts.size());
    }

    @Test
    @Order(3)
    void aHouseholdMemberIsNeverLinkedToAnotherPersonsAccountButTheSamePersonIs() {
        String zip = DuplicatePoliciesTest.zip();
        String phone = "832 555 " + zip.substring(1);
        CustomerCreated john = HqEvents.person("HOUSTON", "John", "Smith", "smiths." + zip + "@example.com", phone,
                HqEvents.address("4 Elm St", zip));
        CustomerCreated jane = HqEvents.person("ONLINE", "Jane", "Smith", "smiths." + zip + "@example.com", phone,
                HqEvents.address("4 Elm St", zip));
        CustomerCreated johnAgain = HqEvents.person("ONLINE", "JOHN", " Smith", null, "+1 " + phone);

        String johns = DuplicatePoliciesTest.sync(john);
        String janes = DuplicatePoliciesTest.sync(jane);
        String again = DuplicatePoliciesTest.sync(johnAgain);

        assertNotEquals(johns, janes, "a household member has an account of her own");
        assertEquals(johns, again, "the same person at another store is linked");
    }

    @Test
    @Order(4)
    void anEditOfAStoresCustomerLinkedToAnErasedAccountDoesNotReviveIt() {
        String email = "erased.link." + UUID.randomUUID() + "@example.com";
        CustomerCreated linked = newCustomer("ONLINE", UUID.randomUUID(), email, null);
        String account = linkedToAnAccount(linked);

        given().header("Authorization", HqJobsTest.OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-LINK", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(201);
        UUID id = linked.customerId();
        // the linked customer is the same person: erased with the account, and its store and copies are told
        assertEquals(1L, HqRows.query("select count(*) from customer_erasure where customer_id = ?", id));
        assertEquals(0L, HqRows.query("select count(*) from async_customer_staging where customer_id = ?"
                + " and (payload::text like '%example.com%' or payload::text like '%Hopper%')", id));
        assertEquals(0L, HqRows.query("select count(*) from customer_data_key where customer_id = ?", id));
        assertEquals(1, TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC, r -> r.key().equals(id.toString())
                && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("erasedAt"), 1,
                Duration.ofSeconds(30)).size());
        // made at the linked customer's store before the erasure reached it
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", new CustomerUpdated(id, "ONLINE", "Grace",
                "Hopper", email, "+1 555 0199", Map.of(), Instant.now(), null,
                List.of("firstName", "lastName", "email", "phone")));
        send(EventType.ADDRESS_ADDED, UUID.randomUUID(), id, "ONLINE", new AddressAdded(id, "ONLINE",
                new AsyncAddress(UUID.randomUUID(), "9 Elm St", "Austin", "TX", "73301", "US", "DELIVERY"), Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> HqRows.query(
                "select count(*) from staging_history where customer_id = ? and status = 'REFUSED'", id).equals(2L));
        Customer master = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account));
        assertEquals(CustomerErased.ANONYMOUS_FIRST_NAME, master.firstName);
        assertNull(master.email);
        assertNull(master.phone);
        assertEquals(0L, HqRows.query(
                "select count(*) from customer_address where account_number = ? and street <> '-'", account));
    }

    @Test
    @Order(5)
    void anEditOfALinkedCustomerWaitsForAnotherChangeOfItsAccountAndKeepsIt() throws Exception {
        CustomerCreated linked = newCustomer("ONLINE", UUID.randomUUID(), "concurrent." + UUID.randomUUID()
                + "@example.com", null);
        String account = linkedToAnAccount(linked);
        long version = ((Number) HqRows.query("select version from customer where account_number = ?", account))
                .longValue();

        // another change of the account (another instance, an ops decision) holds its row while the edit comes
        String changed = "changed." + UUID.randomUUID() + "@example.com";
        CompletableFuture<Void> otherChange = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            HqRows.execute("update customer set email = ?, version = version + 1 where account_number = ?", changed,
                    account);
            send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), linked.customerId(), "ONLINE", new CustomerUpdated(
                    linked.customerId(), "ONLINE", "Amazing", linked.lastName(), null, null, Map.of(), Instant.now(), null,
                    List.of("firstName")));
            // the edit's transaction waits for this one's row lock (the activity view is read anew each time)
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                HqRows.query("select 1 from (select pg_stat_clear_snapshot()) as cleared");
                return HqRows.count(
                        "select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))") > 0;
            });
        }));
        otherChange.get(60, TimeUnit.SECONDS);

        Customer master = await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account)),
                c -> "Amazing".equals(c.firstName));
        assertEquals(changed, master.email, "the other change is kept");
        assertEquals(version + 2, master.version, "each change is a version of its own");
    }

    @Test
    @Order(6)
    void theExportOfAnAccountHoldsTheStoreCustomersLinkedToIt() {
        String email = "export.link." + UUID.randomUUID() + "@example.com";
        CustomerCreated linked = newCustomer("ONLINE", UUID.randomUUID(), email, "+1 555 0142");
        String account = linkedToAnAccount(linked);
        String id = linked.customerId().toString();

        // what ONLINE's till typed for the same person (its own phone and address) is held at HQ too: exported
        given().header("Authorization", HqJobsTest.OPS).when().get("/api/v1/customers/" + account + "/personal-data")
                .then().statusCode(200).body("accountNumber", equalTo(account))
                .body("hq.data.linked.customerId", contains(id))
                .body("hq.data.linked[0].staging.upload.phone", equalTo("+1 555 0142"))
                .body("hq.data.linked[0].staging.upload.addresses[0].street",
                        equalTo(linked.addresses().get(0).street()))
                .body("hq.data.linked[0].ownRecord", nullValue())
                // its rows in the channel databases are asked of distribution (not running here) by its own id
                .body("linkedCustomers.customerId", contains(id))
                .body("linkedCustomers[0].channelsUnavailable", notNullValue());
    }

    /** HOUSTON's customer with the same e-mail synced first, then {@code linked}, linked to its account. */
    private static String linkedToAnAccount(CustomerCreated linked) {
        CustomerCreated own = newCustomer("HOUSTON", UUID.randomUUID(), linked.email(), null);
        upload(UUID.randomUUID(), own);
        String account = awaitSynced(own.customerId()).accountNumber;
        upload(UUID.randomUUID(), linked);
        assertEquals(account, awaitSynced(linked.customerId()).accountNumber);
        return account;
    }
}
