package io.customersync.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customersync.testsupport.FreePorts;

/**
 * Where each part of the local system listens, and the demo channels: HOUSTON (a store) and ONLINE
 * (the online store), each with its own channel-service and channel database.
 */
public record SystemLayout(int postgresPort, int kafkaPort, int hqPort, int distributionPort,
        Map<String, Integer> channelPorts) {

    /**
     * A demo channel: its id, what it is, the key of the terminal or storefront that uses it, its
     * functionality profile for creating customers, and its key for HQ's real-time service.
     */
    public record Channel(String id, String kind, String demoKey, String role, String creationMode, String rtsKey) {

        public String database() {
            return "channel_" + id.toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final List<Channel> CHANNELS = List.of(
            new Channel("HOUSTON", "store", "demo-pos-houston", "pos", "ASYNC", "demo-rts-houston"),
            new Channel("ONLINE", "online store", "demo-storefront-online", "storefront", "SYNC_WITH_ASYNC_FALLBACK",
                    "demo-rts-online"));
    public static final String OPS_KEY = "demo-ops";
    /** distribution-service's key at hq-service (role distribution: it reads the customers' data keys, nothing else). */
    public static final String DISTRIBUTION_KEY = "demo-distribution";
    /**
     * JVM options of every service process when the whole system shares one small machine (./run.sh,
     * the system tests, the benchmark; measured with bench/run on 2 cores): an 80 MB heap with the
     * serial collector (no G1 remembered sets), only the C1 compiler (C2's compile threads competed
     * with the work and cost code-cache memory: POST p99 and backlog drain both improved), small
     * thread stacks, a bounded code cache, at most 32 worker threads (on 2 cores more only queue
     * in memory) and one Vert.x event loop instead of twice the cores (six processes share two cores: one
     * loop per service gathers more work per wake-up; 2026-12-04 night, interleaved runs: CPU per customer
     * 3-4 % lower, POST p50 at 500/s and idle conversion lower, overload goodput not lower; docs/performance.md). The heap starts at 16 MB and grows only as far as the service needs (with the default
     * initial heap, a 64th of the machine's 24 GB capped at the maximum, every page of it was
     * touched sooner or later): peak RSS through a whole bench run 8-10 MB lower for hq and ONLINE, CPU
     * unchanged (docs/performance.md). 80 MB, not 96: a 100,000-customer backlog fills any maximum with
     * promoted short-lived batches (live data about 30-45 MB), and at 96 MB took hq to 289 MB of RSS
     * (2026-12-05). The JDK's per-thread cache of temporary direct buffers keeps none above 256 KB: a
     * Kafka client reads a whole fetch response through one, and hq kept 14.5 MB of them (3 MB after).
     * A service whose heap runs out exits (and is restarted) instead of limping on with dead threads.
     * deploy/Dockerfile uses the same footprint settings but keeps C2, for a machine of its own, and
     * sizes the heap by the container's memory limit (its initial heap is the JVM's default share of it).
     */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms16m", "-Xmx80m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m",
            "-Djdk.nio.maxCachedBufferSize=262144", "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.thread-pool.max-threads=32",
            "-Dquarkus.vertx.event-loops-pool-size=1");

    /**
     * JVM options of the Kafka broker process (./run.sh, the system tests, the benchmark): a 256 MB
     * heap (225-245 MB RSS measured under ./run.sh, idle and after 3,000 POSTs; the log segments are
     * in the operating system's page cache), the serial collector and C1 only as for the services,
     * and an exit instead of a half-dead broker when the heap runs out.
     */
    public static final List<String> BROKER_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    /** The broker's options, then those of {@code -Dbroker.jvm-options} (space-separated; bench/run --broker-option=). */
    static List<String> brokerJvmOptions() {
        List<String> more = List.of(System.getProperty("broker.jvm-options", "").trim().split("\\s+"));
        return java.util.stream.Stream.concat(BROKER_JVM_OPTIONS.stream(), more.stream().filter(o -> !o.isEmpty())).toList();
    }

    /**
     * The same, for a system that many simulated tills drive through one demo key (the system tests,
     * the fault suite, the benchmark): the key's per-period request budget is lifted, or 429s would
     * count as failed POSTs. The failed-authentication limit stays; the per-key limit itself is tested
     * in channel-service.
     */
    public static final List<String> SHARED_KEY_LOAD_JVM_OPTIONS = java.util.stream.Stream.concat(
            SERVICE_JVM_OPTIONS.stream(), java.util.stream.Stream.of("-Dapi.rate-limit.requests-per-period=10000000"))
            .toList();
    public static final String HQ_DATABASE = "hq";
    public static final String DISTRIBUTION_DATABASE = "distribution";

    /** The ports of ./run.sh, as the README lists them. */
    public static SystemLayout standard() {
        Map<String, Integer> channels = new LinkedHashMap<>();
        channels.put("HOUSTON", 8081);
        channels.put("ONLINE", 8082);
        return new SystemLayout(15432, 9092, 8090, 8095, channels);
    }

    /** Free ports everywhere, for tests. */
    public static SystemLayout randomPorts() {
        Map<String, Integer> channels = new LinkedHashMap<>();
        CHANNELS.forEach(c -> channels.put(c.id(), FreePorts.any()));
        return new SystemLayout(FreePorts.any(), FreePorts.pair(), FreePorts.any(), FreePorts.any(), channels);
    }

    /** Every port with what uses it (the broker's controller takes the Kafka port + 1). */
    public Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(postgresPort, "PostgreSQL");
        ports.put(kafkaPort, "Kafka broker");
        ports.put(kafkaPort + 1, "Kafka controller");
        ports.put(hqPort, "hq-service");
        ports.put(distributionPort, "distribution-service");
        channelPorts.forEach((channel, port) -> ports.put(port, "channel-service " + channel));
        return ports;
    }
}
