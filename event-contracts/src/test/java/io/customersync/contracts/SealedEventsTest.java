package io.customersync.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SealedEventsTest {

    private static final UUID ID = UUID.randomUUID();
    private static final CustomerCreated ADA = new CustomerCreated(ID, "HOUSTON", "HOUSTON-000000001", "Ada",
            "Lovelace", "ada@example.com", "+1 555 0100", List.of(new AsyncAddress(UUID.randomUUID(), "1 Main St",
                    "Houston", "TX", "77002", "US", "HOME")), Map.of("loyaltyTier", "gold"),
            Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void aSealedBodyShowsIdsOnlyAndOpensWithTheCustomersKey() throws IOException {
        DataKey key = DataKey.generate();

        byte[] body = EventJson.write(SealedEvents.seal(EventType.CUSTOMER_CREATED, ADA, key));

        String text = new String(body, StandardCharsets.UTF_8);
        CustomerCreated read = EventJson.read(body, CustomerCreated.class);
        assertNoPersonalDataOutside(read.sealed(), text);
        assertTrue(text.contains(ID.toString()) && text.contains("HOUSTON-000000001"), text);
        assertEquals(key.keyId(), SealedEvents.keyId(read).orElseThrow());
        assertNull(read.firstName());
        assertNotNull(read.sealed());
        assertEquals(ADA, SealedEvents.open(read, key.secret()));
    }

    @Test
    void aSealedEditNeedsNoNamesUntilOpened() throws IOException {
        DataKey key = DataKey.generate();
        CustomerUpdated edit = new CustomerUpdated(ID, "ONLINE", "Ada", "King", null, null, Map.of(),
                Instant.parse("2026-12-01T10:00:00Z"), 3L, List.of("lastName"));

        CustomerUpdated read = EventJson.read(EventJson.write(SealedEvents.seal(EventType.CUSTOMER_UPDATED, edit, key)),
                CustomerUpdated.class);

        assertNull(read.lastName());
        assertEquals(List.of("lastName"), read.changedFields());
        assertEquals(edit, SealedEvents.open(read, key.secret()));
    }

    @Test
    void aSealedSyncAnnouncementShowsIdsAndAccountNumberOnly() throws IOException {
        DataKey key = DataKey.generate();
        CustomerSynchronized synced = new CustomerSynchronized(ID, "HOUSTON", "HOUSTON-000000001", "C000042",
                List.of(new SyncedAddress(ADA.addresses().get(0).asyncAddressId(), 7L)), ADA.createdAt(),
                new CustomerSnapshot("Ada", "Lovelace", "ada@example.com", "+1 555 0100", Map.of("loyaltyTier", "gold"),
                        ADA.addresses()), null, 3L);

        byte[] body = EventJson.write(SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, synced, key));

        String text = new String(body, StandardCharsets.UTF_8);
        CustomerSynchronized read = EventJson.read(body, CustomerSynchronized.class);
        assertNoPersonalDataOutside(read.sealed(), text);
        assertFalse(text.contains("channelId\""), "no property of its own for SealableEvent.channelId: " + text);
        assertNull(read.customer());
        assertEquals("C000042", read.accountNumber());
        assertEquals(3L, read.version());
        assertEquals(synced, SealedEvents.open(read, key.secret()));
        assertEquals(read.sealed(), read.withVersion(4).sealed(), "a new version keeps the sealed part");
    }

    @Test
    void anotherKeyOrAnotherCustomerDoesNotOpenIt() throws IOException {
        DataKey key = DataKey.generate();
        CustomerCreated read = EventJson.read(EventJson.write(SealedEvents.seal(EventType.CUSTOMER_CREATED, ADA, key)),
                CustomerCreated.class);

        assertThrows(IllegalArgumentException.class, () -> SealedEvents.open(read, PersonalDataCipher.newKey()));
        CustomerCreated moved = new CustomerCreated(UUID.randomUUID(), "HOUSTON", "HOUSTON-000000002", null, null, null,
                null, null, null, read.createdAt(), new SealedPart(read.sealed().keyId(), "A256GCM",
                        read.sealed().iv(), read.sealed().ciphertext()));
        assertThrows(IllegalArgumentException.class, () -> SealedEvents.open(moved, key.secret()));
        assertEquals(ADA, SealedEvents.open(read, key.secret()), "this thread's cipher opens again after it failed");
    }

    @Test
    void sealsOnOneThreadWithOneKeyHaveIvsOfTheirOwnAndEachOpens() throws IOException {
        DataKey key = DataKey.generate();

        CustomerCreated first = EventJson.read(EventJson.write(SealedEvents.seal(EventType.CUSTOMER_CREATED, ADA, key)),
                CustomerCreated.class);
        CustomerCreated second = EventJson.read(EventJson.write(SealedEvents.seal(EventType.CUSTOMER_CREATED, ADA, key)),
                CustomerCreated.class);

        assertFalse(first.sealed().iv().equals(second.sealed().iv()), "an IV is never used twice with a key");
        assertEquals(ADA, SealedEvents.open(first, key.secret()));
        assertEquals(ADA, SealedEvents.open(second, key.secret()));
    }

    @Test
    void aPlaintextBodyIsReadAsItIs() throws IOException {
        CustomerCreated read = EventJson.read(EventJson.write(ADA), CustomerCreated.class);

        assertSame(read, SealedEvents.open(read, PersonalDataCipher.newKey()));
    }

    /** Base64 ciphertext may spell "Ada" by chance: only the text outside the sealed part must hold no personal data. */
    private static void assertNoPersonalDataOutside(SealedPart sealed, String body) {
        assertNotNull(sealed, body);
        String outside = body.replace(sealed.ciphertext(), "").replace(sealed.iv(), "");
        for (String personal : List.of("Ada", "Lovelace", "ada@example.com", "555 0100", "Main St", "gold")) {
            assertFalse(outside.contains(personal), personal + " readable in " + body);
        }
    }

    private static void assertSame(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertSame(expected, actual);
    }
}
