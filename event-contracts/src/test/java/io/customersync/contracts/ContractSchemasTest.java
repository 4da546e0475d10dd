package io.customersync.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

/**
 * The machine-readable JSON Schemas in docs/schemas are generated from the contract records: one
 * per event type, named by its {@code ce_type}. This test fails when a record changed and the
 * schemas were not regenerated ({@code ./mvnw test -pl event-contracts -Dschemas.update=true}).
 */
class ContractSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIRECTORY = Path.of(System.getProperty("schemas.directory", "../docs/schemas"));

    @Test
    void everyEventTypeHasItsCurrentSchemaInDocs() throws IOException {
        boolean update = Boolean.getBoolean("schemas.update");
        for (EventType type : EventType.values()) {
            Path file = DIRECTORY.resolve(type.ceType() + ".schema.json");
            String generated = schemaOf(type);
            if (update) {
                Files.createDirectories(DIRECTORY);
                Files.writeString(file, generated);
            }
            assertTrue(Files.exists(file), file + " is missing: run with -Dschemas.update=true");
            assertEquals(generated, Files.readString(file),
                    file + " does not match " + type.payloadType().getSimpleName() + ": run with -Dschemas.update=true");
        }
    }

    static String schemaOf(EventType type) throws IOException {
        // additional properties stay allowed: consumers ignore fields they do not know (docs/events.md)
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(JSON, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON).with(Option.EXTRA_OPEN_API_FORMAT_VALUES);
        config.forFields().withRequiredCheck(field -> requiredFields(field.getDeclaringType().getErasedType())
                .contains(field.getName()));
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(type.payloadType());
        schema.put("$id", "https://customersync.io/schemas/" + type.ceType() + ".schema.json");
        schema.put("title", type.payloadType().getSimpleName());
        schema.put("description", "Body of a " + type.ceType() + " event on " + type.topic()
                + " (headers: docs/events.md)" + (type.personalFields().isEmpty() ? ""
                        : ". Personal fields " + type.personalFields() + " travel sealed in 'sealed' (docs/events.md,"
                                + " \"Sealed personal fields\"); a plaintext body (older producers) has them as they are"));
        sealedAlternative(type, schema);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n";
    }

    /**
     * A sealed body has no personal fields: those the plaintext body requires are required only when
     * there is no {@code sealed} part.
     */
    private static void sealedAlternative(EventType type, ObjectNode schema) {
        if (type.personalFields().isEmpty() || !schema.has("required")) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode always = JSON.createArrayNode();
        com.fasterxml.jackson.databind.node.ArrayNode plaintext = JSON.createArrayNode();
        schema.get("required").forEach(f -> (type.personalFields().contains(f.asText()) ? plaintext : always).add(f));
        if (plaintext.isEmpty()) {
            return;
        }
        schema.set("required", always);
        com.fasterxml.jackson.databind.node.ArrayNode anyOf = schema.putArray("anyOf");
        anyOf.addObject().putArray("required").add(SealedEvents.SEALED);
        anyOf.addObject().set("required", plaintext);
    }

    /**
     * The fields a record's constructor refuses to go without ({@link Require}): found by building it
     * with every component present but one.
     */
    static java.util.Set<String> requiredFields(Class<?> type) {
        java.util.Set<String> required = new java.util.TreeSet<>();
        if (!type.isRecord()) {
            return required;
        }
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent left : components) {
            if (left.getType().isPrimitive() || left.getName().equals(SealedEvents.SEALED)) {
                continue;
            }
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                // without a sealed part: the plaintext body's required fields (sealedAlternative)
                values[i] = components[i] == left || components[i].getName().equals(SealedEvents.SEALED) ? null
                        : sample(components[i].getType());
            }
            try {
                construct(type, values);
            } catch (IllegalArgumentException e) {
                required.add(left.getName());
            }
        }
        return required;
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "x";
        } else if (type == java.util.UUID.class) {
            return java.util.UUID.randomUUID();
        } else if (type == java.time.Instant.class) {
            return java.time.Instant.now();
        } else if (type == java.util.List.class) {
            return java.util.List.of();
        } else if (type == java.util.Map.class) {
            return java.util.Map.of();
        } else if (type == Long.class) {
            return 1L;
        } else if (type == long.class || type == int.class) {
            return type == long.class ? (Object) 1L : (Object) 1;
        } else if (type == boolean.class || type == Boolean.class) {
            return Boolean.TRUE; // true: a Boolean written only when true (an address removed) shows in the sample
        } else if (type == java.math.BigDecimal.class) {
            return java.math.BigDecimal.ONE;
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getType());
            }
            return construct(type, values);
        }
        throw new IllegalStateException("no sample value for " + type + ": add one to ContractSchemasTest");
    }

    private static Object construct(Class<?> type, Object[] values) {
        Class<?>[] parameters = java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(parameters).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
