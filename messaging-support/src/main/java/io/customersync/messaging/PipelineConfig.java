package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The settings of relays, consumers and topics, typed and validated when a service starts. Each
 * service maps a {@link Relay} or {@link Consumer} group under its own key (e.g.
 * {@code channel.pjob}, {@code hq.upload-consumer}) in its config mapping; the topics are shared.
 * Every key must be set in the service's {@code application.properties}: no tuning value hides in
 * code.
 */
public interface PipelineConfig {

    /**
     * An outbox relay: keys batch-size, idle-wait, send-timeout, retry-initial, retry-max, stop-grace,
     * and the batching of {@link BatchLinger}: quiet, linger, linger-records.
     */
    interface Relay extends Batching {
        @Positive
        int batchSize();

        @DurationMin(millis = 1)
        Duration idleWait();

        @DurationMin(millis = 1)
        Duration sendTimeout();

        @DurationMin(millis = 1)
        Duration retryInitial();

        @DurationMin(millis = 1)
        Duration retryMax();

        @DurationMin(millis = 0)
        Duration stopGrace();
    }

    /**
     * A consumer: keys group-id, poll-timeout, session-timeout, retry-initial, retry-max,
     * dead-letter-timeout (how long a dead letter may wait for the broker), stop-grace, and the
     * gathering of {@link EventConsumerLoop.Gathering}: linger, linger-records (records that were waiting when a
     * batch ended are gathered with more, unless that batch was a lone record; a consumer needs no quiet: it sees
     * whether records waited).
     */
    interface Consumer extends Gathering {
        @NotBlank
        String groupId();

        @DurationMin(millis = 1)
        Duration pollTimeout();

        @DurationMin(millis = 1)
        Duration sessionTimeout();

        @DurationMin(millis = 1)
        Duration retryInitial();

        @DurationMin(millis = 1)
        Duration retryMax();

        @DurationMin(millis = 1)
        Duration deadLetterTimeout();

        @DurationMin(millis = 0)
        Duration stopGrace();
    }

    /**
     * Fast when idle, batched when busy ({@link BatchLinger}), for a relay or a group commit: keys quiet,
     * linger, linger-records.
     */
    interface Batching extends Gathering {
        /** Work that comes after the relay or writer sat free this long is done at once; sooner, it gathers more. */
        @DurationMin(millis = 0)
        Duration quiet();
    }

    /**
     * How a batch gathers more work ({@link BatchLinger}, {@link EventConsumerLoop.Gathering}): keys linger,
     * linger-records.
     */
    interface Gathering {
        /** Work that gathers more waits this long for more ... */
        @DurationMin(millis = 0)
        Duration linger();

        /** ... unless this many rows or records are there already. */
        @Positive
        int lingerRecords();
    }

    /** The topics a service creates if missing: kafka-topics.partitions, .replication-factor, .admin-timeout. */
    @ConfigMapping(prefix = "kafka-topics")
    interface Topics {
        @Positive
        int partitions();

        @Min(1)
        @Max(Short.MAX_VALUE)
        short replicationFactor();

        @DurationMin(millis = 1)
        Duration adminTimeout();
    }

    /**
     * A group commit ({@link GroupCommit}): keys writers, max-customers, wait, stop-grace, and the batching of
     * {@link BatchLinger}: a writer that wrote a group just now gathers the next for up to linger.
     */
    interface GroupCommits extends Batching {
        @Positive
        int writers();

        @Positive
        int maxCustomers();

        /** How long a customer may wait for a writer; then the request fails and nothing is written (key: wait). */
        @WithName("wait")
        @DurationMin(millis = 1)
        Duration waitFor();

        @DurationMin(millis = 0)
        Duration stopGrace();
    }

    static OutboxRelay.Settings relay(Relay relay, String name, String notifyChannel, long leaderLockKey) {
        return new OutboxRelay.Settings(name, notifyChannel, leaderLockKey, relay.batchSize(), relay.idleWait(),
                relay.sendTimeout(), relay.retryInitial(), relay.retryMax(), batching(relay));
    }

    static EventConsumerLoop.Settings consumer(Consumer consumer, String name, String topic) {
        return new EventConsumerLoop.Settings(name, topic, consumer.pollTimeout(), consumer.retryInitial(),
                consumer.retryMax(), new EventConsumerLoop.Gathering(consumer.linger(), consumer.lingerRecords()));
    }

    /** The rule of {@link BatchLinger} with these settings (a relay's, the group commit's). */
    static BatchLinger batching(Batching batching) {
        return new BatchLinger(batching.quiet(), batching.linger(), batching.lingerRecords());
    }

    /** A group commit's settings: its writers' and meters' name, and what its items are ("async customers"). */
    static GroupCommit.Settings groupCommit(GroupCommits settings, String name, String items) {
        return new GroupCommit.Settings(name, items, settings.writers(), settings.maxCustomers(), settings.waitFor(),
                settings.stopGrace(), batching(settings));
    }

    static TopicProvisioner topics(Topics topics, Map<String, Object> connection) {
        return new TopicProvisioner(connection, topics.partitions(), topics.replicationFactor(), topics.adminTimeout());
    }
}
