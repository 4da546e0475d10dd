package io.customersync.channel;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.customersync.testsupport.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** What the webhook tests do over and over: subscribe through the ops API, sync as distribution does, check a signature. */
final class WebhookFixture {

    static final String DATABASE = "channel_webhook_test";

    private WebhookFixture() {
    }

    static ValidatableResponse subscribe(String channelId, String url, List<String> events) {
        return given().header("Authorization", ChannelApi.OPS).contentType(ContentType.JSON)
                .body(Map.of("channelId", channelId, "url", url, "events", events))
                .when().post("/api/v1/webhooks").then();
    }

    static void unsubscribe(String channelId) {
        given().header("Authorization", ChannelApi.OPS).when().delete("/api/v1/webhooks/" + channelId);
    }

    static ValidatableResponse deliveries(String channelId, String status) {
        return given().header("Authorization", ChannelApi.OPS).queryParam("status", status)
                .when().get("/api/v1/webhooks/" + channelId + "/deliveries").then();
    }

    static ValidatableResponse replay(String channelId, String eventId) {
        return given().header("Authorization", ChannelApi.OPS)
                .when().post("/api/v1/webhooks/" + channelId + "/deliveries/" + eventId + "/replay").then();
    }

    /** What distribution-service writes into a channel database, as its own role (channel-schema/README.md). */
    static void syncAsDistribution(String customerId, String accountNumber) throws Exception {
        asDistribution("update customer set status = 'SYNCED', account_number = ?, synced_at = now(), updated_at = now()"
                + " where id = ?", accountNumber, UUID.fromString(customerId));
    }

    /** HQ's refusal as distribution-service writes it into a channel database, as its own role. */
    static void refuseAsDistribution(String customerId, java.time.Instant decidedAt) throws Exception {
        asDistribution("update customer set status = 'FAILED', sync_reason = 'REQUIRED_FIELDS_MISSING',"
                + " fields_to_fix = '[\"phone\"]', sync_status_at = ?, updated_at = now() where id = ?",
                java.sql.Timestamp.from(decidedAt), UUID.fromString(customerId));
    }

    /** HQ's next version of a customer (an edit made elsewhere) as distribution-service writes it, as its own role. */
    static void newVersionAsDistribution(String customerId, long version, String phone) throws Exception {
        asDistribution("update customer set phone = ?, hq_version = ?, updated_at = now() where id = ?", phone, version,
                UUID.fromString(customerId));
    }

    /** HQ's erasure as distribution-service writes it into a channel database (erase_customer, as its own role). */
    static void eraseAsDistribution(String customerId, String accountNumber) throws Exception {
        asDistribution("select erase_customer(?, 'HOUSTON', 'HOUSTON-erased', ?, 2, now(), false)",
                UUID.fromString(customerId), accountNumber);
    }

    private static void asDistribution(String sql, Object... parameters) throws Exception {
        try (Connection db = PostgresServer.shared().connect(DATABASE)) {
            db.setAutoCommit(false);
            try (Statement role = db.createStatement(); PreparedStatement statement = db.prepareStatement(sql)) {
                role.execute("set local role customer_distribution");
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.execute();
            }
            db.commit();
        }
    }

    /** Rows of the channel database's table (to show that a refused request wrote nothing). */
    static long rows(String table) throws Exception {
        try (Connection db = PostgresServer.shared().connect(DATABASE);
                Statement count = db.createStatement();
                ResultSet rs = count.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The secret stored for the channel's subscription. */
    static String storedSecret(String channelId) throws Exception {
        try (Connection db = PostgresServer.shared().connect(DATABASE);
                PreparedStatement select = db.prepareStatement("select secret from webhook_subscription where channel_id = ?")) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The receiver's side of docs/api.md: HMAC-SHA256 of {@code t + "." + body}, keyed with the secret. */
    static boolean signatureMatches(String header, String secret, String body) throws Exception {
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((parts.get("t") + "." + body).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.get("v1").getBytes(StandardCharsets.US_ASCII));
    }
}
