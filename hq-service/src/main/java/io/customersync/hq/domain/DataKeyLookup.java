package io.customersync.hq.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Hands distribution-service the data keys it needs to open the sealed records of the sync topic
 * (docs/privacy.md, decision 0014), asked for by key id with the customer of the record that names it.
 * A key is handed over only for its own customer; for an erased customer there is none, and it says so,
 * so that distribution drops the record instead of waiting for a key that will never come.
 */
@ApplicationScoped
public class DataKeyLookup {

    /** A key asked for: its id and the customer of the record it sealed. */
    public record Wanted(UUID keyId, UUID customerId) {
    }

    /** What HQ has for a wanted key. */
    public enum Status {
        /** HQ holds the key, for this customer: {@link Found#secret()} */
        HELD,
        /** the customer is erased: its keys are destroyed, its records stay unreadable for good */
        ERASED,
        /** HQ does not hold it (yet): the channel escrows it before it publishes what it sealed */
        NOT_HELD
    }

    /** The answer for one wanted key; {@code secret} only when {@link Status#HELD}. */
    public record Found(UUID keyId, UUID customerId, Status status, byte[] secret) {
    }

    private final CustomerDataKeys keys;
    private final CustomerErasures erasures;

    public DataKeyLookup(CustomerDataKeys keys, CustomerErasures erasures) {
        this.keys = keys;
        this.erasures = erasures;
    }

    /** Keys read ahead at most per lookup. */
    public static final int MAX_AHEAD = 500;

    /**
     * Up to {@code max} (at most {@link #MAX_AHEAD}) keys the channels escrowed after {@code after}, or the last
     * escrowed with no {@code after}: distribution keeps them for the records they will seal (decision 0018).
     * Erased customers' keys are deleted at their erasure, so none is among them.
     */
    @Transactional
    public List<CustomerDataKeys.Ahead> ahead(java.time.Instant after, int max) {
        return max <= 0 ? List.of() : keys.escrowedAfter(after, Math.min(max, MAX_AHEAD));
    }

    /** One answer per wanted key, in order, with two queries. */
    @Transactional
    public List<Found> find(List<Wanted> wanted) {
        Map<UUID, CustomerDataKeys.Held> held = keys.held(wanted.stream().map(Wanted::keyId).distinct().toList());
        Set<UUID> erased = erasures.erasedOf(wanted.stream().map(Wanted::customerId).distinct().toList());
        return wanted.stream().map(w -> {
            CustomerDataKeys.Held key = held.get(w.keyId());
            if (erased.contains(w.customerId())) {
                return new Found(w.keyId(), w.customerId(), Status.ERASED, null);
            }
            if (key != null && key.customerId().equals(w.customerId())) {
                return new Found(w.keyId(), w.customerId(), Status.HELD, key.secret());
            }
            return new Found(w.keyId(), w.customerId(), Status.NOT_HELD, null);
        }).toList();
    }
}
