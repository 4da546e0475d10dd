package io.customersync.messaging;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Workers for tests that run a loop on its own supervised thread; quick restarts. */
final class TestWorkers {

    static final Workers.Settings QUICK = new Workers.Settings(Duration.ofMinutes(1), Duration.ofSeconds(10), 10,
            Duration.ofMillis(100), Duration.ofSeconds(1));

    private TestWorkers() {
    }

    static Workers create() {
        return create(QUICK);
    }

    static Workers create(Workers.Settings settings) {
        return new Workers(settings, new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
