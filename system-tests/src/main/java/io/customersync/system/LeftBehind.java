package io.customersync.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a launcher ({@code ./run.sh}, {@code bench/run}) started, written down in a file while they run, so
 * that the next start stops those a killed launcher left behind: its children outlive a {@code kill -9} of it (the
 * services, the broker, PostgreSQL), holding the ports and the data directory the next start needs, or taking CPU from
 * the next benchmark. A process is one written down only if it has the same id and the same start time (ids are
 * reused); nothing is stopped while the launcher that wrote the file still runs.
 */
public final class LeftBehind {

    /**
     * One process: its id, its start (clock ticks since boot from {@code /proc}, which no clock change moves; else
     * epoch ms), what it is and its command line (its ports and directories: a service the launcher started again,
     * as bench/run does hq-service for its drains, has another id and the same).
     */
    record Written(long pid, long startedAt, String name, String commandLine) {

        static Written of(ProcessHandle process, String name) {
            return new Written(process.pid(), startedAt(process).orElse(0L), name,
                    process.info().commandLine().orElse(""));
        }

        static Written parse(String line) {
            String[] parts = line.split("\t", 4);
            return new Written(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2],
                    parts.length > 3 ? parts[3] : "");
        }

        String line() {
            return pid + "\t" + startedAt + "\t" + name + "\t" + oneLine(commandLine);
        }

        /** The process, if it still runs and is this one (not another that was given its id since). */
        Optional<ProcessHandle> running() {
            return alive().filter(process -> startedAt(process).map(at -> at == startedAt).orElse(false));
        }

        /** Still running: this one, or (a launcher's clock may have been set since) its id with its command line. */
        boolean stillRuns() {
            return running().isPresent() || alive().filter(p -> sameCommandLine(p, commandLine)).isPresent();
        }

        private Optional<ProcessHandle> alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        }

        /**
         * This one if it still runs, else one started again since with the same command line: not this JVM, and
         * not one whose parent runs the launcher's command line (a live launcher's).
         */
        Optional<ProcessHandle> runningOrStartedAgain(String launcherCommandLine) {
            return running().or(() -> commandLine.isEmpty() ? Optional.empty() : ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid() && sameCommandLine(p, commandLine))
                    .filter(p -> p.parent().filter(ProcessHandle::isAlive)
                            .filter(parent -> sameCommandLine(parent, launcherCommandLine)).isEmpty())
                    .findFirst());
        }

        private static boolean sameCommandLine(ProcessHandle process, String commandLine) {
            return !commandLine.isEmpty() && process.info().commandLine().map(Written::oneLine)
                    .map(commandLine::equals).orElse(false);
        }

        /** A command line as the file holds it: one line, no tab (the file's separator). */
        private static String oneLine(String commandLine) {
            return commandLine.replace('\t', ' ').replace('\n', ' ');
        }

        private static Optional<Long> startedAt(ProcessHandle process) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                // after the command's closing parenthesis: the 3rd field onwards; the start is the 22nd
                return Optional.of(Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]));
            } catch (IOException | RuntimeException noProc) {
                return process.info().startInstant().map(Instant::toEpochMilli);
            }
        }
    }

    static final String LAUNCHER = "launcher";
    static final String POSTGRESQL = "PostgreSQL";

    private final Path file;

    public LeftBehind(Path file) {
        this.file = file;
    }

    /**
     * At a launcher's start: stops what an earlier launcher of that file left running, saying so; exits if that
     * launcher still runs.
     *
     * @param launcher what the user started ("./run.sh"), for the messages
     */
    public static LeftBehind takeOver(Path file, String launcher) throws InterruptedException {
        LeftBehind leftBehind = new LeftBehind(file);
        try {
            List<String> stopped = leftBehind.stop(Duration.ofSeconds(30));
            if (!stopped.isEmpty()) {
                System.out.printf("An earlier %s was killed and left its processes running; stopped them:%n  %s%n",
                        launcher, String.join(System.lineSeparator() + "  ", stopped));
            }
        } catch (IllegalStateException running) {
            System.err.printf("%s is already running (%s): stop it first.%n", launcher, running.getMessage());
            System.exit(1);
        }
        return leftBehind;
    }

    /**
     * Stops what an earlier launcher left running: the processes written down that still run, in the order written
     * (services, then the broker, then PostgreSQL), each gracefully (SIGTERM) within {@code grace}, else killed.
     *
     * @return a line for each process stopped
     * @throws IllegalStateException if the launcher that wrote them still runs: they are its, not left behind
     */
    public List<String> stop(Duration grace) throws InterruptedException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Written> written = read();
        String launcherCommandLine = "";
        for (Written process : written) {
            if (process.name().equals(LAUNCHER)) {
                if (process.stillRuns()) {
                    throw new IllegalStateException("pid " + process.pid());
                }
                launcherCommandLine = process.commandLine();
            }
        }
        List<String> stopped = new ArrayList<>();
        for (Written process : written) {
            Optional<ProcessHandle> running = process.name().equals(LAUNCHER) ? Optional.empty()
                    : process.runningOrStartedAgain(launcherCommandLine);
            if (running.isPresent()) {
                String how = stop(running.get(), process.name().equals(POSTGRESQL), grace) ? "stopped" : "killed";
                stopped.add(String.format("%s (pid %d) %s", process.name(), running.get().pid(), how));
            }
        }
        forget();
        return stopped;
    }

    /** Writes down this launcher and the processes of the system it started, in the order {@link #stop} takes them. */
    public void writeDown(LocalSystem system) {
        List<Written> written = new ArrayList<>();
        written.add(Written.of(ProcessHandle.current(), LAUNCHER));
        List<ServiceProcess> services = new ArrayList<>(system.services());
        java.util.Collections.reverse(services);
        for (ServiceProcess service : services) {
            ProcessHandle.of(service.pid()).ifPresent(process -> written.add(Written.of(process, service.name())));
        }
        ProcessHandle.of(system.kafkaPid()).ifPresent(process -> written.add(Written.of(process, "Kafka broker")));
        postmaster(system).ifPresent(process -> written.add(Written.of(process, POSTGRESQL)));
        write(written);
    }

    void write(List<Written> written) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, written.stream().map(Written::line).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** At a clean stop: nothing is left behind. */
    public void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private List<Written> read() {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(Written::parse).toList();
        } catch (IOException | RuntimeException unreadable) {
            return List.of(); // not ours to guess at: the port check names what is in the way
        }
    }

    /** PostgreSQL's postmaster: the parent of a session's server process. */
    private static Optional<ProcessHandle> postmaster(LocalSystem system) {
        try (Connection db = system.connect("postgres"); Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * Asks the process to stop, then kills it if it has not within {@code grace}; PostgreSQL's postmaster is asked
     * for its fast shutdown (SIGINT: sessions ended; SIGTERM waits for every client) and then its immediate one
     * (SIGQUIT), so that no server process or shared memory outlives it. True if it stopped when asked.
     */
    private static boolean stop(ProcessHandle process, boolean postgres, Duration grace) throws InterruptedException {
        if (postgres) {
            signal(process, "INT");
        } else {
            process.destroy();
        }
        if (awaitExit(process, grace)) {
            return true;
        }
        if (postgres) {
            signal(process, "QUIT");
            if (awaitExit(process, Duration.ofSeconds(10))) {
                return false;
            }
        }
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
        return false;
    }

    private static void signal(ProcessHandle process, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException noKill) {
            process.destroy();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration grace) throws InterruptedException {
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException late) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
