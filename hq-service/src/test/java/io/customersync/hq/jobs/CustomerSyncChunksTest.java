package io.customersync.hq.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** How a customer-sync run is split into transactions (pure logic; the job itself runs in HqJobsTest). */
class CustomerSyncChunksTest {

    private static List<Integer> customers(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    private static List<Integer> sizes(List<List<Integer>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    @Test
    void fewerCustomersThanTheMinimumChunkAreOneTransaction() {
        assertEquals(List.of(60), sizes(CustomerSyncJob.chunks(customers(60), 4, 100)));
        assertEquals(List.of(199), sizes(CustomerSyncJob.chunks(customers(199), 4, 100)));
    }

    @Test
    void aLargeRunIsSpreadOverEveryWorkerInChunksOfAboutEqualSize() {
        assertEquals(List.of(250, 250, 250, 250), sizes(CustomerSyncJob.chunks(customers(1000), 4, 100)));
        assertEquals(List.of(133, 133, 133), sizes(CustomerSyncJob.chunks(customers(399), 4, 100)));
        assertEquals(List.of(134, 134, 132), sizes(CustomerSyncJob.chunks(customers(400), 3, 100)));
    }

    @Test
    void everyCustomerIsInExactlyOneChunkInOrder() {
        List<Integer> all = customers(777);
        assertEquals(all, CustomerSyncJob.chunks(all, 4, 100).stream().flatMap(List::stream).toList());
    }

    @Test
    void withoutAMinimumTheWorkIsSplitOverTheWorkers() {
        assertEquals(List.of(2, 2, 2, 2), sizes(CustomerSyncJob.chunks(customers(8), 4, 1)));
        assertEquals(List.of(1), sizes(CustomerSyncJob.chunks(customers(1), 4, 1)));
        assertEquals(List.of(), sizes(CustomerSyncJob.chunks(customers(0), 4, 100)));
    }
}
