package io.customersync.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void customerCreatedSurvivesTheRoundTrip() throws IOException {
        var created = new CustomerCreated(UUID.randomUUID(), "HOUSTON", "HOUSTON-000000001", "Ada", "Lovelace",
                "ada@example.com", "+15550100", List.of(new AsyncAddress(UUID.randomUUID(), "1 Main St", "Houston", "TX",
                        "77002", "US", "HOME")),
                Map.of("loyalty", "gold"), Instant.parse("2026-11-25T10:15:30.123Z"));

        assertEquals(created, EventJson.read(EventJson.write(created), CustomerCreated.class));
    }

    @Test
    void unknownFieldsAreIgnoredSoAddingAFieldIsCompatible() throws IOException {
        String json = """
                {"customerId":"%s","originChannelId":"ONLINE","asyncCustomerNumber":"ONLINE-1",
                 "accountNumber":"C000001","syncedAt":"2026-11-25T10:15:30Z","addedLater":"x"}"""
                .formatted(UUID.randomUUID());

        var synced = EventJson.read(json.getBytes(StandardCharsets.UTF_8), CustomerSynchronized.class);

        assertEquals("C000001", synced.accountNumber());
        assertEquals(List.of(), synced.addresses());
    }

    @Test
    void anEventWithoutItsRequiredFieldsIsRefused() {
        String json = """
                {"customerId":"%s","originChannelId":"ONLINE","syncedAt":"2026-11-25T10:15:30Z"}"""
                .formatted(UUID.randomUUID());

        assertThrows(IOException.class,
                () -> EventJson.read(json.getBytes(StandardCharsets.UTF_8), CustomerSynchronized.class));
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(IOException.class,
                () -> EventJson.read("not json".getBytes(StandardCharsets.UTF_8), CustomerCreated.class));
    }

    @Test
    void everyEventTypeIsFoundByItsCloudEventsType() {
        for (EventType type : EventType.values()) {
            assertEquals(type, EventType.fromCeType(type.ceType()).orElseThrow());
        }
        assertEquals(true, EventType.fromCeType("io.customersync.unknown.v1").isEmpty());
    }
}
