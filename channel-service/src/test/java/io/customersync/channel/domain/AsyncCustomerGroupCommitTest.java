package io.customersync.channel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.customersync.channel.api.CreateCustomerRequest;
import io.customersync.messaging.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The writer's own rules, with a registration that fails as told instead of a database. */
class AsyncCustomerGroupCommitTest {

    /** Fails the first save with an {@link Error}, then saves. */
    static final class FailingOnce extends CustomerRegistration {
        final AtomicInteger saves = new AtomicInteger();

        FailingOnce() {
            super(null, null, null);
        }

        @Override
        public List<Customer> saveAsync(List<Customer> customers) {
            if (saves.incrementAndGet() == 1) {
                throw new LinkageError("a class could not be loaded");
            }
            return customers;
        }
    }

    @Test
    void aWriteThatFailsWithAnErrorFailsItsPostAndTheWriterGoesOn() {
        FailingOnce registration = new FailingOnce();
        AsyncCustomerGroupCommit groupCommit = new AsyncCustomerGroupCommit(registration, new SimpleMeterRegistry(), 1,
                200, Duration.ofSeconds(30), Duration.ofSeconds(5), new Workers(new Workers.Settings(Duration.ofMinutes(1),
                        Duration.ofSeconds(10), 3, Duration.ofMillis(100), Duration.ofSeconds(1)), new SimpleMeterRegistry(),
                        Clock.systemUTC()));
        groupCommit.start(null);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                IllegalStateException failed = assertThrows(IllegalStateException.class,
                        () -> groupCommit.save(customer("First")));
                assertEquals(LinkageError.class, failed.getCause().getClass(), "the POST hears why, at once");
                Customer second = customer("Second");
                assertSame(second, groupCommit.save(second), "the same writer saves the next customer");
            });
            assertEquals(2, registration.saves.get());
        } finally {
            groupCommit.stop(null);
        }
    }

    private static Customer customer(String firstName) {
        return CustomerRegistration.unnumbered("HOUSTON",
                new CreateCustomerRequest(firstName, "Writer", null, null, null, null).toCommand());
    }
}
