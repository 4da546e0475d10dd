package io.customersync.hq;

import static io.customersync.hq.DuplicatePoliciesTest.sync;
import static io.customersync.hq.DuplicatePoliciesTest.zip;
import static io.customersync.hq.HqEvents.address;
import static io.customersync.hq.HqEvents.person;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.MergedAccountsTest.announcementReplacing;
import static io.customersync.hq.MergedAccountsTest.master;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * What merges made before 2026-12-06 left behind, repaired: hq V22 moves the customers, links, keys, addresses and
 * flags left at a merged account to the live one at the end of its chain and tells their stores; an erasure asked
 * again erases a customer that joined the account since (one V22 moved to an account erased before).
 */
@QuarkusTest
@TestProfile(LinkPolicyTest.LinkDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_link_test"))
class EarlierMergesRepairedTest {

    @Test
    void anErasureAskedAgainErasesACustomerThatJoinedTheAccountSince() {
        String zip = zip();
        CustomerCreated erased = person("HOUSTON", "Olga", "Again" + zip, "olga." + zip + "@example.com", null);
        CustomerCreated joined = person("ONLINE", "Olga", "Again" + zip, "o.again." + zip + "@example.com", null);
        String account = sync(erased);
        String own = sync(joined);
        String erasure = "/api/v1/customers/" + account + "/erasure";
        Map<String, String> body = Map.of("requestReference", "GDPR-AGAIN", "requestedBy", "privacy desk");
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(body).when().post(erasure).then()
                .statusCode(201);
        // as V22 leaves a customer of a chain of merges that the erasure did not reach (docs/privacy.md)
        HqRows.execute("update customer set merged_into = ? where account_number = ?", account, own);
        HqRows.execute("insert into customer_link (customer_id, account_number) values (?, ?)", joined.customerId(), account);
        HqRows.execute("update async_customer_staging set account_number = ? where customer_id = ?", account,
                joined.customerId());

        given().header("Authorization", OPS).contentType(ContentType.JSON).body(body).when().post(erasure).then()
                .statusCode(200).body("customerId", equalTo(erased.customerId().toString()));
        assertEquals(1L, HqRows.count("select count(*) from customer_erasure where customer_id = ?", joined.customerId()));
        assertEquals(null, master(own).email, "its own record anonymised");
    }

    @Test
    void migrationV22MovesWhatMergesBeforeItLeftAtAMergedAccount() throws Exception {
        String zip = zip();
        CustomerCreated p = person("HOUSTON", "Pia", "Old" + zip, "pia." + zip + "@example.com", null,
                address("7 Seventh St", zip));
        CustomerCreated q = person("HOUSTON", "Quin", "Old" + zip, "quin." + zip + "@example.com", null);
        CustomerCreated r = person("HOUSTON", "Ray", "Old" + zip, "ray." + zip + "@example.com", null);
        String accountP = sync(p);
        String accountQ = sync(q);
        String accountR = sync(r);
        // what two merges made before 2026-12-06 left: P merged into Q, then Q into R; p's link, keys and staged row at
        // Q, and an address p's store added after the second merge written to Q
        HqRows.execute("update customer set merged_into = ? where account_number = ?", accountQ, accountP);
        HqRows.execute("update customer set merged_into = ? where account_number = ?", accountR, accountQ);
        HqRows.execute("insert into customer_link (customer_id, account_number) values (?, ?)", p.customerId(), accountQ);
        HqRows.execute("insert into customer_link (customer_id, account_number) values (?, ?)", q.customerId(), accountR);
        HqRows.execute("update async_customer_staging set account_number = ? where customer_id = ?", accountQ,
                p.customerId());
        HqRows.execute("update customer_match_key set account_number = ? where account_number = ?", accountQ, accountP);
        HqRows.execute("update customer_address set account_number = ? where account_number = ?", accountQ, accountP);
        String keysAtQ = "select string_agg(match_key::text, ',' order by match_key) from customer_match_key where account_number = ?";
        List<String> keysOfQ = List.of(((String) HqRows.query(keysAtQ, accountQ)).split(","));

        String migration;
        try (var in = getClass().getResourceAsStream("/db/hq/V22__merges_point_at_live_accounts.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HqRows.execute(migration);

        assertEquals(accountR, HqRows.query("select merged_into from customer where account_number = ?", accountP));
        assertEquals(accountR, HqRows.query("select account_number from customer_link where customer_id = ?",
                p.customerId()));
        assertEquals(accountR, HqRows.staged(p.customerId()).accountNumber);
        assertEquals(accountR, HqRows.query("select account_number from customer_address where async_address_id = ?",
                p.addresses().get(0).asyncAddressId()));
        assertEquals("7 Seventh St", HqRows.query("select street from customer_address where async_address_id = ?",
                p.addresses().get(0).asyncAddressId()), "R is not erased: the address as it was");
        assertEquals(0L, HqRows.count("select count(*) from customer_match_key where account_number in (?, ?)",
                accountP, accountQ));
        assertEquals((long) keysOfQ.size(), HqRows.count("select count(*) from customer_match_key"
                + " where account_number = ? and match_key::text = any(string_to_array(?, ','))", accountR,
                String.join(",", keysOfQ)), "every key Q held is R's");
        // p's store shows Q: it is told R in its place
        CustomerSynchronized told = EventJson.read(announcementReplacing(p, accountQ), CustomerSynchronized.class);
        assertEquals(accountR, told.accountNumber());
        assertEquals("HOUSTON", told.originChannelId());
    }
}
