package io.customersync.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What a benchmark run measures and how long: the defaults, {@code --quick}, and the options that change them. */
record Settings(List<Integer> rates, Duration phase, int drainCustomers, int drainRate, int connections,
        Duration ceiling, int modeRate, Duration modePhase, Duration converge, double shared, int phoneCustomers) {

    /**
     * How long HOUSTON is warmed up at 200/s before anything is measured (class loading, the JIT of the
     * services and the broker): 40 s, or --warm-up-seconds=. After 10 s (the default until 2026-12-05) the
     * JIT still compiled through the idle row and the first rate's row (measured: docs/performance.md).
     */
    Duration warmUp(List<String> args) {
        return Options.value(args, "--warm-up-seconds=").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(Duration.ofSeconds(40));
    }

    /** How many customers the idle row converts one at a time: --idle-customers=, else 100 (40 in a quick run). */
    int idleCustomers(List<String> args) {
        return Options.value(args, "--idle-customers=").map(Integer::parseInt).orElse(phase().toSeconds() >= 60 ? 100 : 40);
    }

    /** How many customers are posted and converted before anything is measured: --existing-customers=, else none. */
    int existingCustomers(List<String> args) {
        return Options.value(args, "--existing-customers=").map(Integer::parseInt).orElse(0);
    }

    /** How long each closed-loop overload row runs: a minute, or 15 s in a quick run; --overload-seconds= chooses. */
    Duration overloadPhase(List<String> args) {
        return Options.value(args, "--overload-seconds=").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(phase().compareTo(Duration.ofSeconds(60)) >= 0 ? Duration.ofSeconds(60) : Duration.ofSeconds(15));
    }

    /** The overload rows' client counts, in order: 16, 64, 256, 1,024; --overload-clients=64,256,64,256 chooses. */
    static List<Integer> overloadClients(List<String> args) {
        return Options.value(args, "--overload-clients=").map(v -> java.util.Arrays.stream(v.split(","))
                .map(String::trim).map(Integer::valueOf).toList()).orElse(List.of(16, 64, 256, 1024));
    }

    static Settings from(List<String> args) {
        boolean quick = args.contains("--quick");
        double shared = Options.value(args, "--shared=").map(Double::valueOf).orElse(0.10);
        Settings s = quick
                ? new Settings(List.of(250, 500, 1000), Duration.ofSeconds(15), 10_000, 1000, 20, Duration.ofSeconds(10), 100,
                        Duration.ofSeconds(10), Duration.ofSeconds(60), shared, 3_000)
                : new Settings(List.of(250, 500, 1000, 2000), Duration.ofSeconds(60), 100_000, 1000, 20,
                        Duration.ofSeconds(20), 250, Duration.ofSeconds(20), Duration.ofMinutes(3), shared, 10_000);
        for (String arg : args) {
            if (arg.startsWith("--drain=")) {
                s = new Settings(s.rates(), s.phase(), Integer.parseInt(arg.substring(8)), s.drainRate(), s.connections(),
                        s.ceiling(), s.modeRate(), s.modePhase(), s.converge(), s.shared(), s.phoneCustomers());
            } else if (arg.startsWith("--rates=")) {
                s = new Settings(Arrays.stream(arg.substring(8).split(",")).map(Integer::valueOf).toList(), s.phase(),
                        s.drainCustomers(), s.drainRate(), s.connections(), s.ceiling(), s.modeRate(), s.modePhase(),
                        s.converge(), s.shared(), s.phoneCustomers());
            } else if (arg.startsWith("--mode-rate=")) {
                s = new Settings(s.rates(), s.phase(), s.drainCustomers(), s.drainRate(), s.connections(), s.ceiling(),
                        Integer.parseInt(arg.substring(12)), s.modePhase(), s.converge(), s.shared(), s.phoneCustomers());
            } else if (arg.startsWith("--phase-seconds=")) {
                s = new Settings(s.rates(), Duration.ofSeconds(Long.parseLong(arg.substring(16))), s.drainCustomers(),
                        s.drainRate(), s.connections(), s.ceiling(), s.modeRate(), s.modePhase(), s.converge(),
                        s.shared(), s.phoneCustomers());
            }
        }
        return s;
    }
}
