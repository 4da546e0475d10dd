package io.customersync.distribution.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SealedEvents;
import io.customersync.distribution.client.CustomerKeyClient;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.messaging.PoisonEventException;

/**
 * Opens the sealed {@link CustomerSynchronized} records of the sync topic with the customers' data keys
 * read from HQ (decision 0014, docs/privacy.md). Keys are kept in a bounded in-memory cache (least
 * recently used go first), and an erased customer's keys are forgotten the moment its erasure arrives:
 * a replayed record of it then asks HQ, which has no key any more and says the customer is erased.
 */
@Singleton
public class SyncDataKeys {

    /** HQ does not hold the key of a record (yet), or could not be asked: the poll is retried, not dead-lettered. */
    public static class KeyNotAtHandException extends RuntimeException {
        public KeyNotAtHandException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Held(UUID customerId, byte[] secret) {
    }

    /** The keys of one poll's sealed records, read at once. */
    public static final class Opener {

        private final Map<UUID, Held> held;
        private final Set<UUID> erasedKeys;

        private Opener(Map<UUID, Held> held, Set<UUID> erasedKeys) {
            this.held = held;
            this.erasedKeys = erasedKeys;
        }

        /**
         * The record with its customer opened (a plaintext record as it is); empty if its customer is erased
         * (the key is destroyed: the record is dropped and revives nothing).
         *
         * @throws PoisonEventException the sealed part does not open with its customer's key (changed, moved)
         * @throws KeyNotAtHandException HQ does not hold the key yet: retried
         */
        public Optional<CustomerSynchronized> open(CustomerSynchronized event) {
            Optional<UUID> keyId = keyIdOf(event);
            if (keyId.isEmpty()) {
                return Optional.of(event);
            }
            Held key = held.get(keyId.get());
            if (key != null && key.customerId().equals(event.customerId())) {
                try {
                    return Optional.of(SealedEvents.open(event, key.secret()));
                } catch (IllegalArgumentException unopenable) {
                    throw new PoisonEventException(unopenable.getMessage(), unopenable);
                }
            }
            if (erasedKeys.contains(keyId.get())) {
                return Optional.empty();
            }
            throw new KeyNotAtHandException("HQ holds no data key " + keyId.get() + " of customer " + event.customerId()
                    + " yet: retried", null);
        }
    }

    private final CustomerKeyClient hq;
    private final Map<UUID, Held> cache;
    private final int ahead;
    /** When HQ took the last key read ahead (guarded by cache); null until the first lookup. */
    private Instant aheadCursor;

    public SyncDataKeys(CustomerKeyClient hq, DistributionConfig config) {
        this.hq = hq;
        this.ahead = config.customerKeys().ahead();
        int size = config.customerKeys().cacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Held> eldest) {
                return size() > size;
            }
        };
    }

    /**
     * An opener for these records: keys not in the cache are asked of HQ, in one call per 500; the first call
     * also reads ahead the keys HQ took since the last such read (decision 0018), kept for records to come.
     */
    public Opener opener(List<CustomerSynchronized> records) {
        Map<UUID, Held> held = new HashMap<>();
        Map<UUID, CustomerKeyClient.Wanted> missing = new LinkedHashMap<>();
        synchronized (cache) {
            for (CustomerSynchronized record : records) {
                Optional<UUID> keyId = keyIdOf(record);
                if (keyId.isEmpty()) {
                    continue;
                }
                Held key = cache.get(keyId.get());
                if (key != null && key.customerId().equals(record.customerId())) {
                    held.put(keyId.get(), key);
                } else {
                    missing.putIfAbsent(keyId.get(), new CustomerKeyClient.Wanted(keyId.get(), record.customerId()));
                }
            }
        }
        Set<UUID> erasedKeys = new HashSet<>();
        List<CustomerKeyClient.Wanted> wanted = new ArrayList<>(missing.values());
        for (int from = 0; from < wanted.size(); from += CustomerKeyClient.MAX_KEYS) {
            CustomerKeyClient.Answer answer = ask(wanted.subList(from, Math.min(wanted.size(), from + CustomerKeyClient.MAX_KEYS)),
                    from == 0 ? ahead : 0);
            keepAhead(answer.ahead());
            for (CustomerKeyClient.Found found : answer.keys()) {
                if (found.held()) {
                    Held key = new Held(found.customerId(), found.secret());
                    held.put(found.keyId(), key);
                    synchronized (cache) {
                        cache.put(found.keyId(), key);
                    }
                } else if (found.erased()) {
                    erasedKeys.add(found.keyId());
                }
            }
        }
        return new Opener(held, erasedKeys);
    }

    private void keepAhead(List<CustomerKeyClient.AheadKey> keys) {
        synchronized (cache) {
            for (CustomerKeyClient.AheadKey key : keys) {
                cache.putIfAbsent(key.keyId(), new Held(key.customerId(), key.secret()));
                if (aheadCursor == null || key.escrowedAt().isAfter(aheadCursor)) {
                    aheadCursor = key.escrowedAt();
                }
            }
        }
    }

    /** Forgets every key of these customers (their erasure arrived). */
    public void forget(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        Set<UUID> erased = Set.copyOf(customerIds);
        synchronized (cache) {
            cache.values().removeIf(key -> erased.contains(key.customerId()));
        }
    }

    /** How many keys are in memory. */
    public int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private CustomerKeyClient.Answer ask(List<CustomerKeyClient.Wanted> wanted, int readAhead) {
        Instant after;
        synchronized (cache) {
            after = aheadCursor;
        }
        try {
            return hq.find(wanted, readAhead, after);
        } catch (IOException e) {
            throw new KeyNotAtHandException("the customers' data keys could not be read from HQ: " + e.getMessage(),
                    new UncheckedIOException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyNotAtHandException("interrupted while reading data keys from HQ", e);
        }
    }

    private static Optional<UUID> keyIdOf(CustomerSynchronized record) {
        try {
            return SealedEvents.keyId(record);
        } catch (IllegalArgumentException malformed) {
            throw new PoisonEventException(malformed.getMessage(), malformed);
        }
    }
}
