package io.customersync.channel.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The keys this service's P-job made ahead (escrowed, kept in the channel database) that it has not given to a
 * customer yet, with their customer ids (decision 0018): only in this memory, so no id is given twice, by this
 * service or another on the database. A key is given out only within {@code maxAge} of being made; an older one
 * is dropped from memory, never given, and left to the purge of unused keys
 * ({@link CustomerDataKeys#purgeLeftUnused}), which takes only keys twice that old: by then no service can hold it.
 */
final class KeysMadeAhead {

    private record Held(CustomerDataKeys.MadeAhead key, long madeAt) {
    }

    private final Queue<Held> held = new ConcurrentLinkedQueue<>();
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;

    KeysMadeAhead(Duration maxAge, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Up to {@code count}, oldest first; those too old to be given are dropped on the way. */
    List<CustomerDataKeys.MadeAhead> take(int count) {
        List<CustomerDataKeys.MadeAhead> taken = new ArrayList<>(Math.min(count, 128));
        long now = nanoClock.getAsLong();
        Held next;
        while (taken.size() < count && (next = held.poll()) != null) {
            if (now - next.madeAt() <= maxAgeNanos) {
                taken.add(next.key());
            }
        }
        return taken;
    }

    /** Every key held, whatever its age: the service stopping gives them all back. */
    List<CustomerDataKeys.MadeAhead> takeAll() {
        List<CustomerDataKeys.MadeAhead> taken = new ArrayList<>();
        Held next;
        while ((next = held.poll()) != null) {
            taken.add(next.key());
        }
        return taken;
    }

    /** Those still young enough to be given, after dropping the others (so new ones are made in their place). */
    int left() {
        long now = nanoClock.getAsLong();
        Held oldest;
        while ((oldest = held.peek()) != null && now - oldest.madeAt() > maxAgeNanos) {
            held.remove(oldest);
        }
        return held.size();
    }

    /** Keys just made, escrowed and kept: from now on customers may take them. */
    void add(List<CustomerDataKeys.MadeAhead> made) {
        long now = nanoClock.getAsLong();
        made.forEach(key -> held.add(new Held(key, now)));
    }
}
