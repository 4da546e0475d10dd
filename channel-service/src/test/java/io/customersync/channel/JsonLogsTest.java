package io.customersync.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The JSON log option (as the tests run with it): one JSON object per line, personal data masked by the filter every handler uses. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class JsonLogsTest {

    /** Where the tests' configuration ({@code %test.quarkus.log.file.*} in application.properties) writes. */
    static final Path LOG = Path.of("target/json-logs-test.log");

    @Test
    void logLinesAreJsonWithEmailAndPhoneMasked() throws Exception {
        Logger.getLogger("io.customersync.channel.test").infof("customer wrote from %s, call back on %s",
                "ada@example.com", "+1 555 0100");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(LOG) && Files.readString(LOG).contains("customer wrote from"));
        List<String> lines = Files.readAllLines(LOG);
        ObjectMapper json = new ObjectMapper();
        String line = lines.stream().filter(l -> l.contains("customer wrote from")).findFirst().orElseThrow();
        JsonNode record = json.readTree(line);
        assertTrue(record.has("timestamp") && record.has("level"), line);
        String message = record.get("message").asText();
        assertTrue(message.contains("***@***") && message.contains("call back on ***"), message);
        for (String l : lines) {
            json.readTree(l); // every line is JSON
            assertFalse(l.contains("ada@example.com") || l.contains("555 0100"), l);
        }
    }
}
