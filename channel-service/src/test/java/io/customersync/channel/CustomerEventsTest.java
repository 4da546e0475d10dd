package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A storefront learns the account number without polling: server-sent events. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CustomerEventsTest {

    @Test
    void theStreamSendsTheAccountNumberTheMomentDistributionWritesIt() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/customers/" + id + "/events"))
                        .header("Authorization", POS_HOUSTON).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        Iterator<String> data = stream.body().filter(line -> line.startsWith("data:")).iterator();

        assertTrue(data.next().contains("\"status\":\"ASYNC\""));
        syncAsDistributionDoes(UUID.fromString(id), "C900001");
        String synced = data.next();

        assertTrue(synced.contains("\"status\":\"SYNCED\""), synced);
        assertTrue(synced.contains("\"accountNumber\":\"C900001\""), synced);
        assertTrue(!data.hasNext(), "the stream ends once the customer is synced");
    }

    @Test
    void aClientReconnectingWithTheFinalEventsIdIsToldThereIsNothingMore() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        syncAsDistributionDoes(UUID.fromString(id), "C900002");
        HttpResponse<Stream<String>> first = open(id, null);
        assertEquals(200, first.statusCode());
        java.util.List<String> lines = first.body().toList();
        String finalId = lines.stream().filter(line -> line.startsWith("id:")).reduce((a, b) -> b).orElseThrow()
                .substring(3).trim();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("data:") && line.contains("C900002")), lines.toString());

        assertEquals(204, open(id, finalId).statusCode(), "an EventSource stops on 204");
        HttpResponse<Stream<String>> older = open(id, "1");
        assertEquals(200, older.statusCode(), "a client that missed the final event gets it");
        assertTrue(older.body().anyMatch(line -> line.startsWith("data:") && line.contains("\"status\":\"SYNCED\"")));
    }

    /** A client reconnecting with the id of the event it has is not sent that event again, only the next. */
    @Test
    void aClientReconnectingWithTheIdOfTheEventItHasGetsOnlyTheNext() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        HttpResponse<Stream<String>> first = open(id, null);
        Iterator<String> firstLines = first.body().iterator();
        String asyncId = null;
        while (asyncId == null) {
            String line = firstLines.next();
            asyncId = line.startsWith("id:") ? line.substring(3).trim() : null;
        }
        Iterator<String> again = open(id, asyncId).body().filter(line -> line.startsWith("data:")).iterator();
        syncAsDistributionDoes(UUID.fromString(id), "C900003");
        String next = again.next();
        assertTrue(next.contains("\"status\":\"SYNCED\""), "the ASYNC event it had was sent again: " + next);
    }

    private static HttpResponse<Stream<String>> open(String id, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port
                + "/api/v1/customers/" + id + "/events")).header("Authorization", POS_HOUSTON)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamForAnotherChannelsCustomerIsNotFound() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/customers/" + id + "/events"))
                        .header("Authorization", ChannelApi.STOREFRONT_ONLINE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
    }

    /** What distribution-service writes into a channel database (channel-schema/README.md). */
    private static void syncAsDistributionDoes(UUID customerId, String accountNumber) throws Exception {
        try (Connection db = PostgresServer.shared().connect("channel_api_test")) {
            db.setAutoCommit(false);
            try (PreparedStatement update = db.prepareStatement(
                    "update customer set status = 'SYNCED', account_number = ?, synced_at = now() where id = ?");
                    PreparedStatement notify = db.prepareStatement("select pg_notify('customer_synced', ?)")) {
                update.setString(1, accountNumber);
                update.setObject(2, customerId);
                update.executeUpdate();
                notify.setString(1, customerId.toString());
                notify.execute();
            }
            db.commit();
        }
    }
}
