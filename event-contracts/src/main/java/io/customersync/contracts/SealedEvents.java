package io.customersync.contracts;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seals and opens the personal fields of an event body (docs/events.md, "Sealed personal fields"):
 * the fields {@link EventType#personalFields()} names move, as one JSON object, into a
 * {@link SealedPart} under {@code sealed}; ids, channel, times and versions stay readable.
 */
public final class SealedEvents {

    public static final String SEALED = "sealed";

    private SealedEvents() {
    }

    /** The body to publish: the event with its personal fields sealed with the customer's key. */
    public static ObjectNode seal(EventType type, SealableEvent event, DataKey key) {
        ObjectMapper json = EventJson.mapper();
        ObjectNode body = json.valueToTree(event);
        ObjectNode personal = json.createObjectNode();
        for (String field : type.personalFields()) {
            JsonNode value = body.remove(field);
            if (value != null) {
                personal.set(field, value);
            }
        }
        body.remove(SEALED);
        body.set(SEALED, json.valueToTree(PersonalDataCipher.seal(key, event.customerId(), EventJson.write(personal))));
        return body;
    }

    /**
     * The event as it was before sealing, opened with the secret of the key its part names
     * ({@code sealed.keyId}); a plaintext event as it is.
     *
     * @throws IllegalArgumentException if the sealed part does not open with this key or its content is not the event's
     */
    @SuppressWarnings("unchecked")
    public static <T extends SealableEvent> T open(T event, byte[] secret) {
        if (event.sealed() == null) {
            return event;
        }
        ObjectMapper json = EventJson.mapper();
        ObjectNode body = json.valueToTree(event);
        body.remove(SEALED);
        try {
            JsonNode personal = json.readTree(PersonalDataCipher.open(secret, event.customerId(), event.sealed()));
            if (!(personal instanceof ObjectNode fields)) {
                throw new IllegalArgumentException("sealed part does not hold an object");
            }
            body.setAll(fields);
            return (T) json.treeToValue(body, event.getClass());
        } catch (IOException e) {
            throw new IllegalArgumentException("sealed part does not hold the event's fields: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The id of the key that sealed the event, or empty for a plaintext event. */
    public static java.util.Optional<java.util.UUID> keyId(SealableEvent event) {
        if (event.sealed() == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.util.UUID.fromString(event.sealed().keyId()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed part: keyId is not a key id");
        }
    }
}
