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
     * start; port 0 picks free ports (the controller listens on port + 1 when a port is given).
     */
    public static KafkaBroker start(int port, Path logDirectory, String clusterId) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaHost("localhost");
        if (port > 0) {
            broker.withKafkaPort(port).withControllerPort(port + 1);
        }
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
