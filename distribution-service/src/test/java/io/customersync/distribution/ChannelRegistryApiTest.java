package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistrations;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The live channel registry: ops add, change and retire channels through the API, no restart. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class ChannelRegistryApiTest {

    private static final String OPS = "Bearer demo-ops";
    private static final String SECRET = "registry-test-secret-do-not-show";

    @Inject
    ChannelRegistrations registrations;

    @Inject
    DistributionConfig config;

    @Test
    void aChannelAddedAtRunTimeGetsCopiesOfItsAddressBookAtOnceAndNoneOnceRetired() throws Exception {
        String database = ChannelDatabases.newChannelDatabase("dist_channel_popup");
        Path passwordFile = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "popup", ".password");
        Files.delete(passwordFile); // not there yet: the first connection cannot be opened
        String body = registration(PostgresServer.shared().jdbcUrl(database), "file:" + passwordFile, "RETAIL");
        given().header("Authorization", OPS).contentType("application/json").body(body)
                .when().put("/api/v1/channels/POPUP").then().statusCode(201)
                .body("status", equalTo("ACTIVE")).body("ownedHere", equalTo(true))
                .body("passwordRef", equalTo("file:" + passwordFile));

        // a customer of HOUSTON (address book RETAIL) is copied into the new store, once its password can be read
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C810001"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                .queryParam("channelId", "POPUP").when().get("/api/v1/download-sessions")
                .then().body("status", hasItem("RETRYING")));
        assertNull(ChannelDatabases.column(database, customerId, "account_number"), "no copy while the password file is missing");
        Files.writeString(passwordFile, SECRET + "\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> "C810001".equals(ChannelDatabases.column(database, customerId, "account_number")));

        given().header("Authorization", OPS).when().get("/api/v1/channels").then().statusCode(200)
                .body("find { it.channelId == 'POPUP' }.addressBook", equalTo("RETAIL"))
                .body("channelId", hasItem("HOUSTON"));
        given().header("Authorization", OPS).when().get("/api/v1/pipeline").then().statusCode(200)
                .body("channels.channelId", hasItem("POPUP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("customersync_deliveries_pending{channel=\"POPUP\"}"));

        // retired: no new deliveries, no longer on the page
        given().header("Authorization", OPS).when().delete("/api/v1/channels/POPUP").then().statusCode(200)
                .body("status", equalTo("RETIRED")).body("ownedHere", equalTo(false));
        UUID later = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(later));
        send(UUID.randomUUID(), synced("HOUSTON", later, "C810002"));
        ChannelDatabases.awaitSynced("HOUSTON", later);
        ChannelDatabases.awaitSynced("ONLINE", later);
        assertNull(ChannelDatabases.column(database, later, "account_number"), "a retired channel gets no copy");
        given().header("Authorization", OPS).when().get("/api/v1/pipeline").then().statusCode(200)
                .body("channels.channelId", not(hasItem("POPUP")));
        given().header("Authorization", OPS).when().get("/api/v1/channels/POPUP").then().statusCode(200)
                .body("status", equalTo("RETIRED"));
        given().header("Authorization", OPS).when().post("/api/v1/channels/POPUP/retry").then().statusCode(200)
                .body("channelId", equalTo("POPUP")); // its erasures (RetiredStoreErasureTest)
        given().header("Authorization", OPS).when().post("/api/v1/channels/NO-SUCH/retry").then().statusCode(404);
        given().header("Authorization", OPS).when().post("/api/v1/channels/NO-SUCH/retirement").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theSeedNeverOverwritesAChangeMadeThroughTheApi() throws Exception {
        String outlet = given().header("Authorization", OPS).when().get("/api/v1/channels/OUTLET").then().statusCode(200)
                .extract().path("jdbcUrl");
        given().header("Authorization", OPS).contentType("application/json")
                .body("{\"jdbcUrl\":\"" + outlet + "\",\"username\":\"customer_distribution\","
                        + "\"passwordRef\":\"config:distribution.channels.OUTLET.password\",\"addressBook\":\"RETAIL\","
                        + "\"excludeCustomerData\":true,\"poolSize\":2}")
                .when().put("/api/v1/channels/OUTLET").then().statusCode(200).body("poolSize", equalTo(2));

        // a second start against the same database (as after a restart) seeds from configuration again
        ChannelRegistry restarted = new ChannelRegistry(registrations, config);
        assertEquals(2, restarted.registered("OUTLET").orElseThrow().poolSize());
        assertEquals("config:distribution.channels.OUTLET.password",
                restarted.registered("OUTLET").orElseThrow().passwordRef().toString());
    }

    @Test
    void badInputIsAProblemAndWritesNothing() throws Exception {
        String good = registration("jdbc:postgresql://localhost:5432/x", "env:CHANNEL_DB_PASSWORD_BAD", "RETAIL");
        put("BAD", good.replace("jdbc:postgresql://localhost:5432/x", "jdbc:mysql://localhost/x"), 422, "jdbcUrl");
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "plain-password"), 422, "passwordRef");
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "vault:secret/x"), 422, "passwordRef");
        // no other secret of the service can be named (it would be sent to a database of the caller's choosing)
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "env:QUARKUS_DATASOURCE_PASSWORD"), 422, "passwordRef");
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "config:quarkus.datasource.password"), 422, "passwordRef");
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "file:/etc/passwd"), 422, "passwordRef");
        put("BAD", good.replace("env:CHANNEL_DB_PASSWORD_BAD", "file:" + System.getProperty("java.io.tmpdir")
                + "/../etc/passwd"), 422, "passwordRef");
        put("BAD", good.replace("\"username\":\"customer_distribution\"", "\"username\":\"x; drop\""), 422, "username");
        put("BAD", good.replace("\"excludeCustomerData\":false", "\"excludeCustomerData\":false,\"password\":\"x\""), 400, "password");
        // a misspelt field is refused, not dropped (taken silently until 2026-12-06)
        put("BAD", good.replace("\"excludeCustomerData\":false", "\"excludeCustomerData\":false,\"adressBook\":\"X\""), 400,
                "adressBook");
        put("BAD", "{not json", 400, null);
        put("BAD", good.replace("\"poolSize\":null", "\"poolSize\":0"), 422, "poolSize");
        given().header("Authorization", OPS).contentType("application/json").body(good)
                .when().put("/api/v1/channels/bad id!").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", OPS).contentType("application/json").body(good)
                .when().put("/api/v1/channels/" + "X".repeat(33)).then().statusCode(400);
        assertFalse(registrations.find("BAD").isPresent(), "nothing written");
        given().header("Authorization", OPS).when().get("/api/v1/channels/BAD").then().statusCode(404)
                .contentType("application/problem+json");

        // changes need a key for every channel; a channel-bound ops key sees its own channel only
        given().header("Authorization", "Bearer test-ops-houston").contentType("application/json").body(good)
                .when().put("/api/v1/channels/BAD").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer test-ops-houston").when().get("/api/v1/channels").then()
                .statusCode(200).body("channelId", equalTo(List.of("HOUSTON")));
        given().header("Authorization", "Bearer demo-pos-houston").when().get("/api/v1/channels").then().statusCode(403);
        assertFalse(registrations.find("BAD").isPresent(), "nothing written");
    }

    @Test
    void noAnswerCarriesAPassword() {
        for (String path : List.of("/api/v1/channels", "/api/v1/channels/HOUSTON", "/api/v1/pipeline")) {
            String answer = given().header("Authorization", OPS).when().get(path).then().statusCode(200)
                    .extract().asString();
            assertFalse(answer.contains("not-needed-locally") || answer.contains(SECRET), path + ": " + answer);
        }
    }

    private static void put(String channelId, String body, int status, String field) {
        var answer = given().header("Authorization", OPS).contentType("application/json").body(body)
                .when().put("/api/v1/channels/" + channelId).then().statusCode(status)
                .contentType("application/problem+json");
        if (field != null) {
            answer.body("errors.field", hasItem(field));
        }
    }

    private static String registration(String jdbcUrl, String passwordRef, String addressBook) {
        return "{\"jdbcUrl\":\"" + jdbcUrl + "\",\"username\":\"customer_distribution\",\"passwordRef\":\"" + passwordRef
                + "\",\"addressBook\":\"" + addressBook + "\",\"excludeCustomerData\":false,\"poolSize\":null}";
    }
}
