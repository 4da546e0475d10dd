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
 * record not applied and retries with back-off, so nothing is skipped. Anything else (an exception
 * from {@code poll()}, an Error) ends the loop and closes its consumer: its {@link BackgroundWorker}
 * starts a new one, which goes on from the committed offsets. Fast when idle, batched when busy: records
 * that were waiting the moment a batch ended are a burst and are gathered with more ({@link Gathering}),
 * unless that batch was a lone record (then they are applied at once: one customer posted as the last one's
 * copies are written is not a burst; a burst shows again after them). A record that comes to an idle loop is
 * applied at once.
 */
public final class EventConsumerLoop implements WorkerLoop {

    private static final Logger LOG = Logger.getLogger(EventConsumerLoop.class);

    /** @param gathering how long a burst's records are gathered with more, and up to how many */
    public record Settings(String name, String topic, Duration pollTimeout, Duration retryInitial, Duration retryMax,
            Gathering gathering) {

        /** Applies every poll's records at once. */
        public Settings(String name, String topic, Duration pollTimeout, Duration retryInitial, Duration retryMax) {
            this(name, topic, pollTimeout, retryInitial, retryMax, Gathering.NONE);
        }
    }

    /**
     * A burst's records are gathered with more for up to {@code linger}, or until {@code records} are there, and
     * applied in one transaction; other records are applied at once. Fetches themselves return as soon as there
     * is a byte to return ({@code fetch.min.bytes=1}): no fixed wait anywhere.
     */
    public record Gathering(Duration linger, int records) {

        /** Applies every poll's records at once. */
        public static final Gathering NONE = new Gathering(Duration.ZERO, 1);

        Duration gatherFor(boolean burst, int count) {
            return burst && count < records ? linger : Duration.ZERO;
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final TopicProvisioner topics;
    private final EventHandler handler;
    private final Settings settings;
    private final Backoff backoff;
    private final FailureStreak streak;
    private volatile boolean running = true;

    public EventConsumerLoop(Consumer<String, byte[]> consumer, DeadLetterPublisher deadLetters,
            TopicProvisioner topics, EventHandler handler, Settings settings) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.handler = handler;
        this.settings = settings;
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        this.streak = new FailureStreak(LOG, settings.name(), "its records wait in the topic");
    }

    /** Polls and applies until stopped; a heartbeat after every poll (empty ones too) and every retry. */
    @Override
    public void run(Heartbeat heartbeat) {
        try {
            provisionTopics(heartbeat);
            consumer.subscribe(List.of(settings.topic()));
            List<ConsumerRecord<String, byte[]>> waiting = List.of(); // there the moment the last batch ended
            boolean lone = true; // the last batch was one record that came to an idle loop
            while (running) {
                boolean wasWaiting = !waiting.isEmpty();
                List<ConsumerRecord<String, byte[]>> batch = wasWaiting ? waiting : polled(settings.pollTimeout());
                if (!batch.isEmpty()) {
                    gather(batch, settings.gathering().gatherFor(wasWaiting && !lone, batch.size()));
                    process(batch);
                    lone = !wasWaiting && batch.size() == 1;
                    waiting = running ? polled(Duration.ZERO) : List.of();
                }
                if (running) { // else a retry's back-off was interrupted: not a completed turn
                    heartbeat.beat();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e; // not stop(): a failure
            }
        } finally {
            close();
        }
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void close() {
        boolean interrupted = Thread.interrupted(); // else close() throws at once and leaves the group behind
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warnf("%s: closing the consumer failed (%s)", settings.name(), e.getClass().getName());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.infof("%s: consumer closed", settings.name());
    }

    private void provisionTopics(Heartbeat heartbeat) {
        while (running) {
            try {
                topics.ensure(List.of(settings.topic(), Topics.deadLetterOf(settings.topic())));
                streak.succeeded("creating topics");
                return;
            } catch (Exception e) {
                retryLater("creating topics", e);
                if (running) {
                    heartbeat.beat();
                }
            }
        }
    }

    private List<ConsumerRecord<String, byte[]>> polled(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        return batch;
    }

    /** Polls for more records until {@code linger} is over or the batch is full. */
    private void gather(List<ConsumerRecord<String, byte[]>> batch, Duration linger) {
        long deadline = System.nanoTime() + linger.toNanos();
        long left = linger.toNanos();
        while (left > 0 && batch.size() < settings.gathering().records() && running) {
            consumer.poll(Duration.ofNanos(left)).forEach(batch::add);
            left = deadline - System.nanoTime();
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) {
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
            streak.succeeded("applying events");
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            rewind(records, done);
            retryLater("applying events", e);
        }
    }

    /** A batch held a poison event: apply each alone, dead-letter the poison, stop at a passing failure. */
    private void applyOneByOne(List<ConsumerRecord<String, byte[]>> records, List<IncomingEvent> events,
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
    private void rewind(List<ConsumerRecord<String, byte[]>> records, Map<TopicPartition, Long> done) {
        Map<TopicPartition, Long> first = new HashMap<>();
        records.forEach(r -> first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
        first.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) { // else revoked: its new owner starts from the committed offset
                consumer.seek(partition, done.getOrDefault(partition, offset));
            }
        });
    }

    private void retryLater(String what, Exception failure) {
        Duration delay = backoff.nextDelay();
        streak.failed(what, failure, delay); // the first failure, then a line a minute (not one per retry)
        if (!Backoff.sleep(delay)) {
            running = false;
        }
    }
}
