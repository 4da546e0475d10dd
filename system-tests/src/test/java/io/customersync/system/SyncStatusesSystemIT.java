package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statuses that say the truth, through every service as processes: HQ requires a phone
 * ({@code hq.customer.required-fields=phone}; its process is restarted with it for this test and
 * back without it after), a store posts a customer without one and sees FAILED with the field to fix
 * (the event stream ends with it), edits the phone in, and sees SYNCED with an account number: HQ
 * retried by itself, no ops retry.
 */
class SyncStatusesSystemIT {

    private static ServiceProcess phoneRequiredHq;

    @BeforeAll
    static void hqRequiresAPhone() throws Exception {
        phoneRequiredHq = RunningSystem.restartHqWith(Map.of("hq.customer.required-fields", "phone"));
    }

    @AfterAll
    static void hqAsUsual() throws Exception {
        RunningSystem.restartHqAsUsual(phoneRequiredHq);
    }

    @Test
    void aCustomerWithoutTheFieldHqRequiresIsFailedAtTheStoreUntilAnEditGetsItSynced() throws Exception {
        String marker = "Status" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", """
                {"firstName":"%s","lastName":"Tester","email":"%s@example.com",
                 "addresses":[{"street":"1 Main St","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase()));
        assertEquals(201, created.statusCode(), created.body());
        UUID id = idOf(created.body());

        // the storefront's stream ends with HQ's refusal, not after its timeout
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(RunningSystem.customers("HOUSTON", "/" + id + "/events"))
                        .header("Authorization", "Bearer " + HOUSTON_POS).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        Iterator<String> data = stream.body().filter(line -> line.startsWith("data:")).iterator();
        String last = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            String line = data.next();
            while (data.hasNext()) {
                line = data.next();
            }
            return line;
        });
        assertTrue(last.contains("\"status\":\"FAILED\"") && last.contains("\"fieldsToFix\":[\"phone\"]")
                && last.contains("\"statusReason\":\"REQUIRED_FIELDS_MISSING\""), last);
        String failed = RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id);
        assertTrue(failed.contains("\"status\":\"FAILED\"") && failed.contains("\"accountNumber\":null"), failed);
        assertTrue(send("HOUSTON", HOUSTON_POS, "GET", "?q=" + marker.toLowerCase(), null).body()
                .contains("\"status\":\"FAILED\""), "till search shows it too");

        HttpResponse<String> edited = send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"phone\":\"+1 713 555 0199\"}");
        assertEquals(200, edited.statusCode(), edited.body());

        String synced = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"SYNCED\""));
        assertTrue(synced.matches(".*\"accountNumber\":\"C\\d{6}\".*") && synced.contains("\"fieldsToFix\":[]"), synced);
        assertEquals(0L, queryOne("hq", "select count(*) from staging_history where customer_id = ? and detail = 'retried by ops'", id));
        for (ServiceProcess service : List.of(phoneRequiredHq, RunningSystem.get().service(LocalSystem.DISTRIBUTION),
                RunningSystem.get().service(LocalSystem.channelService("HOUSTON")))) {
            assertFalse(Files.readString(service.log()).toLowerCase().contains(marker.toLowerCase()),
                    service.name() + " logged personal data");
        }
    }

    @Test
    void opsCorrectionOfAFailedCustomerReachesTheStoreThatCreatedIt() throws Exception {
        String marker = "Correct" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", """
                {"firstName":"%s","lastName":"Misspeled","email":"%s@example.com",
                 "addresses":[{"street":"1 Main St","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase()));
        assertEquals(201, created.statusCode(), created.body());
        UUID id = idOf(created.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"FAILED\""));

        // ops correct the staged customer at HQ and retry it: HQ's customer, not the store's, is the truth
        assertEquals(200, ops("PATCH", "/api/v1/staging/" + id, "{\"lastName\":\"Corrected\",\"phone\":\"+1 713 555 0188\"}"));
        int retried = ops("POST", "/api/v1/staging/" + id + "/retry", null);
        assertTrue(retried / 100 == 2, "retry answered " + retried);

        String synced = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"SYNCED\""));
        assertTrue(synced.contains("\"lastName\":\"Corrected\"") && synced.contains("\"phone\":\"+1 713 555 0188\"")
                && synced.contains("\"hqVersion\":1"), synced);
    }

    private static int ops(String method, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + RunningSystem.get().layout().hqPort() + path))
                .header("Authorization", "Bearer demo-ops").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
