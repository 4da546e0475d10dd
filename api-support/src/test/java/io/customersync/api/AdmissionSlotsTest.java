package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.customersync.api.AdmissionSlots.Decision;

/** Slots go to those who waited, first come first served; the waiting room is bounded. */
class AdmissionSlotsTest {

    private final AdmissionSlots<Object> slots = new AdmissionSlots<>(2, 2);

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
        AdmissionSlots<Object> none = new AdmissionSlots<>(1, 0);
        assertEquals(Decision.ADMITTED, none.enter(new Object()));
        assertEquals(Decision.REFUSED, none.enter(new Object()));
    }
}
