package io.customersync.hq;

import static io.customersync.hq.HqEvents.newCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The real-time service's group commit: calls that come while its writer is busy share one
 * transaction, and each is answered for its own customer. The writer is kept busy by a lock on the
 * staging table, held by the test, until the calls wait for it. HQ requires an e-mail here.
 */
@QuarkusTest
@TestProfile(HqJobsTest.OnDemandCustomersHoldDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_jobs_test"))
class RealTimeGroupCommitTest {

    private static final String HOUSTON_RTS = "Bearer demo-rts-houston";

    @Inject
    DataSource dataSource;

    @Test
    void callsThatComeWhileTheWriterIsBusyShareOneTransactionEachWithItsOwnAccountNumber() throws Exception {
        List<CustomerCreated> customers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            customers.add(newCustomer("HOUSTON"));
        }
        double commitsBefore = meter("customersync_rts_group_commit_commits_total");

        List<Response> answers = whileTheWriterIsHeld(customers);

        List<String> accountNumbers = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            Response answer = answers.get(i);
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals(customers.get(i).customerId().toString(), answer.path("customerId"));
            accountNumbers.add(answer.path("accountNumber"));
        }
        assertEquals(customers.size(), new HashSet<>(accountNumbers).size(), "every customer its own account number");
        assertEquals(2, meter("customersync_rts_group_commit_commits_total") - commitsBefore, 0.0,
                "the first call's transaction, then one for the five that waited");
    }

    @Test
    void aCustomerHqRefusesInAGroupFailsOnlyItsOwnCall() throws Exception {
        CustomerCreated refused = newCustomer("HOUSTON", UUID.randomUUID(), null, "+1 713 555 0142"); // no e-mail
        List<CustomerCreated> customers = List.of(newCustomer("HOUSTON"), newCustomer("HOUSTON"), refused,
                newCustomer("HOUSTON"));

        List<Response> answers = whileTheWriterIsHeld(customers);

        for (int i = 0; i < customers.size(); i++) {
            Response answer = answers.get(i);
            if (customers.get(i) == refused) {
                assertEquals(422, answer.statusCode(), answer.asString());
                assertEquals("application/problem+json", answer.contentType());
                assertTrue(answer.asString().contains("email is required at HQ"), answer.asString());
            } else {
                assertEquals(200, answer.statusCode(), answer.asString());
                assertEquals(customers.get(i).customerId().toString(), answer.path("customerId"));
            }
        }
        assertEquals(0L, HqRows.count("select count(*) from customer where customer_id = ?", refused.customerId()),
                "the refused customer has no account");
    }

    /**
     * Posts the first customer while the test holds the staging table, so the writer waits in its
     * transaction; posts the others once it does, and lets go once they all wait for the writer.
     */
    private List<Response> whileTheWriterIsHeld(List<CustomerCreated> customers) throws Exception {
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement sql = lock.createStatement()) {
                sql.execute("lock table async_customer_staging in exclusive mode");
            }
            calls.add(CompletableFuture.supplyAsync(() -> rts(customers.get(0))));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks() == 1);
            for (CustomerCreated customer : customers.subList(1, customers.size())) {
                calls.add(CompletableFuture.supplyAsync(() -> rts(customer)));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meter("customersync_rts_group_commit_waiting") == customers.size() - 1);
            lock.rollback();
        }
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> call : calls) {
            answers.add(call.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** Asked on a connection of its own: a transaction sees pg_stat_activity as it was when first asked. */
    private long waitingForLocks() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Response rts(CustomerCreated customer) {
        return given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON).body(EventJson.write(customer))
                .when().post("/api/v1/rts/customers").andReturn();
    }

    private static double meter(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+-]+)$")
                .matcher(given().when().get("/q/metrics").asString());
        return value.find() ? Double.parseDouble(value.group(2)) : Double.NaN;
    }
}
