package io.customersync.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a service uses, with the configured partitions, if they are not there yet. */
public final class TopicProvisioner {

    private final Map<String, Object> connection;
    private final int partitions;
    private final short replicationFactor;
    private final Duration timeout;

    public TopicProvisioner(Map<String, Object> connection, int partitions, short replicationFactor, Duration timeout) {
        this.connection = Map.copyOf(connection);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** @throws Exception when the broker cannot be reached; callers retry */
    public void ensure(Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(connection)) {
            List<NewTopic> wanted = topics.stream()
                    .map(name -> new NewTopic(name, partitions, replicationFactor))
                    .toList();
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not answer within " + timeout, e);
                }
            }
        }
    }
}
