package io.customersync.channel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * POSTs creating customers with an {@code Idempotency-Key}, many at once: a keyed sync-mode POST holds no
 * database connection while HQ's real-time service answers (more of them than the store has connections are in
 * HQ's hands at the same moment, and every one is saved), and tries of one key sent at once are one customer
 * with one answer, in async and in sync mode. A real HTTP server stands in for HQ ({@link HqStubResource}).
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_rts_test"))
@WithTestResource(HqStubResource.class)
class KeyedCreationTest {

    private static final String SYNC = "Bearer test-pos-syncstore";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int connections;

    @TestHTTPResource("/api/v1/customers")
    URI customers;

    @Test
    void keyedSyncPostsBeyondTheStoresDatabaseConnectionsAreAllInHqsHandsAtOnceAndAllSaved() {
        assertTrue(connections < HqStubResource.GATHERED, "more POSTs than connections: " + connections);
        // A round fails if the POSTs do not all reach HQ within its 1.8 s (a slow machine, a cold service); with
        // connections held while HQ answers, no round can: at most `connections` of them reach it at once.
        List<String> rounds = new java.util.ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            String firstName = tag();
            List<HttpResponse<String>> answers = atOnce(HqStubResource.GATHERED,
                    i -> post(SYNC, UUID.randomUUID().toString(), ChannelApi.customer(firstName, "Gathered", i)));
            long saved = answers.stream().filter(answer -> answer.statusCode() == 201).count();
            if (saved == HqStubResource.GATHERED) {
                assertEquals(HqStubResource.GATHERED, found(SYNC, firstName));
                return;
            }
            rounds.add(saved + " of " + HqStubResource.GATHERED + " saved: " + answers.stream()
                    .filter(answer -> answer.statusCode() != 201).findFirst().map(HttpResponse::body).orElse(""));
        }
        throw new AssertionError("in no round were all POSTs in HQ's hands at once: " + rounds);
    }

    @Test
    void triesOfOneKeySentAtOnceAreOneCustomerWithOneAnswerInAsyncAndSyncMode() {
        for (String till : List.of(ChannelApi.POS_HOUSTON, SYNC)) {
            String firstName = tag();
            String key = UUID.randomUUID().toString();
            List<HttpResponse<String>> answers = atOnce(12, i -> post(till, key, ChannelApi.customer(firstName, "Numbered", 0)));
            answers.forEach(answer -> assertEquals(201, answer.statusCode(), answer.body()));
            assertEquals(1, answers.stream().map(HttpResponse::body).distinct().count(), "one answer, byte for byte");
            assertEquals(1, found(till, firstName), till);
        }
    }

    @Test
    void oneKeySentAtOnceWithDifferentRequestsCreatesOneCustomerAndRefusesTheOthers() {
        String firstName = tag();
        String key = UUID.randomUUID().toString();
        List<HttpResponse<String>> answers = atOnce(12, i -> post(ChannelApi.POS_HOUSTON, key, ChannelApi.customer(firstName, "Numbered", i)));
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count(), answers.toString());
        assertEquals(11, answers.stream().filter(a -> a.statusCode() == 422).count(), answers.toString());
        assertEquals(1, found(ChannelApi.POS_HOUSTON, firstName));
    }

    @Test
    void oneKeySentAtOnceWithDifferentRequestsInSyncModeIsOneCustomerAtHqToo() {
        String firstName = tag();
        String key = UUID.randomUUID().toString();
        List<HttpResponse<String>> answers = atOnce(12, i -> post(SYNC, key, ChannelApi.customer(firstName, "Counted", i)));
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count(), answers.toString());
        assertEquals(11, answers.stream().filter(a -> a.statusCode() == 422).count(), answers.toString());
        assertEquals(1, HqStubResource.counted(firstName), "HQ asked to make one customer, not one a request");
        assertEquals(1, found(SYNC, firstName));
    }

    private List<HttpResponse<String>> atOnce(int count, IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, count)
                .mapToObj(i -> HTTP.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString())).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest post(String till, String key, Map<String, Object> body) {
        return ChannelApi.customerPost(customers, till, key, body);
    }

    private static String tag() {
        return "K" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static int found(String till, String firstName) {
        return given().header("Authorization", till).queryParam("q", firstName).when().get("/api/v1/customers")
                .then().statusCode(200).extract().path("total");
    }
}
