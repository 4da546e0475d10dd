package io.customersync.hq;

import static io.customersync.hq.DuplicatePoliciesTest.sync;
import static io.customersync.hq.DuplicatePoliciesTest.zip;
import static io.customersync.hq.HqEvents.address;
import static io.customersync.hq.HqEvents.person;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * An account that store customers had joined (one linked to it by the LINK policy, one merged into it by ops) is
 * merged in turn into a third: they follow it there. Until 2026-12-06 they kept the merged account: their stores'
 * edits were written to it (no longer anyone's), and its match keys linked new customers to it.
 */
@QuarkusTest
@TestProfile(LinkPolicyTest.LinkDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_link_test"))
class MergedAccountsTest {

    @Test
    void theCustomersThatJoinedAnAccountFollowItWhenItIsMergedIntoAnother() throws Exception {
        String zip = zip();
        String last = "Chain" + zip;
        CustomerCreated c = person("HOUSTON", "Rosa", last, "rosa.c." + zip + "@example.com", "+1 713 551 " + zip.substring(1),
                address("1 First St", zip));
        CustomerCreated b = person("HOUSTON", "Rosa", last, "rosa.b." + zip + "@example.com", "+1 713 552 " + zip.substring(1),
                address("2 Second St", zip));
        CustomerCreated linked = person("ONLINE", "Rosa", last, b.email(), "+1 713 553 " + zip.substring(1),
                address("3 Third St", zip));
        CustomerCreated a = person("ONLINE", "Rosa", last, "rosa.a." + zip + "@example.com", "+1 713 554 " + zip.substring(1),
                address("4 Fourth St", zip));
        String accountC = sync(c);
        String accountB = sync(b);
        assertEquals(accountB, sync(linked), "the same person at another store: linked to B");
        String accountA = sync(a);

        // a's till corrects its e-mail to b's: flagged, and ops merge A into B; then b's to c's, and B into C
        edit(a, "email", b.email());
        merge(a, accountB);
        // another, flagged against B (the linked one's phone, B's key) and not decided yet
        CustomerCreated e = person("ONLINE", "Rosa", last, "rosa.e." + zip + "@example.com", "+1 713 557 " + zip.substring(1),
                address("8 Eighth St", zip));
        sync(e);
        edit(e, "phone", linked.phone());
        awaitFlagged(e, accountB);
        edit(b, "email", c.email());
        merge(b, accountC);
        awaitFlagged(e, accountC); // the queue offers the account B joined, not B

        for (CustomerCreated joined : List.of(a, linked)) {
            assertEquals(accountC, HqRows.staged(joined.customerId()).accountNumber, "its store's changes go to C");
            assertEquals(accountC, HqRows.query("select account_number from customer_link where customer_id = ?",
                    joined.customerId()));
        }
        assertEquals(accountC, HqRows.query("select merged_into from customer where account_number = ?", accountA));
        assertEquals(0L, HqRows.count("select count(*) from customer_match_key where account_number = ?", accountB),
                "no key matches anyone to the merged account");

        // their stores (and the copies of a) learn C in place of B
        CustomerSynchronized toA = HqEvents.opened(announcementReplacing(a, accountB));
        assertEquals(accountC, toA.accountNumber());
        assertEquals("Rosa", toA.customer().firstName(), "a's own record, for its copies");
        assertEquals(List.of(a.addresses().get(0).asyncAddressId()), toA.customer().addresses().stream()
                .map(x -> x.asyncAddressId()).toList());
        assertEquals(HqRows.customer(accountA).version, toA.version(), "its record's next version");
        CustomerSynchronized toLinked = EventJson.read(announcementReplacing(linked, accountB), CustomerSynchronized.class);
        assertEquals(accountC, toLinked.accountNumber());
        assertNull(toLinked.customer(), "linked: no record of its own");

        // a's store edits a: the account it is part of now takes it, not the merged one
        edit(a, "firstName", "Rosalind");
        await().atMost(Duration.ofSeconds(30)).until(() -> "Rosalind".equals(master(accountC).firstName));
        assertEquals("Rosa", master(accountB).firstName);
        // the same person as the linked one (her name and phone, B's keys) at a third store is linked to C, not to B
        CustomerCreated again = person("HOUSTON", "Rosa", last, "rosa.f." + zip + "@example.com", linked.phone(),
                address("5 Fifth St", zip));
        assertEquals(accountC, sync(again));
        // ops naming the merged account for another flagged customer are told which one it is part of
        CustomerCreated d = person("ONLINE", "Rosa", last, "rosa.d." + zip + "@example.com", "+1 713 556 " + zip.substring(1),
                address("6 Sixth St", zip));
        sync(d);
        edit(d, "phone", linked.phone());
        awaitFlagged(d, accountC);
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("decision", "LINK", "accountNumber", accountB))
                .when().post("/api/v1/staging/" + d.customerId() + "/decision")
                .then().statusCode(422).body("detail", containsString("merged into " + accountC));
    }

    @Test
    void aMergeKeepsWhatOnlyTheMergedRecordHad() throws Exception {
        String zip = zip();
        CustomerCreated keep = person("HOUSTON", "Lena", "Merge" + zip, "lena." + zip + "@example.com", null,
                address("1 Keep St", zip));
        CustomerCreated dup = person("ONLINE", "LENA", "Merge" + zip, "l.merge." + zip + "@example.com",
                "+1 713 558 " + zip.substring(1), address("2 Dup St", zip));
        String kept = sync(keep);
        String merged = sync(dup);
        // the online shop's loyalty tier, given to the duplicate only, and its e-mail corrected to the same person's
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), dup.customerId(), "ONLINE", new CustomerUpdated(
                dup.customerId(), "ONLINE", dup.firstName(), dup.lastName(), "LENA." + zip + "@example.com", dup.phone(),
                Map.of("segment", "b2c", "tier", "vip"), Instant.now(), null, List.of("email", "attributes")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "vip".equals(master(merged).attributes.get("tier")));
        awaitFlagged(dup, kept);
        // the account's customer no longer gives an e-mail (removed at its store)
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), keep.customerId(), "HOUSTON", new CustomerUpdated(
                keep.customerId(), "HOUSTON", keep.firstName(), keep.lastName(), null, null, Map.of("segment", "b2c"),
                Instant.now(), null, List.of("email")));
        await().atMost(Duration.ofSeconds(30)).until(() -> master(kept).email == null);
        // one version for the merge, newer than the merged record's (its rows take the account's versions from now)
        long version = Math.max(master(kept).version, master(merged).version + 1) + 1;

        merge(dup, kept);

        Customer account = master(kept);
        assertNull(account.email, "an e-mail its customer removed is not given back by the merge");
        assertEquals(dup.phone(), account.phone, "the phone only the merged record had");
        assertEquals(Map.of("segment", "b2c", "tier", "vip"), account.attributes);
        assertEquals(version, account.version, "one version for the merge");
        assertEquals(version + " HQ", account.fieldChanges.get("phone"));
        CustomerSynchronized announced = HqEvents.opened(TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(keep.customerId().toString())
                        && new String(r.value(), StandardCharsets.UTF_8).contains("\"version\":" + version), 1,
                Duration.ofSeconds(30)).get(0).value());
        assertEquals(dup.phone(), announced.customer().phone());
        assertEquals("vip", announced.customer().attributes().get("tier"));

        // the duplicate's storefront sends its attributes without the tier (its row did not show the account yet), with
        // a key of its own: the tier stays (a joined customer's attributes are added to the account's, docs/versions.md)
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), dup.customerId(), "ONLINE", new CustomerUpdated(
                dup.customerId(), "ONLINE", dup.firstName(), dup.lastName(), dup.email(), dup.phone(),
                Map.of("segment", "b2c", "newsletter", "yes"), Instant.now(), null, List.of("attributes")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "yes".equals(master(kept).attributes.get("newsletter")));
        assertEquals(Map.of("segment", "b2c", "tier", "vip", "newsletter", "yes"), master(kept).attributes);
    }

    @Test
    void aMergeAddsAttributeKeysTheAccountNeverHadButNotOneItsStoreDropped() throws Exception {
        String zip = zip();
        CustomerCreated keep = person("HOUSTON", "Tove", "Keys" + zip, "tove." + zip + "@example.com", null);
        CustomerCreated dup = person("ONLINE", "TOVE", "Keys" + zip, "t.keys." + zip + "@example.com", null);
        String kept = sync(keep);
        sync(dup);
        // the account's store changes its attributes: a newsletter opt-in, then the opt-out (dropped) and a preference
        editAttributes(keep, Map.of("segment", "b2c", "newsletter", "yes"));
        await().atMost(Duration.ofSeconds(30)).until(() -> master(kept).attributes.containsKey("newsletter"));
        editAttributes(keep, Map.of("segment", "b2c", "pref", "sms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> master(kept).attributes.containsKey("pref"));
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), dup.customerId(), "ONLINE", new CustomerUpdated(
                dup.customerId(), "ONLINE", dup.firstName(), dup.lastName(), "TOVE." + zip + "@example.com", null,
                Map.of("segment", "b2c", "tier", "platinum", "newsletter", "yes"), Instant.now(), null,
                List.of("email", "attributes")));

        merge(dup, kept);

        // until 2026-12-06 the account's attributes changed at all kept every key of the merged record out
        assertEquals(Map.of("segment", "b2c", "pref", "sms", "tier", "platinum"), master(kept).attributes);
    }

    private static void editAttributes(CustomerCreated customer, Map<String, String> attributes) {
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), customer.customerId(), customer.channelId(),
                new CustomerUpdated(customer.customerId(), customer.channelId(), customer.firstName(),
                        customer.lastName(), customer.email(), customer.phone(), attributes, Instant.now(), null,
                        List.of("attributes")));
    }

    @Test
    void aMergeIntoAnotherAccountThanTheMatchedOneListsWhatItNowMatches() {
        String zip = zip();
        CustomerCreated byEmail = person("ONLINE", "Kenji", "Watanabe" + zip, "kenji." + zip + "@example.jp", null);
        CustomerCreated byPhone = person("HOUSTON", "Kenji", "Watanabe" + zip, null, "+1 346 555 " + zip.substring(1));
        CustomerCreated both = person("HOUSTON", "Kenji", "Watanabe" + zip, "k.w." + zip + "@example.jp", null);
        String emailAccount = sync(byEmail);
        String phoneAccount = sync(byPhone);
        sync(both);
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), both.customerId(), "HOUSTON", new CustomerUpdated(
                both.customerId(), "HOUSTON", both.firstName(), both.lastName(), byEmail.email(), byPhone.phone(),
                Map.of("segment", "b2c"), Instant.now(), null, List.of("email", "phone")));
        awaitFlagged(both, emailAccount);

        // ops merge it into the phone's account: that account has the e-mail now, the same person as the e-mail's
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("decision", "LINK", "accountNumber", phoneAccount))
                .when().post("/api/v1/staging/" + both.customerId() + "/decision").then().statusCode(200);
        assertEquals(byEmail.email(), master(phoneAccount).email);
        awaitFlagged(byPhone, emailAccount);
    }

    @Test
    void opsNamingAnErasedAccountForAMergeAreToldItWasErased() {
        String zip = zip();
        CustomerCreated other = person("HOUSTON", "Ivo", "Gone" + zip, "ivo." + zip + "@example.com", null);
        CustomerCreated dup = person("ONLINE", "Ivo", "Gone" + zip, "ivo.dup." + zip + "@example.com", null);
        CustomerCreated gone = person("HOUSTON", "Una", "Gone" + zip, "una." + zip + "@example.com", null);
        String otherAccount = sync(other);
        sync(dup);
        String goneAccount = sync(gone);
        edit(dup, "email", other.email());
        awaitFlagged(dup, otherAccount);
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-GONE", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + goneAccount + "/erasure").then().statusCode(201);

        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("decision", "LINK", "accountNumber", goneAccount))
                .when().post("/api/v1/staging/" + dup.customerId() + "/decision")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString(goneAccount + " was erased"));
    }

    private static void edit(CustomerCreated customer, String field, String value) {
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), customer.customerId(), customer.channelId(),
                new CustomerUpdated(customer.customerId(), customer.channelId(),
                        "firstName".equals(field) ? value : customer.firstName(), customer.lastName(),
                        "email".equals(field) ? value : customer.email(), "phone".equals(field) ? value : customer.phone(),
                        Map.of(), Instant.now(), null,
                        List.of(field)));
    }

    /** Ops link the flagged customer, once its edit flagged it, to the account it matched. */
    private static void merge(CustomerCreated customer, String matched) {
        awaitFlagged(customer, matched);
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "LINK"))
                .when().post("/api/v1/staging/" + customer.customerId() + "/decision")
                .then().statusCode(200).body("accountNumber", equalTo(matched));
    }

    private static void awaitFlagged(CustomerCreated customer, String matched) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                .when().get("/api/v1/staging/review?kind=FLAGGED&limit=500").then().statusCode(200)
                .body("find { it.customerId == '" + customer.customerId() + "' }.matched.accountNumber",
                        equalTo(matched)));
    }

    static byte[] announcementReplacing(CustomerCreated customer, String replaced) {
        return TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(customer.customerId().toString()) && replaced.equals(
                        replacing(r.value())), 1,
                Duration.ofSeconds(30))
                .get(0).value();
    }

    private static String replacing(byte[] value) {
        try {
            return EventJson.read(value, CustomerSynchronized.class).replacesAccountNumber();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Customer master(String accountNumber) {
        return QuarkusTransaction.requiringNew().call(() -> HqRows.customer(accountNumber));
    }
}
