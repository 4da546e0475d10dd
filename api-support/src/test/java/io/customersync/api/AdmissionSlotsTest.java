package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.customersync.api.AdmissionSlots.Decision;

/** Slots go to those who waited, first come first served; the waiting room is bounded. */
class AdmissionSlotsTest {

    private final AdmissionSlots<Object, String> slots = new AdmissionSlots<>(2, 2, 2);

    @Test
    void beyondTheSlotsRequestsWaitUntilTheRoomIsFullThenAreRefused() {
        assertEquals(Decision.ADMITTED, slots.enter(new Object()));
        assertEquals(Decision.ADMITTED, slots.enter(new Object()));
        assertEquals(Decision.WAITING, slots.enter(new Object()));
        assertEquals(Decision.WAITING, slots.enter(new Object()));
        assertEquals(Decision.REFUSED, slots.enter(new Object()));
        assertEquals(2, slots.inFlight());
        assertEquals(2, slots.waiting());
    }

    @Test
    void aFreedSlotGoesToTheRequestThatWaitedLongest() {
        slots.enter(new Object());
        slots.enter(new Object());
        Object first = new Object();
        Object second = new Object();
        slots.enter(first);
        slots.enter(second);

        assertSame(first, slots.leave());
        assertSame(second, slots.leave());
        assertEquals(2, slots.inFlight(), "each handed its slot on");
        assertNull(slots.leave());
        assertNull(slots.leave());
        assertEquals(0, slots.inFlight());
        assertEquals(Decision.ADMITTED, slots.enter(new Object()));
    }

    @Test
    void aRequestThatGaveUpIsNoLongerWaitingAndOneAlreadyAdmittedCannotGiveUp() {
        slots.enter(new Object());
        slots.enter(new Object());
        Object impatient = new Object();
        Object patient = new Object();
        slots.enter(impatient);
        slots.enter(patient);

        assertTrue(slots.giveUp(impatient));
        assertSame(patient, slots.leave(), "the one who gave up is skipped");
        assertFalse(slots.giveUp(patient), "admitted meanwhile: it is served, not refused");
        assertEquals(0, slots.waiting());
    }

    @Test
    void withNoWaitingRoomEveryRequestBeyondTheSlotsIsRefused() {
        AdmissionSlots<Object, String> none = new AdmissionSlots<>(1, 0, 0);
        assertEquals(Decision.ADMITTED, none.enter(new Object()));
        assertEquals(Decision.REFUSED, none.enter(new Object()));
    }

    @Test
    void beyondTheRequestsReadAClientIsHeldUntilThereIsRoomInTheOrderHeld() {
        AdmissionSlots<Object, String> room = new AdmissionSlots<>(1, 4, 1);
        room.enter(new Object());
        assertFalse(room.hold("served while no one waits", 0), "no one waits: read it as usual");
        Object waits = new Object();
        room.enter(waits);
        assertTrue(room.hold("first", 1));
        assertTrue(room.hold("second", 2));
        assertNull(room.nextToRead(), "the waiting room has no room");
        assertEquals(2, room.held());
        assertEquals(Decision.WAITING, room.enter(new Object()), "a client that was not held still waits");
        assertEquals(Decision.REFUSED, room.enter(new Object()), "held clients count in max-waiting");
        assertFalse(room.hold("third", 3), "the waiting room is full: read it, its request is refused");

        assertSame(waits, room.leave());
        assertNull(room.nextToRead(), "one still waits");
        room.leave();
        assertTrue(room.hold("fourth", 4), "no one waits, but others are held: it is held after them");
        assertEquals("first", room.nextToRead(), "one for each request that left the waiting room");
        assertEquals(2, room.held());
    }

    @Test
    void aClientHeldLongerThanARequestMayWaitIsTakenOut() {
        AdmissionSlots<Object, String> room = new AdmissionSlots<>(1, 4, 1);
        room.enter(new Object());
        room.enter(new Object());
        room.hold("early", 100);
        room.hold("late", 200);

        assertEquals(List.of(), room.heldBefore(100));
        assertEquals(List.of("early"), room.heldBefore(150));
        assertEquals(List.of(), room.heldBefore(150));
        assertEquals(List.of("late"), room.heldBefore(Long.MAX_VALUE));
        assertEquals(0, room.held());
    }

    @Test
    void whileSlotsAreFreeHeldClientsAreReadAsManyAsCanBeServedOrWaitRead() {
        AdmissionSlots<Object, String> room = new AdmissionSlots<>(2, 8, 1);
        Object first = new Object();
        room.enter(first);
        room.enter(new Object());
        room.enter(new Object());
        for (String client : List.of("a", "b", "c", "d")) {
            assertTrue(room.hold(client, 0));
        }
        assertEquals(List.of(), room.readableNow(0, 10), "no slot free");

        room.leave(); // to the one waiting
        room.leave();
        room.leave(); // the held clients' peers sent nothing: two slots free, no one waits
        assertEquals(0, room.inFlight());
        assertEquals(List.of("a", "b", "c"), room.readableNow(100, 10), "two to serve, one to wait read");
        assertEquals(List.of(), room.readableNow(105, 10), "their requests are on their way: not again at once");
        assertEquals(List.of("d"), room.readableNow(110, 10));
    }

    @Test
    void whileASlotIsFreeNoOneIsHeldEvenWithNoWaitingRequestRead() {
        AdmissionSlots<Object, String> room = new AdmissionSlots<>(2, 4, 0);
        room.enter(new Object());
        assertFalse(room.hold("idle till", 0), "a slot is free: nothing to wait for");
        room.enter(new Object());
        assertTrue(room.hold("busy", 0), "every slot taken and none to be read: held");
    }

    @Test
    void aHeldClientThatWentAwayIsForgottenAndMakesRoom() {
        AdmissionSlots<Object, String> room = new AdmissionSlots<>(1, 2, 1);
        room.enter(new Object());
        room.enter(new Object());
        assertTrue(room.hold("gone", 0));
        assertEquals(Decision.REFUSED, room.enter(new Object()), "the waiting room is full with it");
        assertTrue(room.forget("gone"));
        assertFalse(room.forget("gone"));
        assertEquals(0, room.held());
        assertEquals(Decision.WAITING, room.enter(new Object()));
    }
}
