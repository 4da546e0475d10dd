package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.person;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * HOLD policy: a customer held as a possible duplicate of an account that ops merge into another while it waits is
 * linked, when ops decide, to the account the merged one joined, never to the merged (dead) account, whether ops name
 * the account the hold showed or take the one the queue shows now.
 */
@QuarkusTest
@TestProfile(SyncStatusEventsTest.EmailAndPhoneRequiredHoldDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_status_test"))
class HeldLinkAfterMergeTest {

    private static final String OPS = SyncStatusEventsTest.OPS;

    @Test
    void aCustomerHeldAgainstAnAccountMergedSinceIsLinkedToTheAccountItJoined() {
        String n = String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        CustomerCreated live = person("HOUSTON", "Nora", "Held" + n, "nora.live." + n + "@example.com", "+1 713 561 " + n);
        CustomerCreated duplicate = person("HOUSTON", "Nora", "Held" + n, "nora.dup." + n + "@example.com",
                "+1 713 562 " + n);
        CustomerCreated held = person("ONLINE", "Nora", "Held" + n, duplicate.email(), "+1 713 563 " + n);
        String liveAccount = sync(live);
        String mergedAccount = sync(duplicate);
        assertNotEquals(liveAccount, mergedAccount, "no rule matches them yet");
        upload(UUID.randomUUID(), held);
        awaitInQueue(held, mergedAccount);

        // the duplicate's store corrects its e-mail to the live one's: flagged against it, and ops merge it there
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), duplicate.customerId(), "HOUSTON", new CustomerUpdated(
                duplicate.customerId(), "HOUSTON", duplicate.firstName(), duplicate.lastName(), live.email(),
                duplicate.phone(), Map.of(), Instant.now(), null, List.of("email")));
        awaitInQueue(duplicate, liveAccount);
        decideLink(duplicate, null).body("accountNumber", equalTo(liveAccount));

        // the queue now offers the held customer the live account
        awaitInQueue(held, liveAccount);
        // ops type the number the hold showed first (in lower case): the held customer joins the account that number
        // is part of now
        decideLink(held, mergedAccount.toLowerCase()).body("accountNumber", equalTo(liveAccount));
        assertEquals(liveAccount, awaitSynced(held.customerId()).accountNumber);
        assertEquals(liveAccount, QuarkusTransaction.requiringNew().call(() -> HqRows.query(
                "select account_number from customer_link where customer_id = ?", held.customerId())));
    }

    private static String sync(CustomerCreated customer) {
        upload(UUID.randomUUID(), customer);
        return awaitSynced(customer.customerId()).accountNumber;
    }

    private static io.restassured.response.ValidatableResponse decideLink(CustomerCreated customer, String account) {
        Map<String, String> body = account == null ? Map.of("decision", "LINK")
                : Map.of("decision", "LINK", "accountNumber", account);
        return given().header("Authorization", OPS).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/staging/" + customer.customerId() + "/decision").then().statusCode(200);
    }

    private static void awaitInQueue(CustomerCreated customer, String matched) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                .when().get("/api/v1/staging/review?limit=500").then().statusCode(200)
                .body("find { it.customerId == '" + customer.customerId() + "' }.matched.accountNumber",
                        equalTo(matched)));
    }
}
