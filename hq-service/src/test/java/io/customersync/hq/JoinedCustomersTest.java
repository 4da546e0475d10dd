package io.customersync.hq;

import static io.customersync.hq.DuplicatePoliciesTest.sync;
import static io.customersync.hq.DuplicatePoliciesTest.zip;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.MergedAccountsTest.master;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.Customer;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * LINK policy: a store customer HQ links to an existing account is, from then on, shown the account at each of its
 * versions ({@code joined}), so what only its store typed joins the account first, and once its row shows the account
 * its store's edits are applied as anyone's (a key it drops is dropped).
 */
@QuarkusTest
@TestProfile(LinkPolicyTest.LinkDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class JoinedCustomersTest {

    @Test
    void aLinkedCustomerIsShownTheAccountWithWhatOnlyItsStoreTypedAndItsLaterEditsApplyAsAnyones() throws Exception {
        String zip = zip();
        CustomerCreated account = person("HOUSTON", "Mia" + zip, null, Map.of("segment", "b2c"));
        CustomerCreated linked = person("ONLINE", "MIA" + zip, "+1 713 559 " + zip.substring(1),
                Map.of("segment", "b2c", "consent", "sms"));
        String number = sync(account);
        assertEquals(number, sync(linked), "the same person: linked");

        // the phone and the consent only the online store typed join the account (its row would lose them otherwise)
        Customer master = master(number);
        assertEquals(linked.phone(), master.phone);
        assertEquals(Map.of("segment", "b2c", "consent", "sms"), master.attributes);
        CustomerSynchronized joined = joinedAnnouncement(linked, master.version);
        assertEquals(number, joined.accountNumber());
        assertEquals(account.firstName(), joined.customer().firstName(), "the account's customer");
        assertEquals(linked.phone(), joined.customer().phone());

        // its store, whose row shows the account (its version), drops the consent: dropped at HQ too
        edit(linked, Map.of("segment", "b2c"), master.version);
        await().atMost(Duration.ofSeconds(30)).until(() -> !master(number).attributes.containsKey("consent"));
        // an edit from before its row showed the account (no version) adds its keys, removes none
        edit(linked, Map.of("newsletter", "yes"), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> master(number).attributes.containsKey("newsletter"));
        assertEquals(Map.of("segment", "b2c", "newsletter", "yes"), master(number).attributes);
    }

    @Test
    void aStoresEditFromBeforeALinkStillAppliesOverWhatTheLinkFilledIn() throws Exception {
        String zip = zip();
        CustomerCreated account = person("HOUSTON", "Ola" + zip, null, Map.of("segment", "b2c"));
        CustomerCreated linked = person("ONLINE", "OLA" + zip, "+1 713 558 " + zip.substring(1),
                Map.of("segment", "b2c", "newsletter", "yes"));
        String number = sync(account);
        assertEquals(number, sync(linked));
        assertEquals(linked.phone(), master(number).phone, "filled by the link");

        // the account's till edits the phone and a loyalty tier from the version it showed before the link (1): HQ only
        // filled blanks since, so the till's edit applies, its keys set over the account's (until 2026-12-06 it was lost)
        String phone = "+1 713 000 " + zip.substring(1);
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), account.customerId(), account.channelId(),
                new CustomerUpdated(account.customerId(), account.channelId(), account.firstName(), account.lastName(),
                        account.email(), phone, Map.of("segment", "b2c", "loyalty", "platinum"), Instant.now(), 1L,
                        List.of("phone", "attributes")));
        await().atMost(Duration.ofSeconds(30)).until(() -> phone.equals(master(number).phone));
        assertEquals(Map.of("segment", "b2c", "newsletter", "yes", "loyalty", "platinum"), master(number).attributes);
    }

    private static CustomerCreated person(String channel, String firstName, String phone,
            Map<String, String> attributes) {
        UUID id = UUID.randomUUID();
        return new CustomerCreated(id, channel, channel + "-" + id, firstName, "Joined", firstName.toLowerCase()
                + "@example.com", phone, List.of(), attributes, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static void edit(CustomerCreated customer, Map<String, String> attributes, Long baseVersion) {
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), customer.customerId(), customer.channelId(),
                new CustomerUpdated(customer.customerId(), customer.channelId(), customer.firstName(),
                        customer.lastName(), customer.email(), customer.phone(), attributes, Instant.now(), baseVersion,
                        List.of("attributes")));
    }

    private static CustomerSynchronized joinedAnnouncement(CustomerCreated customer, long version) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> found = TopicReader.readUntil(
                HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC, r -> r.key().equals(customer.customerId().toString())
                        && new String(r.value(), StandardCharsets.UTF_8).contains("\"joined\":true"), 1,
                Duration.ofSeconds(30));
        assertTrue(!found.isEmpty(), "a joined announcement of " + customer.customerId());
        CustomerSynchronized announced = HqEvents.opened(found.get(0).value());
        assertEquals(version, announced.version());
        return announced;
    }
}
