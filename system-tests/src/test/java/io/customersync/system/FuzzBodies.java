package io.customersync.system;

import static io.customersync.system.ApiDescriptions.list;
import static io.customersync.system.ApiDescriptions.map;
import static io.customersync.system.ApiDescriptions.resolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Request bodies from an OpenAPI schema: a valid one (the schema's examples, enums, existing ids
 * for properties named like a path id) and mutations of it. Everything is drawn from the one
 * {@link Random} it is given, in a fixed order (schema properties in document order), so a seed
 * makes the same bodies.
 */
final class FuzzBodies {

    /** What a mutation did, and the body it made (JSON text). */
    record Body(String json, String mutation) {
    }

    /** Characters generated strings are drawn from besides ASCII: the ones parsers trip over. */
    private static final String TRICKY = "\"\\/{}[]:,' \t\r\n\u0000\u007f\u00e9\u2028\ud800\udc00\ufeff\u202e\u200b%&=?#;<>";
    private static final List<String> ODD_VALUES = List.of("true", "false", "null", "[]", "{}", "1e999", "-0",
            "[null,[[]]]", "\"2026-02-30T25:00:00Z\"", "-9223372036854775809", "\"\"", "\" \"");
    private static final List<String> BROKEN_JSON = List.of("", "null", "[]", "{}", "{\"a\":", "\u0000", "{'a':1}",
            "{\"a\":1,}", "{\"a\":\"\\ud800\"}", "[".repeat(5000), "{\"a\":1}{\"b\":2}", "\ufeff{}");

    private final Function<String, String> idFor;

    /** @param idFor an existing id (or another value) for a property name, such as customerId */
    FuzzBodies(Function<String, String> idFor) {
        this.idFor = idFor;
    }

    /** A body the schema allows (as far as the schema tells). */
    Object valid(Random random, Map<String, Object> schema, Map<String, Object> components, String name, int depth) {
        Map<String, Object> s = resolve(schema, components);
        if (!list(s.get("allOf")).isEmpty()) {
            s = resolve(map(list(s.get("allOf")).get(0)), components);
        }
        if (s.containsKey("example")) {
            return s.get("example");
        }
        if (!list(s.get("enum")).isEmpty()) {
            return list(s.get("enum")).get(0);
        }
        String type = String.valueOf(s.get("type"));
        switch (type) {
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                List<Object> required = list(s.get("required"));
                for (Map.Entry<String, Object> property : map(s.get("properties")).entrySet()) {
                    if (depth < 4 && (required.contains(property.getKey()) || random.nextInt(3) > 0)) {
                        object.put(property.getKey(), valid(random, map(property.getValue()), components,
                                property.getKey(), depth + 1));
                    }
                }
                if (s.get("additionalProperties") instanceof Map<?, ?> && object.isEmpty()) {
                    object.put("note", "fuzz");
                }
                return object;
            }
            case "array" -> {
                List<Object> items = new ArrayList<>();
                if (depth < 4) {
                    items.add(valid(random, map(s.get("items")), components, name, depth + 1));
                }
                return items;
            }
            case "integer" -> {
                return s.get("minimum") instanceof Number n ? n.longValue() : 1;
            }
            case "number" -> {
                return s.get("minimum") instanceof Number n ? n : 1.5;
            }
            case "boolean" -> {
                return Boolean.TRUE;
            }
            default -> {
                return switch (String.valueOf(s.get("format"))) {
                    case "date-time" -> "2026-11-30T10:00:00Z";
                    case "date" -> "2026-11-30";
                    case "email" -> "fuzz@example.com";
                    default -> idFor.apply(name);
                };
            }
        }
    }

    /** The valid body as it is (about a quarter of the time), or mutated. */
    Body next(Random random, Map<String, Object> schema, Map<String, Object> components) {
        Object body = valid(random, schema, components, "body", 0);
        if (random.nextInt(4) == 0) {
            return new Body(Json.write(body), null);
        }
        int kind = random.nextInt(10);
        if (kind == 0) {
            return new Body(pick(random, BROKEN_JSON), "malformed JSON");
        }
        if (kind == 1) {
            String text = Json.write(body);
            return new Body(text.substring(0, random.nextInt(text.length() + 1)), "truncated JSON");
        }
        List<Leaf> leaves = new ArrayList<>();
        collect(body, null, null, leaves);
        if (leaves.isEmpty() || !(body instanceof Map<?, ?>)) {
            return new Body(Json.write(body) + pick(random, ODD_VALUES), "trailing garbage");
        }
        Leaf leaf = pick(random, leaves);
        String mutation = switch (kind) {
            case 2 -> leaf.set(Json.raw(pick(random, ODD_VALUES)), "wrong type");
            case 3 -> leaf.set("x".repeat(1 + random.nextInt(300_000)), "huge string");
            case 4 -> leaf.set(text(random, 40), "odd characters");
            case 5 -> leaf.set(null, "null");
            case 6 -> leaf.remove();
            case 7 -> leaf.set("NOT_A_" + text(random, 6).toUpperCase(java.util.Locale.ROOT), "bad enum or format");
            case 8 -> leaf.set(random.nextLong() >> random.nextInt(64), "number");
            default -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> top = (Map<String, Object>) body;
                top.put(letters(random, 12), Json.raw(pick(random, ODD_VALUES)));
                yield "unknown field";
            }
        };
        return new Body(Json.write(body), mutation);
    }

    /** A place in a body: a field of an object or an item of an array. */
    private record Leaf(Object parent, Object key) {

        @SuppressWarnings("unchecked")
        String set(Object value, String what) {
            if (parent instanceof Map<?, ?> m) {
                ((Map<Object, Object>) m).put(key, value);
            } else {
                ((List<Object>) parent).set((Integer) key, value);
            }
            return what + " at " + key;
        }

        @SuppressWarnings("unchecked")
        String remove() {
            if (parent instanceof Map<?, ?> m) {
                ((Map<Object, Object>) m).remove(key);
            } else {
                ((List<Object>) parent).remove((int) (Integer) key);
            }
            return "missing " + key;
        }
    }

    private static void collect(Object value, Object parent, Object key, List<Leaf> leaves) {
        if (parent != null) {
            leaves.add(new Leaf(parent, key));
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(v, m, k, leaves));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), l, i, leaves);
            }
        }
    }

    /** Up to {@code maxLength} characters: mostly ASCII, some parser-tricky ones, some any UTF-16 code unit. */
    static String text(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(switch (random.nextInt(10)) {
                case 0, 1 -> TRICKY.charAt(random.nextInt(TRICKY.length()));
                case 2 -> (char) random.nextInt(Character.MAX_VALUE + 1);
                default -> (char) (' ' + random.nextInt(95));
            });
        }
        return text.toString();
    }

    static String letters(Random random, int maxLength) {
        StringBuilder text = new StringBuilder("z");
        for (int i = random.nextInt(maxLength); i > 0; i--) {
            text.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
        }
        return text.toString();
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
