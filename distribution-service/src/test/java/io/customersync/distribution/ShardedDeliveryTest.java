package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.row;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistrations;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.testsupport.FreePorts;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two distribution deployments share one registry of the whole estate, each owning some channels:
 * this service is deployment {@code east} (its own database and consumer group) and owns ONLINE;
 * {@code main} owns HOUSTON, OUTLET, OFFLINE and WEST (address book WESTBOOK). East computes the
 * targets over the whole registry, queues only ONLINE's, and acknowledges an event none of whose
 * targets it owns without dead-lettering it. Module level: main's side is the same registry read
 * as deployment main (one Quarkus application per test JVM).
 */
@QuarkusTest
@TestProfile(ShardedDeliveryTest.East.class)
@WithTestResource(value = ChannelDatabasesResource.class, initArgs = @ResourceArg(name = "database", value = "dist_east"))
class ShardedDeliveryTest {

    private static final String OPS = "Bearer demo-ops";

    public static class East implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distribution.deployment", "east", "distribution-consumer.group-id", "distribution-east",
                    "distribution.channels.HOUSTON.deployment", "main", "distribution.channels.OUTLET.deployment", "main",
                    "distribution.channels.OFFLINE.deployment", "main",
                    "distribution.channels.WEST.jdbc-url", "jdbc:postgresql://localhost:" + FreePorts.any() + "/west",
                    "distribution.channels.WEST.username", "customer_distribution",
                    "distribution.channels.WEST.password-ref", "env:WEST_PASSWORD",
                    "distribution.channels.WEST.address-book", "WESTBOOK",
                    "distribution.channels.WEST.deployment", "main");
        }
    }

    @Inject
    ChannelRegistry registry;

    @Inject
    ChannelRegistrations registrations;

    @Inject
    DistributionConfig config;

    @Test
    void eachDeploymentQueuesOnlyItsOwnChannelsAndSkipsEventsForNoneOfThem() throws Exception {
        assertEquals(Set.of("ONLINE"), registry.channelIds());

        // a customer of WEST (main's only) and then, on the same partition (same key), one of HOUSTON
        UUID customerId = UUID.randomUUID();
        UUID westEvent = UUID.randomUUID();
        UUID houstonEvent = UUID.randomUUID();
        send(westEvent, synced("WEST", customerId, "C710001"));
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        send(houstonEvent, synced("HOUSTON", customerId, "C710001"));

        // east delivers HOUSTON's customer to its own ONLINE (a copy) and leaves HOUSTON itself to main
        assertEquals("C710001", awaitSynced("ONLINE", customerId).accountNumber());
        assertEquals("ASYNC", row("HOUSTON", customerId).status(), "HOUSTON is main's to deliver");
        assertEquals(List.of("ONLINE"), queuedChannels(houstonEvent));
        assertEquals(List.of(), queuedChannels(westEvent), "nothing queued for an event of main's channels only");

        // the WEST event was acknowledged and counted, not dead-lettered (it came before the HOUSTON one)
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*\\ncustomersync_events_skipped_total(\\{[^}]*\\})? [1-9][0-9.E]*\\n.*"), metrics);
        List<String> deadLettered = given().header("Authorization", OPS).when().get("/api/v1/pipeline/dead-letters")
                .then().statusCode(200).extract().path("latest.flatten().eventId");
        assertFalse(deadLettered.contains(westEvent.toString()), deadLettered.toString());

        // main's view of the same registry: the estate is split, every target has exactly one owner
        ChannelRegistry main = new ChannelRegistry(registrations, deployment("main"));
        assertEquals(Set.of("HOUSTON", "OUTLET", "OFFLINE", "WEST"), main.channelIds());
        for (String target : registry.targetsOf("HOUSTON")) {
            assertTrue(registry.owns(target) ^ main.owns(target), target);
        }
        given().header("Authorization", OPS).when().get("/api/v1/channels").then().statusCode(200)
                .body("find { it.channelId == 'WEST' }.deployment", org.hamcrest.Matchers.equalTo("main"))
                .body("find { it.channelId == 'WEST' }.ownedHere", org.hamcrest.Matchers.equalTo(false))
                .body("find { it.channelId == 'ONLINE' }.ownedHere", org.hamcrest.Matchers.equalTo(true));

        // a change through east that names no deployment leaves the channel with its owner
        String westUrl = given().header("Authorization", OPS).when().get("/api/v1/channels/WEST").then().statusCode(200)
                .extract().path("jdbcUrl");
        given().header("Authorization", OPS).contentType("application/json")
                .body("{\"jdbcUrl\":\"" + westUrl + "\",\"username\":\"customer_distribution\","
                        + "\"passwordRef\":\"env:CHANNEL_DB_PASSWORD_WEST\",\"addressBook\":\"WESTBOOK\","
                        + "\"excludeCustomerData\":false}")
                .when().put("/api/v1/channels/WEST").then().statusCode(200)
                .body("deployment", org.hamcrest.Matchers.equalTo("main"))
                .body("ownedHere", org.hamcrest.Matchers.equalTo(false));
        assertEquals(Set.of("ONLINE"), registry.channelIds());
    }

    private static List<String> queuedChannels(UUID eventId) {
        return QueuedDeliveries.find("event_id = ?", eventId).stream().map(QueuedDeliveries.Delivery::channelId)
                .sorted().toList();
    }

    /** This service's settings as deployment {@code name} would have them. */
    private DistributionConfig deployment(String name) {
        return (DistributionConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DistributionConfig.class}, (proxy, method, args) -> method.getName().equals("deployment")
                        ? name : method.invoke(config, args));
    }
}
