package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel edited a customer (async or synced; its own, or a copy of another store's customer of
 * its address book). Carries the customer's editable fields as they are after the edit, so applying
 * it twice, or after a later edit was lost, is harmless. Keyed by {@code customerId}, after the
 * customer's {@link CustomerCreated}.
 * <p>
 * Added compatibly in v1 (absent from older records): {@code baseVersion}, HQ's version of the
 * customer the edited row had (absent while the customer had none, e.g. still ASYNC), and
 * {@code changedFields}, the names of the fields the edit changed ({@link #FIELDS}). With both, HQ
 * applies only the changed fields, and of those none HQ changed since the base version (docs/versions.md);
 * without them, the whole snapshot, as before. On the topic the personal fields travel sealed
 * ({@code sealed}, {@link SealedEvents}): then the names are not required here until it is opened.
 */
public record CustomerUpdated(
        UUID customerId,
        String channelId,
        String firstName,
        String lastName,
        String email,
        String phone,
        Map<String, String> attributes,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long baseVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> changedFields,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedPart sealed) implements SealableEvent {

    /** The editable fields, by the names {@code changedFields} uses. */
    public static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "attributes");

    public CustomerUpdated(UUID customerId, String channelId, String firstName, String lastName, String email,
            String phone, Map<String, String> attributes, Instant updatedAt) {
        this(customerId, channelId, firstName, lastName, email, phone, attributes, updatedAt, null, null);
    }

    public CustomerUpdated(UUID customerId, String channelId, String firstName, String lastName, String email,
            String phone, Map<String, String> attributes, Instant updatedAt, Long baseVersion,
            List<String> changedFields) {
        this(customerId, channelId, firstName, lastName, email, phone, attributes, updatedAt, baseVersion,
                changedFields, null);
    }

    public CustomerUpdated {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        if (sealed == null) { // sealed, the names are in the sealed part
            Require.text(firstName, "firstName");
            Require.text(lastName, "lastName");
        }
        Require.present(updatedAt, "updatedAt");
        attributes = Require.noNullValues(attributes, "attributes");
        if (baseVersion != null && baseVersion < 1) {
            throw new IllegalArgumentException("baseVersion must be 1 or more");
        }
        if (changedFields != null) {
            changedFields = List.copyOf(changedFields);
            for (String field : changedFields) {
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException("changedFields: unknown field " + field);
                }
            }
        }
    }

    /** Whether the edit changed this field: every field when the record does not say ({@code changedFields} absent). */
    public boolean changed(String field) {
        return changedFields == null || changedFields.contains(field);
    }
}
