package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

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
        assertEquals(1L, HqJobsTest.query("select count(*) from customer where lower(email) = ?1", email));
        var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(second.customerId().toString()), 1, Duration.ofSeconds(30));
        CustomerSynchronized linked = EventJson.read(announced.get(0).value(), CustomerSynchronized.class);
        assertEquals(account, linked.accountNumber());
        assertEquals("ONLINE", linked.originChannelId());
        assertEquals(second.addresses().get(0).asyncAddressId(), linked.addresses().get(0).asyncAddressId());
        assertEquals("C000500", account, "the sequence starts at 500");
        assertEquals("C000510", awaitSynced(other.customerId()).accountNumber, "and steps by 10");
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
}
