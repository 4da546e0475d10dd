package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

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
        assertEquals(1L, HqJobsTest.query("select count(*) from customer where email_normalized = ?1", email));
        var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(second.customerId().toString()), 1, Duration.ofSeconds(30));
        CustomerSynchronized linked = EventJson.read(announced.get(0).value(), CustomerSynchronized.class);
        assertEquals(account, linked.accountNumber());
        assertEquals("ONLINE", linked.originChannelId());
        assertEquals(second.addresses().get(0).asyncAddressId(), linked.addresses().get(0).asyncAddressId());
        assertEquals("C000500", account, "the sequence starts at 500");
        assertEquals("C000510", awaitSynced(other.customerId()).accountNumber, "and steps by 10");
    }
}
