package io.customersync.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of a command. */
record Arguments(Map<String, String> values) {

    private static final Set<String> FLAGS = Set.of("--from-beginning", "--dead-letters-only");
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    static Arguments parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + name);
            }
            if (FLAGS.contains(name)) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        return new Arguments(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String bootstrap() {
        return get("--bootstrap").orElseGet(() -> Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))
                .orElse(DEFAULT_BOOTSTRAP));
    }
}
