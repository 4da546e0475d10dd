package io.customersync.hq;

import static io.customersync.hq.HqEvents.address;
import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.person;
import static io.customersync.hq.HqEvents.upload;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.HqRows.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.hq.jobs.MatchKeyBackfill;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The default duplicate policy, FLAG, with the default match rules: the same person typed differently at two stores is
 * flagged for review; a household, a store's phone typed for many, a placeholder e-mail are not.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class DuplicatePoliciesTest {

    @Inject
    MatchKeyBackfill backfill;

    @Test
    void theSamePersonTypedDifferentlyAtTwoStoresIsFlaggedAndOpsKeepThemSeparate() {
        String zip = zip();
        CustomerCreated houston = person("HOUSTON", "José", "García López", " Jose." + zip + "@Example.COM ",
                "+1 (713) 555-" + zip.substring(1), address("12 Main St.", zip));
        CustomerCreated online = person("ONLINE", " jose ", "GARCIA-LOPEZ", "jose." + zip + "@example.com",
                "713.555." + zip.substring(1), address("12 main st", zip));

        String first = sync(houston);
        String second = sync(online);

        assertNotEquals(first, second, "FLAG: a new account");
        given().header("Authorization", OPS).when().get("/api/v1/staging/review?kind=FLAGGED&limit=500")
                .then().statusCode(200)
                .body("find { it.customerId == '" + online.customerId() + "' }.rule", equalTo("email+firstName+lastName"))
                .body("find { it.customerId == '" + online.customerId() + "' }.customer.accountNumber", equalTo(second))
                .body("find { it.customerId == '" + online.customerId() + "' }.matched.accountNumber", equalTo(first))
                .body("find { it.customerId == '" + online.customerId() + "' }.matched.firstName", equalTo("José"))
                .body("find { it.customerId == '" + online.customerId() + "' }.matched.addresses[0].street",
                        equalTo("12 Main St."));

        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "KEEP_SEPARATE"))
                .when().post("/api/v1/staging/" + online.customerId() + "/decision")
                .then().statusCode(200).body("accountNumber", equalTo(second));
        given().header("Authorization", OPS).when().get("/api/v1/staging/review?limit=500")
                .then().statusCode(200).body("customerId", not(hasItem(online.customerId().toString())));
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "KEEP_SEPARATE"))
                .when().post("/api/v1/staging/" + online.customerId() + "/decision")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void anErasedPersonLeavesTheReviewQueueAndCannotBeLinkedAfterwards() {
        String zip = zip();
        CustomerCreated first = person("HOUSTON", "Mary", "Shelley", "mary." + zip + "@example.com", null);
        CustomerCreated flagged = person("ONLINE", "Mary", "Shelley", "Mary." + zip + "@example.com", null);
        CustomerCreated matchedErased = person("ONLINE", "Percy", "Shelley", "percy." + zip + "@example.com", null);
        CustomerCreated flaggedToo = person("HOUSTON", "Percy", "Shelley", "PERCY." + zip + "@example.com", null);
        sync(first);
        String flaggedAccount = sync(flagged);
        String erasedAccount = sync(matchedErased);
        sync(flaggedToo);
        given().header("Authorization", OPS).when().get("/api/v1/staging/review?kind=FLAGGED&limit=500").then()
                .body("customerId", hasItem(flagged.customerId().toString()))
                .body("customerId", hasItem(flaggedToo.customerId().toString()));

        erase(flaggedAccount, "GDPR-FLAGGED");
        erase(erasedAccount, "GDPR-MATCHED");

        given().header("Authorization", OPS).when().get("/api/v1/staging/review?limit=500").then().statusCode(200)
                .body("customerId", not(hasItem(flagged.customerId().toString())))
                .body("customerId", not(hasItem(flaggedToo.customerId().toString())));
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "LINK"))
                .when().post("/api/v1/staging/" + flagged.customerId() + "/decision")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(null, HqRows.customer(flaggedAccount).mergedInto, "the erased customer is merged into no one");
        // who else may be the erased person stays in its export: the privacy desk decides about them
        given().header("Authorization", OPS).when().get("/api/v1/customers/" + erasedAccount + "/personal-data").then()
                .statusCode(200).body("hq.data.possibleDuplicates.customerId", hasItem(flaggedToo.customerId().toString()))
                .body("hq.data.possibleDuplicates.decision", hasItem("ERASED"));
    }

    @Test
    void opsMergeAFlaggedCustomerIntoTheAccountItMatchedAndTheChannelsAreTold() throws Exception {
        String zip = zip();
        CustomerCreated houston = person("HOUSTON", "Ada", "Lovelace", "ada." + zip + "@example.com", null);
        CustomerCreated online = person("ONLINE", "ADA", "Lovelace", "ADA." + zip + "@example.com", null,
                address("1 Analytical Way", zip));
        String first = sync(houston);
        String own = sync(online);

        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "LINK"))
                .when().post("/api/v1/staging/" + online.customerId() + "/decision")
                .then().statusCode(200).body("accountNumber", equalTo(first));

        CustomerSynchronized merged = HqEvents.opened(TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(online.customerId().toString()) && new String(r.value()).contains("replaces"), 1,
                Duration.ofSeconds(30)).get(0).value());
        assertEquals(first, merged.accountNumber());
        assertEquals(own, merged.replacesAccountNumber());
        assertEquals("ADA", merged.customer().firstName(), "with the customer, for its copies in the address book");
        assertEquals(online.addresses().get(0).asyncAddressId(), merged.addresses().get(0).asyncAddressId());
        assertEquals(first, query("select merged_into from customer where account_number = ?", own));
        assertEquals(first, query("select account_number from customer_address where async_address_id = ?",
                online.addresses().get(0).asyncAddressId()));
        assertEquals(2L, merged.version(), "the merged customer's move to the other account: a version (versions.md)");
        // the account's next version: newer than any its new customer's rows had (they take the account's from now)
        CustomerSynchronized withAddress = EventJson.read(TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(houston.customerId().toString()) && new String(r.value()).contains("\"version\":3"), 1,
                Duration.ofSeconds(30)).get(0).value(), CustomerSynchronized.class);
        assertEquals(first, withAddress.accountNumber());
        assertTrue(withAddress.addresses().stream().anyMatch(
                a -> a.asyncAddressId().equals(online.addresses().get(0).asyncAddressId())),
                "the account it joined has its address now, announced as its next version");
        // and the merged customer's rows are told the account's customer at that version (JoinedCustomersTest)
        assertEquals("Ada", HqEvents.opened(TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(online.customerId().toString()) && new String(r.value()).contains("\"joined\":true"),
                1, Duration.ofSeconds(30)).get(0).value()).customer().firstName(), "the account's, not the merged record's");
    }

    @Test
    void erasingAnAccountErasesTheCustomersMergedIntoItButNotTwice() {
        String zip = zip();
        CustomerCreated houston = person("HOUSTON", "Ada", "Byron", "byron." + zip + "@example.com", null);
        CustomerCreated erasedAlone = person("ONLINE", "Ada", "Byron", "BYRON." + zip + "@example.com", null);
        CustomerCreated merged = person("ONLINE", "ADA", "Byron", "Byron." + zip + "@example.com", null);
        String first = sync(houston);
        String ownOfErased = sync(erasedAlone);
        String ownOfMerged = sync(merged);
        for (CustomerCreated customer : List.of(erasedAlone, merged)) {
            given().header("Authorization", OPS).contentType(ContentType.JSON)
                    .body(Map.of("decision", "LINK", "accountNumber", first))
                    .when().post("/api/v1/staging/" + customer.customerId() + "/decision")
                    .then().statusCode(200).body("accountNumber", equalTo(first));
        }

        // each merged customer's own record (account, data as its store sent it) is exported with the account
        given().header("Authorization", OPS).when().get("/api/v1/customers/" + first + "/personal-data")
                .then().statusCode(200)
                .body("hq.data.linked.customerId", containsInAnyOrder(erasedAlone.customerId().toString(),
                        merged.customerId().toString()))
                .body("hq.data.linked.find { it.customerId == '" + merged.customerId() + "' }.ownRecord.accountNumber",
                        equalTo(ownOfMerged))
                .body("hq.data.linked.find { it.customerId == '" + merged.customerId() + "' }.ownRecord.firstName",
                        equalTo("ADA"));

        erase(erasedAlone.customerId().toString(), "GDPR-M");
        erase(first, "GDPR-A");

        assertEquals("GDPR-M", query("select request_reference from customer_erasure where customer_id = ?",
                erasedAlone.customerId()), "an erasure made on its own stands (and is not made twice)");
        assertEquals("GDPR-A", query("select request_reference from customer_erasure where customer_id = ?",
                merged.customerId()), "the customer merged into the account is erased with it");
        for (String account : List.of(first, ownOfErased, ownOfMerged)) {
            assertEquals("Erased", query("select first_name from customer where account_number = ?", account));
        }
    }

    @Test
    void aCustomerMergedIntoAnAccountAndErasedOnItsOwnLeavesNoAddressOfItsThere() {
        String zip = zip();
        CustomerCreated houston = person("HOUSTON", "Ada", "Lace", "lace." + zip + "@example.com", null,
                address("1 Main St", zip));
        AsyncAddress brought = address("2 Birch St", zip);
        CustomerCreated online = person("ONLINE", "Ada", "Lace", "LACE." + zip + "@example.com", null, brought);
        String first = sync(houston);
        sync(online);
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("decision", "LINK", "accountNumber", first))
                .when().post("/api/v1/staging/" + online.customerId() + "/decision").then().statusCode(200);
        assertEquals(first, query("select account_number from customer_address where async_address_id = ?",
                brought.asyncAddressId()), "merged: its address joined the account");
        long version = (Long) query("select version from customer where account_number = ?", first);

        erase(online.customerId().toString(), "GDPR-B");

        assertEquals("-", query("select street from customer_address where async_address_id = ?", brought.asyncAddressId()));
        assertEquals("1 Main St", query("select street from customer_address where async_address_id = ?",
                houston.addresses().get(0).asyncAddressId()), "the account's own address stays");
        assertEquals(version + 1, query("select version from customer where account_number = ?", first),
                "the account's next version tells every store");
        String export = given().header("Authorization", OPS).when().get("/api/v1/customers/" + first + "/personal-data")
                .then().statusCode(200).extract().asString();
        assertFalse(export.contains("2 Birch St"), export);
    }

    private static void erase(String reference, String requestReference) {
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", requestReference, "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + reference + "/erasure").then().statusCode(201);
    }

    @Test
    void aHouseholdSharingPhoneEmailAndAddressIsNeverFlagged() {
        String zip = zip();
        CustomerCreated john = person("HOUSTON", "John", "Smith", "smiths." + zip + "@example.com", "713 666 " + zip.substring(1),
                address("4 Elm St", zip));
        CustomerCreated jane = person("ONLINE", "Jane", "Smith", "smiths." + zip + "@example.com", "713 666 " + zip.substring(1),
                address("4 Elm St", zip));

        assertNotEquals(sync(john), sync(jane));
        assertEquals(0L, query("select count(*) from possible_duplicate where customer_id = ?", jane.customerId()));
    }

    @Test
    void aStorePhoneTypedForManyBecomesAPlaceholderAndNoLongerMatchesAnyone() {
        String storePhone = "+1 281 777 " + zip().substring(1);
        List<CustomerCreated> walkIns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            walkIns.add(person("HOUSTON", "Pat", "Walk-In " + (char) ('A' + i), null, storePhone));
        }
        walkIns.forEach(c -> upload(UUID.randomUUID(), c));
        walkIns.forEach(c -> awaitSynced(c.customerId()));
        CustomerCreated sam = person("HOUSTON", "Sam", "Taylor", null, storePhone);
        CustomerCreated otherSam = person("HOUSTON", "Sam", "Taylor", null, storePhone);

        sync(sam);
        sync(otherSam);

        assertEquals(0L, query("select count(*) from possible_duplicate where customer_id = ?", otherSam.customerId()),
                "a phone 20 customers gave is no one's: two Sam Taylors who gave it are not matched on it");
        given().header("Authorization", OPS).when().get("/api/v1/staging/review/shared-values")
                .then().statusCode(200).body("value", hasItem(storePhone.replaceAll("[^0-9]", "").substring(1)));
    }

    @Test
    void aConfiguredPlaceholderEmailNeverMatches() {
        CustomerCreated kim = person("HOUSTON", "Kim", "Lee", "noemail@store.example", null);
        CustomerCreated otherKim = person("ONLINE", "Kim", "Lee", "NoEmail@store.example", null);
        sync(kim);
        sync(otherKim);
        assertEquals(0L, query("select count(*) from possible_duplicate where customer_id = ?", otherKim.customerId()));
    }

    @Test
    void customersOfTheMasterFromBeforeTheRulesGetTheirKeysAtStart() {
        String zip = zip();
        String account = "OLD" + zip;
        QuarkusTransaction.requiringNew().run(() -> {
            HqRows.execute("""
                    insert into customer (account_number, customer_id, origin_channel_id, async_customer_number, first_name,
                                          last_name, email, phone, created_at)
                    values (?, gen_random_uuid(), 'HOUSTON', ?, 'Linus', 'Pauling', null, ?, now())""",
                    account, account, "415 555 " + zip.substring(1));
            HqRows.execute("update match_key_backfill set after_account = null, done = false");
        });

        backfill.run();

        CustomerCreated linus = person("ONLINE", "Linus", "Pauling", null, "(415) 555-" + zip.substring(1));
        sync(linus);
        assertEquals(account, query("select account_number from possible_duplicate where customer_id = ?",
                linus.customerId()));
    }

    static String sync(CustomerCreated customer) {
        upload(UUID.randomUUID(), customer);
        return awaitSynced(customer.customerId()).accountNumber;
    }

    /** Five random digits: a zip, and the tail of a phone, that no other test uses. */
    static String zip() {
        return String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
    }
}
