package io.customersync.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's table, one row per scenario, every column meaning the same in every row: the
 * scenario's load (customers posted, acknowledged, stored without a 201, refused with a 503 problem,
 * failed otherwise), and the invariants over everything the system holds after it (lost, slow,
 * doubled, inconsistent, the counts, the time to converge).
 */
final class FaultReport {

    record Row(String scenario, String faults, CustomerLoad.Result load, Invariants.Outcome outcome) {

        int lost() {
            return outcome.lost();
        }

        int doubled() {
            return outcome.check().doubled();
        }
    }

    static final String HEADER = """
            | scenario | faults injected | customers posted | acknowledged (201) | in a channel database without a 201 \
            | refused (503 problem) | failed otherwise | lost | slow | doubled | inconsistent \
            | HQ staging / HQ master / HOUSTON / ONLINE | time to converge |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder(HEADER);
        for (Row row : rows) {
            CustomerLoad.Result load = row.load();
            Invariants.Outcome outcome = row.outcome();
            table.append(String.format("| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s "
                    + "| %.1f s |%n",
                    row.scenario(), row.faults(), load.attempted(), load.customers().size(),
                    outcome.withoutAcknowledgement(), load.refused(), load.failed(), outcome.lost(), outcome.slow(),
                    outcome.check().doubled(), outcome.check().inconsistent(), outcome.check().counts(),
                    seconds(outcome.converge())));
        }
        return table.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
