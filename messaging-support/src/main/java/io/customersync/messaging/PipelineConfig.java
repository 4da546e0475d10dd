package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.Config;

/**
 * Reads the settings of relays, consumers and topics from a service's configuration
 * ({@code application.properties}, overridable by environment variables). Every key must be set
 * there: no tuning value hides in code.
 */
public final class PipelineConfig {

    private PipelineConfig() {
    }

    /** Keys under {@code prefix}: batch-size, idle-wait, send-timeout, retry-initial, retry-max. */
    public static OutboxRelay.Settings relay(Config config, String prefix, String name, String notifyChannel,
            long leaderLockKey) {
        return new OutboxRelay.Settings(name, notifyChannel, leaderLockKey,
                config.getValue(prefix + ".batch-size", Integer.class),
                config.getValue(prefix + ".idle-wait", Duration.class),
                config.getValue(prefix + ".send-timeout", Duration.class),
                config.getValue(prefix + ".retry-initial", Duration.class),
                config.getValue(prefix + ".retry-max", Duration.class));
    }

    /** Keys under {@code prefix}: poll-timeout, retry-initial, retry-max. */
    public static EventConsumerLoop.Settings consumer(Config config, String prefix, String name, String topic) {
        return new EventConsumerLoop.Settings(name, topic,
                config.getValue(prefix + ".poll-timeout", Duration.class),
                config.getValue(prefix + ".retry-initial", Duration.class),
                config.getValue(prefix + ".retry-max", Duration.class));
    }

    /** Keys: kafka-topics.partitions, kafka-topics.replication-factor, kafka-topics.admin-timeout. */
    public static TopicProvisioner topics(Config config, Map<String, Object> connection) {
        return new TopicProvisioner(connection,
                config.getValue("kafka-topics.partitions", Integer.class),
                config.getValue("kafka-topics.replication-factor", Short.class),
                config.getValue("kafka-topics.admin-timeout", Duration.class));
    }

    /** Key: {@code prefix}.dead-letter-timeout, how long a dead letter may wait for the broker. */
    public static Duration deadLetterTimeout(Config config, String prefix) {
        return config.getValue(prefix + ".dead-letter-timeout", Duration.class);
    }
}
