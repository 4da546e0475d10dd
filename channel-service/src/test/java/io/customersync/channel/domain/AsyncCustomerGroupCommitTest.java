package io.customersync.channel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.customersync.channel.api.CreateCustomerRequest;
import io.customersync.messaging.BatchLinger;
import io.customersync.messaging.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The writer's own rules, with a registration that fails as told instead of a database. */
class AsyncCustomerGroupCommitTest {

    /** Fails the first save with an {@link Error}, then saves. */
    static final class FailingOnce extends CustomerRegistration {
        final AtomicInteger saves = new AtomicInteger();

        FailingOnce() {
            super(null, null, null, null);
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
        AsyncCustomerGroupCommit groupCommit = groupCommit(registration, BatchLinger.NONE);
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

    /** Saves every group, remembering its size. */
    static final class Recording extends CustomerRegistration {
        final List<Integer> groups = new CopyOnWriteArrayList<>();

        Recording() {
            super(null, null, null, null);
        }

        @Override
        public List<Customer> saveAsync(List<Customer> customers) {
            groups.add(customers.size());
            return customers;
        }
    }

    @Test
    void aLoneCustomerIsWrittenAtOnceAndCustomersPostedWhileTheWriterIsBusyShareACommit() throws Exception {
        Recording registration = new Recording();
        AsyncCustomerGroupCommit groupCommit = groupCommit(registration,
                new BatchLinger(Duration.ofMillis(300), Duration.ofSeconds(2), 3));
        groupCommit.start(null);
        try {
            Thread.sleep(400); // the writer sat free for longer than the quiet
            long started = System.nanoTime();
            groupCommit.save(customer("Alone"));
            assertTrue(System.nanoTime() - started < Duration.ofMillis(1_000).toNanos(), "a lone customer is not held");

            // the next ones come within the quiet: the first waits for more, until three are there
            List<CompletableFuture<Customer>> posts = new ArrayList<>();
            for (String name : List.of("Busy", "Busier", "Busiest")) {
                posts.add(CompletableFuture.supplyAsync(() -> groupCommit.save(customer(name))));
                Thread.sleep(100);
            }
            CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(1, 3), registration.groups);
        } finally {
            groupCommit.stop(null);
        }
    }

    private static AsyncCustomerGroupCommit groupCommit(CustomerRegistration registration, BatchLinger batching) {
        return new AsyncCustomerGroupCommit(registration, new SimpleMeterRegistry(), 1, 200, Duration.ofSeconds(30),
                Duration.ofSeconds(5), batching, new Workers(new Workers.Settings(Duration.ofMinutes(1),
                        Duration.ofSeconds(10), 3, Duration.ofMillis(100), Duration.ofSeconds(1)), new SimpleMeterRegistry(),
                        Clock.systemUTC()));
    }

    private static Customer customer(String firstName) {
        return CustomerRegistration.unnumbered("HOUSTON",
                new CreateCustomerRequest(firstName, "Writer", null, null, null, null).toCommand());
    }
}
