package io.customersync.bench;

import java.util.List;
import java.util.Optional;

/** The benchmark's command-line options of the form {@code --name=value}. */
final class Options {

    private Options() {
    }

    /** The value of the first argument that starts with {@code prefix} (e.g. {@code "--rates="}), if any. */
    static Optional<String> value(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst();
    }

    /** The services' JVM options, and each --service-option=-Dkey=value (to measure a setting without a rebuild). */
    static List<String> serviceOptions(List<String> args) {
        return java.util.stream.Stream.concat(io.customersync.system.SystemLayout.SHARED_KEY_LOAD_JVM_OPTIONS.stream(),
                args.stream().filter(a -> a.startsWith("--service-option=")).map(a -> a.substring(17))).toList();
    }
}
