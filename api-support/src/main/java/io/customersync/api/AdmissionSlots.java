package io.customersync.api;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The slots behind {@link LoadShedding}: at most {@code maxInFlight} requests served at once and at
 * most {@code maxWaiting} more waiting for a slot, first come first served. A slot that frees goes
 * straight to the request that waited longest; a request that finds the waiting room full is refused.
 *
 * @param <T> a request; compared by identity
 */
final class AdmissionSlots<T> {

    /** What became of a request that knocked. */
    enum Decision {
        /** it holds a slot: serve it, then {@link #leave()} */
        ADMITTED,
        /** it waits: {@link #leave()} hands it a slot, or {@link #giveUp} takes it out when its time is up */
        WAITING,
        /** the waiting room is full: refuse it at once */
        REFUSED
    }

    private final int maxInFlight;
    private final int maxWaiting;
    private final LinkedHashSet<T> waiting = new LinkedHashSet<>();
    private int inFlight;

    AdmissionSlots(int maxInFlight, int maxWaiting) {
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
    }

    synchronized Decision enter(T request) {
        if (inFlight < maxInFlight) {
            inFlight++;
            return Decision.ADMITTED;
        }
        if (waiting.size() < maxWaiting && waiting.add(request)) {
            return Decision.WAITING;
        }
        return Decision.REFUSED;
    }

    /**
     * An admitted request ended.
     *
     * @return the waiting request that now holds its slot (admitted: serve it), or null if none waited
     */
    synchronized T leave() {
        Iterator<T> first = waiting.iterator();
        if (first.hasNext()) {
            T next = first.next();
            first.remove();
            return next;
        }
        inFlight--;
        return null;
    }

    /** @return true if the request was still waiting (it is taken out: refuse it), false if it was admitted meanwhile */
    synchronized boolean giveUp(T request) {
        return waiting.remove(request);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
