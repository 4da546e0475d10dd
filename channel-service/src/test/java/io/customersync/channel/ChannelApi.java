package io.customersync.channel;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.customersync.contracts.EventJson;
import io.customersync.contracts.SealableEvent;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** What the channel tests do over and over: post a customer, read the uploads of one customer. */
final class ChannelApi {

    static final String POS_HOUSTON = "Bearer demo-pos-houston";
    static final String STOREFRONT_ONLINE = "Bearer demo-storefront-online";
    static final String OPS = "Bearer demo-ops";

    static final Map<String, Object> ADA = Map.of(
            "firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.com", "phone", "+1 555 0100",
            "addresses", List.of(Map.of("street", "1 Main St", "city", "Houston", "state", "TX", "zip", "77002",
                    "country", "US", "purpose", "HOME")),
            "attributes", Map.of("loyaltyTier", "gold"));

    static final Map<String, Object> HOME = Map.of("street", "9 Elm St", "city", "Austin", "state", "TX", "zip",
            "73301", "country", "US", "purpose", "DELIVERY");

    private ChannelApi() {
    }

    static ValidatableResponse post(String key, String path, Object body) {
        return given().header("Authorization", key).contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }

    /** A customer of one first name (what a test finds them by) and a last name the stand-in HQ answers by. */
    static Map<String, Object> customer(String firstName, String lastName, int n) {
        return Map.of("firstName", firstName, "lastName", lastName, "email", firstName.toLowerCase() + "." + n + "@example.com",
                "addresses", List.of(HOME));
    }

    /** A customer POST for java.net.http (requests sent at once); {@code idempotencyKey} may be null. */
    static java.net.http.HttpRequest customerPost(java.net.URI customers, String till, String idempotencyKey,
            Map<String, Object> body) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(customers)
                .header("Authorization", till).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new String(EventJson.write(body),
                        java.nio.charset.StandardCharsets.UTF_8)));
        return idempotencyKey == null ? request.build() : request.header("Idempotency-Key", idempotencyKey).build();
    }

    static String createCustomer(String key, Map<String, Object> body) {
        return post(key, "/api/v1/customers", body).statusCode(201).extract().path("customerId");
    }

    /**
     * An upload as HQ reads it: opened with the customer's data key of this channel database (read with
     * SQL, as a test may); a plaintext record as it is.
     */
    static <T extends SealableEvent> T opened(ConsumerRecord<String, byte[]> record, Class<T> type) {
        try {
            T event = EventJson.read(record.value(), type);
            if (event.sealed() == null) {
                return event;
            }
            javax.sql.DataSource db = io.quarkus.arc.Arc.container().instance(javax.sql.DataSource.class).get();
            try (java.sql.Connection connection = db.getConnection();
                    java.sql.PreparedStatement select = connection.prepareStatement(
                            "select data_key from customer_data_key where key_id = ?")) {
                select.setObject(1, SealedEvents.keyId(event).orElseThrow());
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new AssertionError("no key " + event.sealed().keyId() + " in the channel database");
                    }
                    return SealedEvents.open(event, rs.getBytes(1));
                }
            }
        } catch (java.io.IOException | java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The upload events of one customer, in topic order, once {@code count} of them are there. */
    static List<ConsumerRecord<String, byte[]>> uploadsOf(String customerId, int count) {
        return uploadsOf(customerId, count, Duration.ofSeconds(30));
    }

    /** As {@link #uploadsOf(String, int)}, giving up after {@code wait}: to show that no more came. */
    static List<ConsumerRecord<String, byte[]>> uploadsOf(String customerId, int count, Duration wait) {
        return TopicReader.readUntil(KafkaBroker.shared().bootstrapServers(), Topics.CUSTOMER_UPLOADS,
                r -> customerId.equals(r.key()), count, wait);
    }
}
