package io.customersync.channel;

import java.util.HashMap;
import java.util.Map;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.RestartableKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The real PostgreSQL and a broker of the test's own, which the test stops and starts again. */
public class KafkaOutageResource implements QuarkusTestResourceLifecycleManager {

    static RestartableKafka kafka;
    private final PostgresAndKafkaResource postgres = new PostgresAndKafkaResource();

    @Override
    public void init(Map<String, String> initArgs) {
        postgres.init(Map.of("database", "channel_kafka_outage_test"));
    }

    @Override
    public Map<String, String> start() {
        kafka = new RestartableKafka();
        Map<String, String> config = new HashMap<>(postgres.start());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        kafka.close();
    }
}
