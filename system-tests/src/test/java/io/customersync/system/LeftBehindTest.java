package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed launcher left running is stopped by the next start, and nothing else: real processes (sleep), the
 * file as a launcher writes it.
 */
class LeftBehindTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    @Test
    void theProcessesOfALauncherThatIsGoneAreStoppedAndTheFileForgotten() throws Exception {
        Process gone = start("true");
        gone.waitFor();
        Process service = start("sleep", "300");
        Process broker = start("sleep", "300");
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(written(gone, LeftBehind.LAUNCHER), written(service, "hq-service"),
                written(broker, "Kafka broker")));

        List<String> stopped = leftBehind.stop(Duration.ofSeconds(10));

        assertEquals(List.of("hq-service (pid " + service.pid() + ") stopped", "Kafka broker (pid " + broker.pid()
                + ") stopped"), stopped);
        assertFalse(service.isAlive());
        assertFalse(broker.isAlive());
        assertFalse(Files.exists(dir.resolve("processes")), "a second start finds nothing to stop");
        assertEquals(List.of(), leftBehind.stop(Duration.ofSeconds(10)));
    }

    @Test
    void nothingIsStoppedWhileTheLauncherThatWroteTheFileStillRuns() throws Exception {
        Process launcher = start("sleep", "300");
        Process service = start("sleep", "300");
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(written(launcher, LeftBehind.LAUNCHER), written(service, "hq-service")));

        assertThrows(IllegalStateException.class, () -> leftBehind.stop(Duration.ofSeconds(10)));

        assertTrue(service.isAlive());
        assertTrue(Files.exists(dir.resolve("processes")));
    }

    @Test
    void aProcessThatWasGivenTheIdOfOneWrittenDownIsNotStopped() throws Exception {
        Process other = start("sleep", "300");
        LeftBehind.Written written = written(other, "hq-service");
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        // the same id, another start time: the service written down ended and the id went to this process
        leftBehind.write(List.of(new LeftBehind.Written(written.pid(), written.startedAt() - 60_000, "hq-service",
                "sleep 298")));

        assertEquals(List.of(), leftBehind.stop(Duration.ofSeconds(10)));

        assertTrue(other.isAlive());
    }

    @Test
    void oneThatIgnoresTheRequestToStopIsKilledAfterTheGrace() throws Exception {
        Process stubborn = start("sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        assertEquals("ready", new java.io.BufferedReader(new java.io.InputStreamReader(stubborn.getInputStream()))
                .readLine(), "the trap is set");
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(written(stubborn, "channel-service-HOUSTON")));

        List<String> stopped = leftBehind.stop(Duration.ofMillis(500));

        assertEquals(List.of("channel-service-HOUSTON (pid " + stubborn.pid() + ") killed"), stopped);
        assertFalse(stubborn.isAlive());
    }

    @Test
    void aServiceTheLauncherStartedAgainIsFoundByItsCommandLine() throws Exception {
        Process first = start("sleep", "297");
        LeftBehind.Written written = written(first, "hq-service");
        first.destroyForcibly().waitFor();
        Process again = start("sleep", "297"); // another id, the same command line (bench/run's drains restart hq)
        Process other = start("sleep", "296");
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(written));

        assertEquals(List.of("hq-service (pid " + again.pid() + ") stopped"), leftBehind.stop(Duration.ofSeconds(10)));

        assertFalse(again.isAlive());
        assertTrue(other.isAlive());
    }

    @Test
    void aLauncherThatStillRunsIsKnownByItsIdAndCommandLineEvenIfTheClockWasSetSince() throws Exception {
        Process launcher = start("sleep", "294");
        LeftBehind.Written written = written(launcher, LeftBehind.LAUNCHER);
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(new LeftBehind.Written(written.pid(), written.startedAt() + 7, LeftBehind.LAUNCHER,
                written.commandLine())));

        assertThrows(IllegalStateException.class, () -> leftBehind.stop(Duration.ofSeconds(10)));
    }

    @Test
    void aProcessOfALiveLauncherIsNotTakenForOneStartedAgain() throws Exception {
        Process launcher = start("sh", "-c", "sleep 295; true"); // its child "sleep 295" has the service's command line
        await(() -> launcher.toHandle().children().findAny().isPresent());
        Process gone = start("true");
        gone.waitFor();
        LeftBehind leftBehind = new LeftBehind(dir.resolve("processes"));
        leftBehind.write(List.of(new LeftBehind.Written(gone.pid(), 1, LeftBehind.LAUNCHER,
                        launcher.toHandle().info().commandLine().orElseThrow()),
                new LeftBehind.Written(gone.pid(), 1, "hq-service", "sleep 295")));

        assertEquals(List.of(), leftBehind.stop(Duration.ofSeconds(10)));

        assertTrue(launcher.toHandle().children().anyMatch(ProcessHandle::isAlive));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean());
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static LeftBehind.Written written(Process process, String name) {
        return LeftBehind.Written.of(process.toHandle(), name);
    }
}
