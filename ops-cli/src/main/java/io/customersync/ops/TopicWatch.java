package io.customersync.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.customersync.contracts.Topics;

/**
 * Tails the pipeline's topics and their dead-letter topics with a throw-away consumer group (it
 * never commits offsets, so it moves no one's position), printing one {@link EventLine} per event.
 */
record TopicWatch(String bootstrap, Optional<String> channel, Optional<String> type, Optional<String> customer,
        boolean fromBeginning, boolean deadLettersOnly) {

    static TopicWatch fromArguments(Arguments args) {
        return new TopicWatch(args.bootstrap(), args.get("--channel"), args.get("--type"), args.get("--customer"),
                args.flag("--from-beginning"), args.flag("--dead-letters-only"));
    }

    List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            if (!deadLettersOnly) {
                topics.add(topic);
            }
            topics.add(Topics.deadLetterOf(topic));
        }
        return topics;
    }

    /**
     * Prints events until {@code stop} says so (the command line runs until Ctrl-C); while the broker does not answer
     * it says so on {@code err} and waits for it (it said nothing before, found by probing).
     *
     * @return false if the broker never answered
     */
    boolean run(PrintStream out, PrintStream err, BooleanSupplier stop) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "customersync-watch-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            if (!awaitBroker(consumer, err, stop)) {
                err.printf("the broker at %s never answered%n", bootstrap);
                return false;
            }
            consumer.subscribe(topics());
            out.printf("watching %s on %s%n", String.join(", ", topics()), bootstrap);
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventLine.of(record).stream().filter(this::wanted).forEach(line -> out.println(line.format()));
                }
                out.flush();
            }
        }
        return true;
    }

    private boolean awaitBroker(KafkaConsumer<?, ?> consumer, PrintStream err, BooleanSupplier stop) {
        for (boolean told = false; !stop.getAsBoolean(); told = true) {
            try {
                consumer.listTopics(Duration.ofSeconds(3));
                return true;
            } catch (TimeoutException e) {
                if (!told) {
                    err.printf("the broker at %s does not answer; waiting for it (Ctrl-C stops)%n", bootstrap);
                }
            }
        }
        return false;
    }

    boolean wanted(EventLine line) {
        return channel.map(c -> c.equalsIgnoreCase(line.channel())).orElse(true)
                && type.map(t -> line.type().toLowerCase().contains(t.toLowerCase())).orElse(true)
                && customer.map(c -> c.equalsIgnoreCase(line.customer())).orElse(true);
    }
}
