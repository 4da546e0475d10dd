package io.customersync.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.customersync.contracts.Topics;

/**
 * Consumes one topic: each poll's events are applied in one transaction by the {@link EventHandler},
 * and offsets are committed only after that transaction. A poison record goes to the dead-letter
 * topic and the loop goes on; a passing failure (database or broker away) rewinds to the first
 * record not applied and retries with back-off, so nothing is skipped.
 */
public final class EventConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventConsumerLoop.class);

    public record Settings(String name, String topic, Duration pollTimeout, Duration retryInitial, Duration retryMax) {
    }

    private final Consumer<String, byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final TopicProvisioner topics;
    private final EventHandler handler;
    private final Settings settings;
    private final Backoff backoff;
    private volatile boolean running = true;

    public EventConsumerLoop(Consumer<String, byte[]> consumer, DeadLetterPublisher deadLetters,
            TopicProvisioner topics, EventHandler handler, Settings settings) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.handler = handler;
        this.settings = settings;
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
    }

    @Override
    public void run() {
        try {
            provisionTopics();
            consumer.subscribe(List.of(settings.topic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    process(records);
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } finally {
            consumer.close();
            LOG.infof("%s stopped", settings.name());
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void provisionTopics() {
        while (running) {
            try {
                topics.ensure(List.of(settings.topic(), Topics.deadLetterOf(settings.topic())));
                return;
            } catch (Exception e) {
                retryLater("creating topics", e);
            }
        }
    }

    private void process(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> done = new HashMap<>();
        try {
            List<IncomingEvent> events = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    events.add(EventDecoder.decode(record));
                } catch (PoisonEventException poison) {
                    deadLetters.publish(record, poison);
                }
            }
            try {
                handler.handle(events);
                records.forEach(record -> markDone(done, record));
            } catch (Exception batchFailure) {
                if (!FailureClassifier.isPoison(batchFailure)) {
                    throw batchFailure;
                }
                applyOneByOne(records, events, done);
            }
            commit(done);
            backoff.reset();
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            rewind(records, done);
            retryLater("applying events", e);
        }
    }

    /** A batch held a poison event: apply each alone, dead-letter the poison, stop at a passing failure. */
    private void applyOneByOne(ConsumerRecords<String, byte[]> records, List<IncomingEvent> events,
            Map<TopicPartition, Long> done) throws Exception {
        Map<ConsumerRecord<String, byte[]>, IncomingEvent> decoded = new HashMap<>();
        events.forEach(event -> decoded.put(event.record(), event));
        for (ConsumerRecord<String, byte[]> record : records) {
            IncomingEvent event = decoded.get(record);
            if (event != null) {
                try {
                    handler.handle(List.of(event));
                } catch (Exception e) {
                    if (!FailureClassifier.isPoison(e)) {
                        throw e;
                    }
                    deadLetters.publish(record, e);
                }
            }
            markDone(done, record);
        }
    }

    private static void markDone(Map<TopicPartition, Long> done, ConsumerRecord<String, byte[]> record) {
        done.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }

    private void commit(Map<TopicPartition, Long> done) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        done.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        consumer.commitSync(offsets);
    }

    /** Seeks every partition of the batch back to its first record that was not applied. */
    private void rewind(ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> done) {
        for (TopicPartition partition : records.partitions()) {
            if (!consumer.assignment().contains(partition)) {
                continue; // revoked meanwhile: its new owner starts from the committed offset
            }
            long first = records.records(partition).get(0).offset();
            consumer.seek(partition, done.getOrDefault(partition, first));
        }
    }

    private void retryLater(String what, Exception failure) {
        Duration delay = backoff.nextDelay();
        LOG.warnf("%s: %s failed (%s); retrying in %d ms", settings.name(), what, failure.toString(),
                delay.toMillis());
        if (!Backoff.sleep(delay)) {
            running = false;
        }
    }
}
