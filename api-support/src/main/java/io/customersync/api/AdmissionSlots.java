package io.customersync.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The slots behind {@link LoadShedding}: at most {@code maxInFlight} requests served at once and at
 * most {@code maxWaiting} more waiting for a slot, first come first served. A slot that frees goes
 * straight to the request that waited longest; a request that finds the waiting room full is refused.
 * <p>
 * Of those waiting, at most {@code waitingRead} are requests read into memory: a keep-alive client
 * whose request ends while that many wait is <em>held</em> (its connection not read, its next request
 * waiting in the socket, costing no heap) until the waiting room has room for it again, in the order
 * held: one for each request that leaves the waiting room ({@link #nextToRead()}). Held clients count in
 * {@code maxWaiting}; those held longer than a waiting request may wait are taken out by {@link #heldBefore(long)}
 * (their request is refused once read), and while slots are free by {@link #readableNow}.
 *
 * @param <T> a request; compared by identity
 * @param <C> a client's connection
 */
final class AdmissionSlots<T, C> {

    /** What became of a request that knocked. */
    enum Decision {
        /** it holds a slot: serve it, then {@link #leave()} */
        ADMITTED,
        /** it waits: {@link #leave()} hands it a slot, or {@link #giveUp} takes it out when its time is up */
        WAITING,
        /** the waiting room is full: refuse it at once */
        REFUSED
    }

    private record Held<C>(C connection, long since) {
    }

    private final int maxInFlight;
    private final int maxWaiting;
    private final int waitingRead;
    private final LinkedHashSet<T> waiting = new LinkedHashSet<>();
    private final ArrayDeque<Held<C>> held = new ArrayDeque<>();
    private int inFlight;
    private boolean readWhileFree;
    private long lastReadWhileFree;

    AdmissionSlots(int maxInFlight, int maxWaiting, int waitingRead) {
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
        this.waitingRead = waitingRead;
    }

    synchronized Decision enter(T request) {
        if (inFlight < maxInFlight) {
            inFlight++;
            return Decision.ADMITTED;
        }
        if (waiting.size() + held.size() < maxWaiting && waiting.add(request)) {
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

    /**
     * A request ended on {@code connection}, its slot handed on: true if the client is held now (do not read its
     * connection until {@link #nextToRead()}, {@link #heldBefore(long)} or {@link #readableNow} names it), false
     * to read it as usual. It is held while every slot is taken and {@code waitingRead} requests wait, or others
     * are held already.
     */
    synchronized boolean hold(C connection, long now) {
        if (inFlight < maxInFlight || held.isEmpty() && waiting.size() < waitingRead
                || waiting.size() + held.size() >= maxWaiting) {
            return false; // while any are held, the next is held too: read in the order held, none overtaken
        }
        held.add(new Held<>(connection, now));
        return true;
    }

    /**
     * A request left the waiting room (handed a slot, or gave up): the client held longest, taken out, if the
     * waiting room has room for its request now; else null. One a time: its request is not there yet.
     */
    synchronized C nextToRead() {
        return !held.isEmpty() && waiting.size() < waitingRead ? held.poll().connection() : null;
    }

    /** The clients held before {@code before}, taken out: they waited as long as a request may (refuse their request). */
    synchronized List<C> heldBefore(long before) {
        List<C> expired = new ArrayList<>();
        while (!held.isEmpty() && held.peek().since() - before < 0) {
            expired.add(held.poll().connection());
        }
        return expired;
    }

    /**
     * While a slot is free (a held client whose freed slot went to one that sent nothing more), the clients held
     * longest, taken out, as many as the free slots and the room left for waiting requests read; not again within
     * {@code gapNanos} of the last time (their requests are on their way: ticks that come late, back to back, must
     * not read every held client at once).
     */
    synchronized List<C> readableNow(long now, long gapNanos) {
        int room = maxInFlight - inFlight;
        if (room <= 0 || held.isEmpty() || readWhileFree && now - lastReadWhileFree < gapNanos) {
            return List.of();
        }
        readWhileFree = true;
        lastReadWhileFree = now;
        room += Math.max(0, waitingRead - waiting.size());
        List<C> readable = new ArrayList<>();
        while (!held.isEmpty() && readable.size() < room) {
            readable.add(held.poll().connection());
        }
        return readable;
    }

    /** Takes a client that went away out; true if it was held. */
    synchronized boolean forget(C connection) {
        return held.removeIf(h -> h.connection() == connection);
    }

    /** Whether clients can be held at all (fewer waiting read than may wait). */
    boolean holds() {
        return waitingRead < maxWaiting;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized int held() {
        return held.size();
    }
}
