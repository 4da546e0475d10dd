package io.customersync.channel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.DataKey;

/**
 * A key made ahead is given to a customer only within its max age (decision 0018): the purge of keys left unused
 * takes keys twice that old, sure by then that no service still holds one in memory to give.
 */
class KeysMadeAheadTest {

    private final AtomicLong now = new AtomicLong();
    private final KeysMadeAhead keys = new KeysMadeAhead(Duration.ofHours(24), now::get);

    @Test
    void aKeyPastItsMaxAgeIsNeverGivenAndNoLongerCountsAsLeft() {
        List<CustomerDataKeys.MadeAhead> yesterday = made(3);
        keys.add(yesterday);
        now.addAndGet(Duration.ofHours(20).toNanos());
        List<CustomerDataKeys.MadeAhead> today = made(2);
        keys.add(today);

        assertEquals(yesterday.subList(0, 1), keys.take(1), "oldest first, while young enough");
        now.addAndGet(Duration.ofHours(5).toNanos()); // the first three are 25 h old, the last two 5 h

        assertEquals(2, keys.left(), "those past the max age no longer count: new ones are made in their place");
        assertEquals(today, keys.take(10), "only the young ones are given");
        assertEquals(List.of(), keys.take(10));
    }

    @Test
    void aTakeDropsTheKeysPastTheirMaxAgeOnItsWay() {
        List<CustomerDataKeys.MadeAhead> old = made(2);
        keys.add(old);
        now.addAndGet(Duration.ofHours(24).plusSeconds(1).toNanos());
        List<CustomerDataKeys.MadeAhead> young = made(1);
        keys.add(young);

        assertEquals(young, keys.take(5));
        assertEquals(0, keys.left());
    }

    @Test
    void theServiceStoppingTakesEveryKeyHeldWhateverItsAgeToGiveThemBack() {
        List<CustomerDataKeys.MadeAhead> old = made(2);
        keys.add(old);
        now.addAndGet(Duration.ofDays(3).toNanos());
        List<CustomerDataKeys.MadeAhead> young = made(1);
        keys.add(young);

        assertEquals(Stream.concat(old.stream(), young.stream()).toList(), keys.takeAll());
        assertEquals(0, keys.left());
    }

    private static List<CustomerDataKeys.MadeAhead> made(int count) {
        return Stream.generate(() -> new CustomerDataKeys.MadeAhead(UUID.randomUUID(), DataKey.generate()))
                .limit(count).toList();
    }
}
