package io.customersync.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Deletes a throw-away data directory (a test run's databases, a broker's log) after use. */
final class ThrowAwayFiles {

    private ThrowAwayFiles() {
    }

    /** Deletes the directory and everything in it; what cannot be deleted is reported, not thrown. */
    static void delete(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
