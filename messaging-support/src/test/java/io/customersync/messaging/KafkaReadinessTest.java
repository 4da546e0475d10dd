package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/** Readiness names the broker within its own time-out, however long the admin client would wait (60 s by default). */
class KafkaReadinessTest {

    @Test
    void aBrokerThatDoesNotAnswerIsDownWithinTheTimeOutNotTheAdminClients() {
        KafkaReadiness readiness = new KafkaReadiness(KafkaFutureImpl::new, Duration.ofMillis(200)); // never completes
        long started = System.nanoTime();
        KafkaReadiness.Answer answer = readiness.ask();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        assertEquals(new KafkaReadiness.Answer(false, "no broker answered within 200 ms"), answer);
    }

    @Test
    void theBrokersAreNamedWhenTheyAnswerAndTheFailureWhenTheyRefuse() {
        KafkaReadiness.Answer up = new KafkaReadiness(() -> KafkaFuture.completedFuture(List.of(new Node(1, "broker-1", 9092))),
                Duration.ofSeconds(1)).ask();
        assertEquals(new KafkaReadiness.Answer(true, "broker-1:9092"), up);
        KafkaFutureImpl<java.util.Collection<Node>> refused = new KafkaFutureImpl<>();
        refused.completeExceptionally(new TimeoutException("Timed out waiting for a node assignment. Call: listNodes"));
        KafkaReadiness.Answer down = new KafkaReadiness(() -> refused, Duration.ofSeconds(1)).ask();
        assertEquals(false, down.up());
        assertTrue(down.data().contains("node assignment"), down.data());
    }
}
