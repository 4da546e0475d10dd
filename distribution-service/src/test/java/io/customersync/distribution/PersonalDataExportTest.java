package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The channel databases' part of a personal-data export with stores that do not answer: two
 * channels whose "database" accepts the connection and then stays silent (a store whose server
 * hangs) are read at the same time as the others, within one deadline
 * ({@code distribution.privacy.channel-timeout}, 4 s, below HQ's 5 s; the login itself gives up after the connect
 * timeout, 3 s, since 2026-12-06), and listed as not answering, while the channels that answer are in the export.
 * (Read one after another, each silent store would hold the export for the socket timeout of 30 s.)
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class PersonalDataExportTest {

    private static final String OPS = "Bearer demo-ops";
    private static final org.hamcrest.Matcher<Object> SILENT = org.hamcrest.Matchers.anyOf(
            equalTo("channel database unavailable"), equalTo("channel database did not answer within 4000 ms"));

    @Test
    void storesThatDoNotAnswerAreListedAsSuchWithinOneDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (String channelId : List.of("SILENT1", "SILENT2")) {
                given().header("Authorization", OPS).contentType("application/json")
                        .body("{\"jdbcUrl\":\"jdbc:postgresql://localhost:" + silent.getLocalPort() + "/silent\","
                                + "\"username\":\"customer_distribution\","
                                + "\"passwordRef\":\"config:distribution.channels.HOUSTON.password\","
                                + "\"addressBook\":\"SILENTBOOK\",\"excludeCustomerData\":false}")
                        .when().put("/api/v1/channels/" + channelId).then().statusCode(201);
            }
            try {
                UUID id = UUID.randomUUID();
                insertAsyncCustomers("HOUSTON", List.of(id));
                send(UUID.randomUUID(), synced("HOUSTON", id, "C470001"));
                awaitSynced("HOUSTON", id);
                try (Connection houston = connect("HOUSTON"); PreparedStatement attributes = houston.prepareStatement(
                        "update customer set attributes = '{\"loyalty\": \"gold\", \"store\": \"0042\"}' where id = ?")) {
                    attributes.setObject(1, id);
                    attributes.executeUpdate();
                }

                given().header("Authorization", OPS).when().get("/api/v1/customers/" + id + "/personal-data").then()
                        .statusCode(200)
                        .body("channels.find { it.channelId == 'HOUSTON' }.available", equalTo(true))
                        .body("channels.find { it.channelId == 'HOUSTON' }.customer.accountNumber", equalTo("C470001"))
                        .body("channels.find { it.channelId == 'HOUSTON' }.customer.attributes",
                                equalTo(Map.of("loyalty", "gold", "store", "0042")))
                        .body("channels.find { it.channelId == 'OUTLET' }.available", equalTo(true))
                        .body("channels.find { it.channelId == 'OFFLINE' }.unavailableReason",
                                equalTo("channel database unavailable"))
                        .body("channels.find { it.channelId == 'SILENT1' }.available", equalTo(false))
                        // given up at the login's timeout (the connect timeout, 3 s) or, on a slow machine, at the
                        // export's deadline: either way within it, not after the socket timeout of 30 s
                        .body("channels.find { it.channelId == 'SILENT1' }.unavailableReason", SILENT)
                        .body("channels.find { it.channelId == 'SILENT2' }.unavailableReason", SILENT);
            } finally {
                for (String channelId : List.of("SILENT1", "SILENT2")) {
                    given().header("Authorization", OPS).when().delete("/api/v1/channels/" + channelId).then().statusCode(200);
                }
            }
        }
    }

    /**
     * A retired store's database still holds the customers it was given: the export reads it and says it is retired; a channel another deployment serves is listed
     * as not read here, naming that deployment. Both were left out until 2026-12-06.
     */
    @Test
    void aRetiredStoreIsReadAndAnotherDeploymentsStoreIsNamed() throws Exception {
        String database = ChannelDatabases.newChannelDatabase("channel_closed_store");
        String store = "{\"jdbcUrl\":\"" + io.customersync.testsupport.PostgresServer.shared().jdbcUrl(database)
                + "\",\"username\":\"customer_distribution\",\"passwordRef\":\"config:distribution.channels.HOUSTON.password\","
                + "\"addressBook\":\"RETAIL\",\"excludeCustomerData\":false%s}";
        given().header("Authorization", OPS).contentType("application/json").body(store.formatted(""))
                .when().put("/api/v1/channels/CLOSED").then().statusCode(201);
        given().header("Authorization", OPS).contentType("application/json")
                .body(store.formatted(",\"deployment\":\"elsewhere\"")).when().put("/api/v1/channels/FAR").then().statusCode(201);
        UUID id = UUID.randomUUID();
        try {
            insertAsyncCustomers("HOUSTON", List.of(id));
            send(UUID.randomUUID(), synced("HOUSTON", id, "C470002"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> "C470002".equals(ChannelDatabases.column(database, id, "account_number")));
            given().header("Authorization", OPS).when().delete("/api/v1/channels/CLOSED").then().statusCode(200);

            given().header("Authorization", OPS).when().get("/api/v1/customers/" + id + "/personal-data").then()
                    .statusCode(200)
                    .body("channels.find { it.channelId == 'CLOSED' }.retired", equalTo(true))
                    .body("channels.find { it.channelId == 'CLOSED' }.available", equalTo(true))
                    .body("channels.find { it.channelId == 'CLOSED' }.customer.accountNumber", equalTo("C470002"))
                    .body("channels.find { it.channelId == 'HOUSTON' }.retired", equalTo(false))
                    .body("channels.find { it.channelId == 'FAR' }.available", equalTo(false))
                    .body("channels.find { it.channelId == 'FAR' }.unavailableReason",
                            equalTo("served by distribution deployment elsewhere: its export reads it"));
        } finally {
            given().header("Authorization", OPS).when().delete("/api/v1/channels/FAR");
            given().header("Authorization", OPS).when().delete("/api/v1/channels/CLOSED");
        }
    }
}
