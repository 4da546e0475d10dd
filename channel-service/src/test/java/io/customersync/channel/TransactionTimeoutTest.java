package io.customersync.channel;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A save held on a lock past the transaction time-out commits nothing: its POST gets 503 (try again),
 * none of its rows is left behind (customer, address, upload), and the writer goes on saving. The purge
 * of keys made ahead and left unused relies on it: no save commits a customer long after it took its key.
 */
@QuarkusTest
@TestProfile(TransactionTimeoutTest.ShortTimeout.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_tx_timeout_test"))
class TransactionTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.transaction-manager.default-transaction-timeout", "5s",
                    "channel.group-commit.writers", "1", "channel.group-commit.wait", "30s");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aSaveHeldPastTheTransactionTimeOutCommitsNothingAndIsAnswered503() throws Exception {
        String run = "Held" + UUID.randomUUID().toString().substring(0, 8);
        Sql sql = new Sql(dataSource);
        GroupCommitTest.post("Warm", run).then().statusCode(201); // the first save's cold start is not timed out
        long uploadsBefore = sql.count("select count(*) from outbox_event");
        long addressesBefore = sql.count("select count(*) from customer_address");
        ExecutorService till = Executors.newSingleThreadExecutor();
        try {
            try (CustomerTableLock lock = CustomerTableLock.take(dataSource)) {
                CompletableFuture<Response> held =
                        CompletableFuture.supplyAsync(() -> GroupCommitTest.post("Held", run), till);
                lock.awaitBlockedWriter();
                // answered while the lock is still held: only the time-out can have ended its save
                held.get(30, TimeUnit.SECONDS).then().statusCode(503).contentType("application/problem+json")
                        .body("detail", containsString("try again"));
            }
        } finally {
            till.shutdown();
        }

        assertEquals(0, sql.count("select count(*) from customer where last_name = ? and first_name = 'Held'", run));
        assertEquals(addressesBefore, sql.count("select count(*) from customer_address"), "addresses");
        assertEquals(uploadsBefore, sql.count("select count(*) from outbox_event"), "uploads");
        GroupCommitTest.post("After", run).then().statusCode(201);
        assertEquals(2, sql.count("select count(*) from customer where last_name = ?", run), "the next one is saved");
    }
}
