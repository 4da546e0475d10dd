package io.customersync.distribution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.Topics;
import io.customersync.messaging.DeadLetterPublisher;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.messaging.TopicProvisioner;
import io.customersync.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The pipeline page's dead letters: listed without their bodies, replayed once, on the real broker. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class PipelineDeadLettersApiTest {

    private static final String OPS = "Bearer demo-ops";
    private static final String LIST = "/api/v1/pipeline/dead-letters";
    private static final String DEAD_UPLOADS = Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS);

    @Test
    void aDeadLetterIsListedWithoutItsBodyAndReplayedToItsTopicOnce() throws Exception {
        new TopicProvisioner(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelDatabases.BOOTSTRAP), 3, (short) 1,
                Duration.ofSeconds(10)).ensure(List.of(Topics.CUSTOMER_UPLOADS, DEAD_UPLOADS));
        String key = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>(Topics.CUSTOMER_UPLOADS, 0, 42L, key,
                "{\"lastName\":\"Poisonous-Body\"}".getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventHeaders.TYPE, "io.customersync.CustomerCreated".getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClientConfigs.producer(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelDatabases.BOOTSTRAP), "dead-letter-test"))) {
            new DeadLetterPublisher(producer, "hq-test", Duration.ofSeconds(10), new SimpleMeterRegistry(),
                    Topics.CUSTOMER_UPLOADS).publish(poison,
                    new IllegalArgumentException("missing channelId"));
        }

        String topic = "find { it.topic == '" + DEAD_UPLOADS + "' }";
        String letter = topic + ".latest.find { it.eventId == '" + eventId + "' }";
        ExtractableResponse<Response> listed = given().header("Authorization", OPS).when().get(LIST).then()
                .statusCode(200)
                .body(topic + ".originalTopic", equalTo(Topics.CUSTOMER_UPLOADS))
                .body(topic + ".count", greaterThanOrEqualTo(1))
                .body(letter + ".reason", equalTo("missing channelId"))
                .body(letter + ".eventType", equalTo("io.customersync.CustomerCreated"))
                .body(letter + ".originalTopic", equalTo(Topics.CUSTOMER_UPLOADS))
                .body(letter + ".at", notNullValue())
                .body(letter + ".replayedAt", nullValue())
                .body(not(containsString("Poisonous"))).extract();
        int partition = listed.path(letter + ".partition");
        long offset = ((Number) listed.path(letter + ".offset")).longValue();
        String replay = LIST + "/" + DEAD_UPLOADS + "/" + partition + "/" + offset + "/replay";

        given().header("Authorization", OPS).when().post(replay).then().statusCode(200)
                .body("to", startsWith(Topics.CUSTOMER_UPLOADS + "/"));
        List<ConsumerRecord<String, byte[]>> replayed = TopicReader.readUntil(ChannelDatabases.BOOTSTRAP,
                Topics.CUSTOMER_UPLOADS, r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, replayed.size());
        assertEquals("{\"lastName\":\"Poisonous-Body\"}", new String(replayed.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(eventId, TopicReader.header(replayed.get(0), CloudEventHeaders.ID));
        assertNull(TopicReader.header(replayed.get(0), DeadLetterPublisher.REASON), "the dead-letter headers stay behind");

        given().header("Authorization", OPS).when().post(replay).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("replayed before"));
        given().header("Authorization", OPS).when().get(LIST).then().statusCode(200)
                .body(letter + ".replayedAt", notNullValue())
                .body(letter + ".replayedBy", startsWith("ops@"))
                .body(letter + ".replayedBy", not(containsString("demo-ops")));
    }

    @Test
    void onlyAPipelineDeadLetterThatIsThereIsReplayedAndOnlyWithTheOpsKey() {
        given().header("Authorization", OPS).when().post(LIST + "/" + Topics.CUSTOMER_SYNC + "/0/0/replay").then()
                .statusCode(404).contentType("application/problem+json");
        given().header("Authorization", OPS).when().post(LIST + "/" + Topics.deadLetterOf(Topics.CUSTOMER_SYNC)
                + "/0/999999999/replay").then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", OPS).when().post(LIST + "/" + Topics.deadLetterOf(Topics.CUSTOMER_SYNC)
                + "/-1/0/replay").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("partition"));
        given().when().get(LIST).then().statusCode(401);
        given().when().post(LIST + "/" + DEAD_UPLOADS + "/0/0/replay").then().statusCode(401);
    }
}
