package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.column;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.sendErasure;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerErased;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A store's database outlives its retirement (docs/privacy.md): an erasure reaches a retired store of this deployment
 * as it reaches an active one, whether it was queued for the store before it was retired or came after, and nothing
 * else is delivered to it. Until 2026-12-06 no erasure reached a retired store.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class RetiredStoreErasureTest {

    private static final String OPS = "Bearer demo-ops";

    @Test
    void erasuresQueuedBeforeAndAfterItsRetirementReachTheStoreAndNothingElseDoes() throws Exception {
        String database = ChannelDatabases.newChannelDatabase("dist_channel_closing");
        given().header("Authorization", OPS).contentType("application/json").body("{\"jdbcUrl\":\""
                + PostgresServer.shared().jdbcUrl(database) + "\",\"username\":\"customer_distribution\",\"passwordRef\":"
                + "\"config:distribution.channels.HOUSTON.password\",\"addressBook\":\"RETAIL\",\"excludeCustomerData\":false}")
                .when().put("/api/v1/channels/CLOSING").then().statusCode(201);
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(before, after));
        send(UUID.randomUUID(), synced("HOUSTON", before, "C490001"));
        send(UUID.randomUUID(), synced("HOUSTON", after, "C490002"));
        await().atMost(Duration.ofSeconds(60)).until(() -> column(database, before, "account_number") != null
                && column(database, after, "account_number") != null);

        // the store cannot be reached: what is queued for it waits, an erasure among it
        ChannelDatabases.setOnline(database, false);
        UUID waiting = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(waiting));
        send(UUID.randomUUID(), synced("HOUSTON", waiting, "C490003"));
        ChannelDatabases.awaitSynced("HOUSTON", waiting);
        sendErasure(UUID.randomUUID(), erased(before, "C490001"));
        awaitErased("HOUSTON", before);
        given().header("Authorization", OPS).when().delete("/api/v1/channels/CLOSING").then().statusCode(200)
                .body("status", equalTo("RETIRED"));
        sendErasure(UUID.randomUUID(), erased(after, "C490002"));
        awaitErased("HOUSTON", after);

        // it answers again, retired: ops retry what waits for it; its erasures are applied, nothing else
        ChannelDatabases.setOnline(database, true);
        given().header("Authorization", OPS).when().post("/api/v1/channels/CLOSING/retry").then().statusCode(200);
        for (UUID erased : List.of(before, after)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> column(database, erased, "erased_at") != null);
            assertEquals(CustomerErased.ANONYMOUS_LAST_NAME, column(database, erased, "last_name"));
        }
        assertNull(column(database, waiting, "account_number"), "a retired store gets no customer, queued or not");
        given().header("Authorization", OPS).when().get("/api/v1/channels/CLOSING").then().statusCode(200)
                .body("pending", equalTo(1));
    }

    private static CustomerErased erased(UUID id, String account) {
        return new CustomerErased(id, "HOUSTON", "HOUSTON-" + id, account, 2L, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static void awaitErased(String channelId, UUID id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (var db = ChannelDatabases.connect(channelId); var select = db.prepareStatement(
                    "select erased_at is not null from customer where id = ?")) {
                select.setObject(1, id);
                try (var rs = select.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }
}
