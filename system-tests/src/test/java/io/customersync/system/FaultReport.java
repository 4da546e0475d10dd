package io.customersync.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The fault-injection suite's table: scenario, customers, faults injected, lost, doubled, time to converge. */
final class FaultReport {

    record Row(String scenario, int customers, String faults, int failedPosts, int lost, int doubled, Duration converge) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder("""
                | scenario | customers acknowledged | faults injected | POSTs refused or failed | lost | doubled | time to converge |
                |---|---|---|---|---|---|---|
                """);
        for (Row row : rows) {
            table.append(String.format("| %s | %,d | %s | %,d | %d | %d | %.1f s |%n", row.scenario(), row.customers(),
                    row.faults(), row.failedPosts(), row.lost(), row.doubled(), row.converge().toMillis() / 1000.0));
        }
        return table.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
