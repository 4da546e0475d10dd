package io.customersync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.SyncedAddress;

/**
 * bench/run --only=sealing (decision 0014; no system is started): the CPU per customer of crypto-shredding,
 * on one thread of this process. Per customer, as the pipeline does it: a data key made (the channel), its
 * upload ({@code CustomerCreated}) sealed and written (the channel's outbox), read and opened (HQ), its
 * announcement ({@code CustomerSynchronized}) sealed and written (HQ's outbox), read and opened
 * (distribution); against the same bodies written and read in plaintext. Bodies from
 * {@link CustomerBodies} (realistic names, one or two addresses, attributes). CPU time of the thread
 * (ThreadMXBean), best of {@link #ROUNDS} rounds after a warm-up. Not measured: the key's SQL at the
 * channel and HQ, distribution's key lookup at HQ (one HTTP call per poll), the JSON columns.
 * Writes bench/target/bench-results/sealing.md and sealing.json. {@code --sealing-customers=20000}.
 */
public final class SealingCost {

    /** Microseconds of CPU per customer: plaintext, sealed, and what sealing adds. */
    record Result(int customers, double plaintextMicros, double sealedMicros, double addedMicros, String jvm) {
    }

    private static final int ROUNDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SealingCost() {
    }

    public static void main(String[] args) throws Exception {
        int customers = Options.value(List.of(args), "--sealing-customers=").map(Integer::parseInt).orElse(20_000);
        Result result = measure(customers);
        String md = markdown(result);
        Path results = Path.of("").toAbsolutePath().resolve("bench/target/bench-results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("sealing.md"), md);
        JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.resolve("sealing.json").toFile(), result);
        System.out.println(md);
    }

    static Result measure(int customers) throws Exception {
        List<CustomerCreated> uploads = new ArrayList<>(customers);
        List<CustomerSynchronized> announcements = new ArrayList<>(customers);
        CustomerBodies bodies = new CustomerBodies(0.10, 42);
        for (int n = 0; n < customers; n++) {
            CustomerCreated upload = upload(n, JSON.readTree(bodies.next(n)));
            uploads.add(upload);
            announcements.add(announcement(n, upload));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long plaintext = Long.MAX_VALUE;
        long sealed = Long.MAX_VALUE;
        sink += plaintext(uploads, announcements) + sealed(uploads, announcements); // warm-up
        for (int round = 0; round < ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += plaintext(uploads, announcements);
            long middle = threads.getCurrentThreadCpuTime();
            sink += sealed(uploads, announcements);
            long end = threads.getCurrentThreadCpuTime();
            plaintext = Math.min(plaintext, middle - start);
            sealed = Math.min(sealed, end - middle);
        }
        if (sink == 42) {
            System.out.println(); // keeps the work observable
        }
        double plainMicros = plaintext / 1e3 / customers;
        double sealedMicros = sealed / 1e3 / customers;
        return new Result(customers, plainMicros, sealedMicros, sealedMicros - plainMicros,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                        + ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** Each upload and announcement written and read as plaintext bodies. */
    private static long plaintext(List<CustomerCreated> uploads, List<CustomerSynchronized> announcements)
            throws Exception {
        long sink = 0;
        for (int i = 0; i < uploads.size(); i++) {
            sink += EventJson.read(EventJson.write(uploads.get(i)), CustomerCreated.class).addresses().size();
            sink += EventJson.read(EventJson.write(announcements.get(i)), CustomerSynchronized.class).addresses().size();
        }
        return sink;
    }

    /** The same with a key made per customer, each body sealed, written, read and opened. */
    private static long sealed(List<CustomerCreated> uploads, List<CustomerSynchronized> announcements) throws Exception {
        long sink = 0;
        for (int i = 0; i < uploads.size(); i++) {
            DataKey key = DataKey.generate();
            CustomerCreated upload = EventJson.read(EventJson.write(SealedEvents.seal(EventType.CUSTOMER_CREATED,
                    uploads.get(i), key)), CustomerCreated.class);
            sink += SealedEvents.open(upload, key.secret()).addresses().size();
            CustomerSynchronized announcement = EventJson.read(EventJson.write(SealedEvents.seal(
                    EventType.CUSTOMER_SYNCHRONIZED, announcements.get(i), key)), CustomerSynchronized.class);
            sink += SealedEvents.open(announcement, key.secret()).customer().addresses().size();
        }
        return sink;
    }

    private static CustomerCreated upload(int n, JsonNode body) {
        List<AsyncAddress> addresses = new ArrayList<>();
        body.path("addresses").forEach(a -> addresses.add(new AsyncAddress(UUID.randomUUID(), a.path("street").asText(),
                a.path("city").asText(), a.path("state").asText(), a.path("zip").asText(), a.path("country").asText(),
                a.path("purpose").asText())));
        Map<String, String> attributes = new LinkedHashMap<>();
        body.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new CustomerCreated(UUID.randomUUID(), "HOUSTON", String.format("HOUSTON-%09d", n),
                body.path("firstName").asText(), body.path("lastName").asText(), body.path("email").asText(),
                body.path("phone").asText(), addresses, attributes, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static CustomerSynchronized announcement(int n, CustomerCreated upload) {
        List<SyncedAddress> synced = upload.addresses().stream()
                .map(a -> new SyncedAddress(a.asyncAddressId(), 1_000_000L + n)).toList();
        return new CustomerSynchronized(upload.customerId(), upload.channelId(), upload.asyncCustomerNumber(),
                String.format("C%06d", n), synced, Instant.now().truncatedTo(ChronoUnit.MICROS),
                new CustomerSnapshot(upload.firstName(), upload.lastName(), upload.email(), upload.phone(),
                        upload.attributes(), upload.addresses()), null, 1L);
    }

    static String markdown(Result r) {
        return String.format("Sealing (decision 0014), CPU per customer on one thread, best of %d rounds of %d customers "
                + "(upload sealed by the channel and opened by HQ, announcement sealed by HQ and opened by distribution, a "
                + "key made per customer):%n%n| bodies | CPU per customer |%n|---|---|%n| plaintext (written and read) | "
                + "%.1f µs |%n| sealed (key, seal, write, read, open) | %.1f µs |%n| **added by sealing** | **%.1f µs** |%n%n"
                + "JVM: %s%n", ROUNDS, r.customers(), r.plaintextMicros(), r.sealedMicros(), r.addedMicros(), r.jvm());
    }
}
