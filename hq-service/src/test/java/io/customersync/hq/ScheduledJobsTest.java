package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static io.customersync.hq.HqRows.query;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.TransactionLine;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The other modes: customer sync and statement posting on a schedule, order sync on demand. */
@QuarkusTest
@TestProfile(ScheduledJobsTest.Schedules.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_schedule_test"))
class ScheduledJobsTest {

    public static class Schedules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hq.jobs.customer-sync.mode", "SCHEDULED", "hq.jobs.customer-sync.interval", "1s",
                    "hq.jobs.order-sync.mode", "ON_DEMAND",
                    "hq.jobs.statement-posting.mode", "SCHEDULED", "hq.jobs.statement-posting.interval", "1s",
                    "hq.upload-consumer.group-id", "hq-schedule-test");
        }
    }

    @Test
    void scheduledJobsRunByThemselvesAndAnOnDemandJobWaitsForOps() throws Exception {
        CustomerCreated customer = newCustomer("SCHEDULED");
        TransactionRecorded order = transaction(TransactionRecorded.CUSTOMER_ORDER, customer);
        TransactionRecorded sale = transaction(TransactionRecorded.CASH_AND_CARRY, customer);

        upload(UUID.randomUUID(), customer);
        send(EventType.TRANSACTION_RECORDED, UUID.randomUUID(), customer.customerId(), "SCHEDULED", order);
        send(EventType.TRANSACTION_RECORDED, UUID.randomUUID(), customer.customerId(), "SCHEDULED", sale);

        awaitSynced(customer.customerId()); // the customer-sync schedule
        await().atMost(Duration.ofSeconds(30)).until(() -> query(
                "select statement_id from channel_transaction where transaction_id = ?", sale.transactionId()) != null);
        Thread.sleep(2_000);
        assertNull(query("select account_number from sales_order where transaction_id = ?", order.transactionId()),
                "order sync is on demand: nothing until ops run it");

        given().header("Authorization", "Bearer demo-ops").when().post("/api/v1/jobs/order-sync/run")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> query(
                "select account_number from sales_order where transaction_id = ?", order.transactionId()) != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1L).equals(
                query("select count(*) from job_run where job = ? and trigger = 'ON_DEMAND'", "order-sync")));
        given().header("Authorization", "Bearer demo-ops").when().get("/api/v1/jobs").then().statusCode(200)
                .body("find { it.name == 'order-sync' }.lastRun.trigger", equalTo("ON_DEMAND"))
                .body("find { it.name == 'order-sync' }.lastRun.requestedBy", equalTo("ops@*"))
                .body("find { it.name == 'order-sync' }.lastRun.processed", equalTo(1));
        given().header("Authorization", "Bearer demo-ops").when().get("/api/v1/jobs/order-sync/runs")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].runs", equalTo(1));
    }

    private static TransactionRecorded transaction(String type, CustomerCreated customer) {
        return new TransactionRecorded(UUID.randomUUID(), customer.channelId(), type, customer.customerId(), null, "EUR",
                List.of(new TransactionLine("BREAD", BigDecimal.ONE, new BigDecimal("3.10"))), new BigDecimal("3.10"),
                Instant.now());
    }
}
