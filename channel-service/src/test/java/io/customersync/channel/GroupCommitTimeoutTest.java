package io.customersync.channel;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.EventType;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A customer that no writer takes within {@code channel.group-commit.wait} gets 503 and is not saved,
 * while the one a writer already holds is saved and answered 201, however long its write takes.
 */
@QuarkusTest
@TestProfile(GroupCommitTimeoutTest.ShortWait.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_group_commit_wait_test"))
class GroupCommitTimeoutTest {

    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("channel.group-commit.writers", "1", "channel.group-commit.wait", "1s");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aCustomerNoWriterTakesInTimeGets503AndIsNotSavedWhileTheOneBeingWrittenIsSaved() throws Exception {
        String run = "Wait" + UUID.randomUUID().toString().substring(0, 8);
        String uploads = "select count(*) from outbox_event where event_type = '" + EventType.CUSTOMER_CREATED.ceType()
                + "' and message_key <> ?"; // any upload (their bodies are sealed: no name to look for)
        long uploadsBefore = new Sql(dataSource).count(uploads, run);
        ExecutorService till = Executors.newSingleThreadExecutor();
        CompletableFuture<Response> beingWritten;
        try (CustomerTableLock lock = CustomerTableLock.take(dataSource)) {
            beingWritten = CompletableFuture.supplyAsync(() -> GroupCommitTest.post("Written", run), till);
            lock.awaitBlockedWriter();

            GroupCommitTest.post("Waiting", run).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("detail", containsString("nothing was saved"));
        } finally {
            till.shutdown();
        }

        assertEquals(201, beingWritten.get().statusCode(), "the customer being written waits for its commit");
        Sql sql = new Sql(dataSource);
        assertEquals(1, sql.count("select count(*) from customer where last_name = ? and first_name = 'Written'", run));
        assertEquals(0, sql.count("select count(*) from customer where last_name = ? and first_name = 'Waiting'", run));
        assertEquals(uploadsBefore + 1, sql.count(uploads, run), "one upload: the written customer's");
    }
}
