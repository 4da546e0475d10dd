package io.customersync.testsupport;

import java.nio.file.Path;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one), started from Apache
 * Kafka's own jars inside this JVM.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final EmbeddedKafkaBroker broker;

    private KafkaBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts a broker. With a log directory and a fixed cluster id its topics are kept for the next
     * start; port 0 picks two free neighbouring ports ({@link FreePorts#pair()}). The controller listens on
     * port + 1. (Left to itself, the embedded broker picked each of its two listeners' ports alone and
     * once got the same port twice: "Each listener must have a different port".)
     */
    public static KafkaBroker start(int port, Path logDirectory, String clusterId) {
        int kafkaPort = port > 0 ? port : FreePorts.pair();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaHost("localhost")
                .withKafkaPort(kafkaPort).withControllerPort(kafkaPort + 1);
        if (logDirectory != null) {
            broker.withDeleteLogDirsOnClose(false).withClusterId(clusterId);
        }
        broker.withAdditionalProperties(p -> {
            if (logDirectory != null) {
                p.put("log.dirs", logDirectory.toString());
            }
            p.put("num.partitions", "3");
            p.put("auto.create.topics.enable", "false");
        });
        return new KafkaBroker(broker.start());
    }

    /** One broker for the whole test JVM, stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start(0, null, null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-shutdown"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners();
    }

    @Override
    public void close() {
        broker.close();
    }
}
