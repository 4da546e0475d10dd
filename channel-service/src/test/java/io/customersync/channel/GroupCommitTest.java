package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.channel.api.CreateCustomerRequest;
import io.customersync.channel.domain.CustomerGroupCommit;
import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.CustomerRegistration;
import io.customersync.contracts.EventType;
import io.customersync.messaging.FailureClassifier;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Group commit with one writer: while it waits on a locked customer table, what is POSTed queues
 * up, and is then saved in one transaction (PostgreSQL's {@code xmin} names the transaction that
 * wrote a row), every POST with its own customer, number and upload.
 */
@QuarkusTest
@TestProfile(GroupCommitTest.OneWriter.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_group_commit_test"))
class GroupCommitTest {

    static final int QUEUED = 19;

    public static class OneWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("channel.group-commit.writers", "1", "channel.group-commit.wait", "30s");
        }
    }

    @Inject
    CustomerGroupCommit groupCommit;
    @Inject
    DataSource dataSource;

    private final ExecutorService tills = Executors.newFixedThreadPool(QUEUED + 1);

    @AfterEach
    void stopTills() {
        tills.shutdownNow();
    }

    @Test
    void postsThatArriveDuringAWriteShareTheNextCommitAndEachGetsItsOwnCustomer() throws Exception {
        String run = "Group" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Response> first;
        List<CompletableFuture<Response>> queued;
        try (CustomerTableLock lock = CustomerTableLock.take(dataSource)) {
            first = CompletableFuture.supplyAsync(() -> post("P0", run), tills);
            lock.awaitBlockedWriter();
            queued = IntStream.rangeClosed(1, QUEUED)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("P" + i, run), tills)).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> groupCommit.waiting() == QUEUED);
            assertTrue(queued.stream().noneMatch(CompletableFuture::isDone), "no POST is answered before its commit");
        }

        assertEquals(201, first.get().statusCode());
        Set<String> numbers = queued.stream().map(CompletableFuture::join)
                .peek(answer -> assertEquals(201, answer.statusCode(), answer.asString()))
                .map(answer -> answer.<String>path("asyncCustomerNumber")).collect(Collectors.toSet());
        assertEquals(QUEUED, numbers.size(), "every POST has its own async customer number");

        Sql sql = new Sql(dataSource);
        assertEquals(QUEUED, sql.count("select count(*) from customer where last_name = ? and first_name <> 'P0'", run));
        assertEquals(1, sql.count("""
                select count(distinct xmin::text) from customer where last_name = ? and first_name <> 'P0'""", run),
                "the queued customers were saved in one transaction");
        assertEquals(QUEUED + 1, sql.count("""
                select count(*) from outbox_event o join customer c on o.message_key = c.id::text
                where o.event_type = ? and c.last_name = ? and o.payload -> 'sealed' is not null
                  and o.payload ->> 'lastName' is null""", EventType.CUSTOMER_CREATED.ceType(), run),
                "each customer has its upload, sealed");
        assertEquals(QUEUED + 1, sql.count("""
                select count(*) from customer_address a join customer c on c.id = a.customer_id where c.last_name = ?""",
                run), "and its address");
    }

    @Test
    void aCustomerTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsSaved() throws Exception {
        String run = "Refused" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Customer> first;
        List<CompletableFuture<Customer>> group;
        try (CustomerTableLock lock = CustomerTableLock.take(dataSource)) {
            first = save("first", run);
            lock.awaitBlockedWriter();
            // a first name longer than its column: the validation of the API would refuse it, the database does
            group = List.of(save("good", run), save("x".repeat(101), run), save("fine", run));
            await().atMost(Duration.ofSeconds(20)).until(() -> groupCommit.waiting() == group.size());
        }

        assertNotNull(first.get().asyncCustomerNumber);
        assertNotNull(group.get(0).get().asyncCustomerNumber);
        assertNotNull(group.get(2).get().asyncCustomerNumber);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> group.get(1).get());
        assertTrue(FailureClassifier.isPoison(refused.getCause()), "the database refused the data: " + refused.getCause());
        Sql sql = new Sql(dataSource);
        assertEquals(3, sql.count("select count(*) from customer where last_name = ? and first_name in ('first', 'good', 'fine')", run));
        assertEquals(3, sql.count("select count(*) from customer where last_name = ?", run), "nothing of the refused one");
    }

    private CompletableFuture<Customer> save(String firstName, String lastName) {
        CreateCustomerRequest request = new CreateCustomerRequest(firstName, lastName, null, null, null, null);
        return CompletableFuture.supplyAsync(
                () -> groupCommit.save(CustomerRegistration.unnumbered("HOUSTON", request.toCommand()), null), tills);
    }

    static Response post(String firstName, String lastName) {
        return given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("firstName", firstName, "lastName", lastName, "addresses", List.of(ChannelApi.HOME)))
                .when().post("/api/v1/customers");
    }
}
