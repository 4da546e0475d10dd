package io.customersync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A broker of its own that a test can stop and start again: same port, same data, same cluster. */
public final class RestartableKafka implements AutoCloseable {

    private final int port = FreePorts.pair();
    private final Path logs;
    private final String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
    private KafkaBroker broker;

    public RestartableKafka() {
        try {
            logs = Files.createTempDirectory("restartable-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public synchronized void start() {
        if (broker == null) {
            broker = KafkaBroker.start(port, logs, clusterId);
        }
    }

    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
