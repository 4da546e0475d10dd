package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The writers' own rules, with a write that records or fails as told instead of a database. */
class GroupCommitTest {

    /** A refusal one item of a group may cause: the group is written again, each alone. */
    static final class Refused extends RuntimeException {
        Refused(String item) {
            super(item + " is refused");
        }
    }

    private final List<List<String>> groups = new CopyOnWriteArrayList<>();

    @Test
    void aWriteThatFailsWithAnErrorFailsItsRequestAndTheWriterGoesOn() {
        AtomicInteger writes = new AtomicInteger();
        GroupCommit<String, String> groupCommit = groupCommit(group -> {
            if (writes.incrementAndGet() == 1) {
                throw new LinkageError("a class could not be loaded");
            }
            return group;
        }, BatchLinger.NONE);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                IllegalStateException failed = assertThrows(IllegalStateException.class, () -> groupCommit.write("First"));
                assertEquals(LinkageError.class, failed.getCause().getClass(), "the request hears why, at once");
                assertEquals("Second", groupCommit.write("Second"), "the same writer writes the next item");
            });
            assertEquals(2, writes.get());
        } finally {
            groupCommit.stop();
        }
    }

    @Test
    void aLoneItemIsWrittenAtOnceAndItemsHandedOverWhileTheWriterIsBusyShareACommit() throws Exception {
        GroupCommit<String, String> groupCommit = groupCommit(this::record,
                new BatchLinger(Duration.ofMillis(300), Duration.ofSeconds(2), 3));
        try {
            Thread.sleep(400); // the writer sat free for longer than the quiet
            long started = System.nanoTime();
            groupCommit.write("Alone");
            assertTrue(System.nanoTime() - started < Duration.ofMillis(1_000).toNanos(), "a lone item is not held");

            // the next ones come within the quiet: the first waits for more, until three are there
            List<CompletableFuture<String>> requests = new ArrayList<>();
            for (String item : List.of("Busy", "Busier", "Busiest")) {
                requests.add(CompletableFuture.supplyAsync(() -> groupCommit.write(item)));
                Thread.sleep(100);
            }
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(List.of("Alone"), List.of("Busy", "Busier", "Busiest")), groups);
        } finally {
            groupCommit.stop();
        }
    }

    @Test
    void aGroupRefusedForOneItemIsWrittenAgainEachAloneAndOnlyThatItemsRequestFails() throws Exception {
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> groupCommit = groupCommit(group -> {
            if (group.equals(List.of("Hold"))) { // keeps the writer busy while the next three wait
                firstTaken.countDown();
                await(release);
            }
            if (group.contains("Bad")) {
                throw new Refused("Bad");
            }
            return record(group);
        }, BatchLinger.NONE);
        try {
            CompletableFuture<String> hold = CompletableFuture.supplyAsync(() -> groupCommit.write("Hold"));
            assertTrue(firstTaken.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<String>> requests = new ArrayList<>();
            for (String item : List.of("Good", "Bad", "Fine")) {
                requests.add(CompletableFuture.supplyAsync(() -> groupCommit.write(item)));
            }
            while (groupCommit.waiting() < 3) {
                Thread.sleep(10);
            }
            release.countDown();
            assertEquals("Hold", hold.get(10, TimeUnit.SECONDS));
            assertEquals("Good", requests.get(0).get(10, TimeUnit.SECONDS));
            Exception bad = assertThrows(Exception.class, () -> requests.get(1).get(10, TimeUnit.SECONDS));
            assertEquals(Refused.class, bad.getCause().getClass(), "the bad item's request hears its own refusal");
            assertEquals("Fine", requests.get(2).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hold"), groups.get(0));
            assertEquals(List.of(List.of("Fine"), List.of("Good")),
                    groups.subList(1, groups.size()).stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList(),
                    "the three were tried as one group, then written each alone");
        } finally {
            groupCommit.stop();
        }
    }

    @Test
    void anItemNoWriterTakesInTimeFailsWithTheServicesOwnAnswerAndIsNotWritten() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> groupCommit = new GroupCommit<>(new GroupCommit.Settings("test-commit", "items", 1,
                10, Duration.ofMillis(300), Duration.ofSeconds(5), BatchLinger.NONE), group -> {
                    taken.countDown();
                    await(release);
                    return record(group);
                }, Refused.class::isInstance, (why, cause) -> new IllegalStateException("busy: " + why),
                TestWorkers.create());
        groupCommit.start();
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> groupCommit.write("Slow"));
            assertTrue(taken.await(10, TimeUnit.SECONDS), "the only writer is busy with the first");
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> groupCommit.write("Late"));
            assertTrue(busy.getMessage().startsWith("busy: no writer took it within"), busy.getMessage());
            release.countDown();
            assertEquals("Slow", first.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(List.of("Slow")), groups, "the late item was not written");
        } finally {
            groupCommit.stop();
        }
    }

    @Test
    void anItemHandedOverWithoutWaitingCanBeWithdrawnOnlyUntilAWriterTakesIt() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> groupCommit = groupCommit(group -> {
            taken.countDown();
            await(release);
            return record(group);
        }, BatchLinger.NONE);
        try {
            CompletableFuture<String> held = groupCommit.submit("Held");
            assertTrue(taken.await(10, TimeUnit.SECONDS), "the only writer took the first");
            CompletableFuture<String> waiting = groupCommit.submit("Waiting");
            CompletableFuture<String> next = groupCommit.submit("Next");

            assertFalse(groupCommit.withdraw(held), "a writer holds it: its transaction decides");
            assertTrue(groupCommit.withdraw(waiting));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().startsWith("no writer took it within"), failed.getCause().getMessage());
            release.countDown();
            assertEquals("Held", held.get(10, TimeUnit.SECONDS));
            assertEquals("Next", next.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(List.of("Held"), List.of("Next")), groups, "the withdrawn item was not written");
            assertFalse(groupCommit.withdraw(next), "written");
        } finally {
            groupCommit.stop();
        }
    }

    private List<String> record(List<String> group) {
        groups.add(group);
        return group;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static GroupCommit<String, String> groupCommit(GroupCommit.Write<String, String> write, BatchLinger batching) {
        GroupCommit<String, String> groupCommit = new GroupCommit<>(new GroupCommit.Settings("test-commit", "items", 1,
                200, Duration.ofSeconds(30), Duration.ofSeconds(5), batching), write, Refused.class::isInstance,
                (why, cause) -> new IllegalStateException(why, cause), TestWorkers.create());
        groupCommit.start();
        return groupCommit;
    }
}
