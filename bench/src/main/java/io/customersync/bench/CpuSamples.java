package io.customersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import one.profiler.AsyncProfilerLoader;

/**
 * {@code --profile}'s CPU tables: async-profiler (through ap-loader, decision 0019) samples each service's
 * CPU every 2 ms, its threads in Java, in the JVM and in the kernel alike, through the ingest phases. On
 * the services' C1-only JVMs JDK Flight Recorder's sampler saw about 30 stacks a second of a JVM busy
 * at 60 % of a core; this sees each 2 ms of CPU. Per service: the methods on top of the samples, the
 * first frame of our code from the top, and the frames found anywhere in the stacks (inclusive).
 */
final class CpuSamples {

    private static final String INTERVAL = "2ms";

    private final Map<String, Long> services;
    private final Path directory;

    private CpuSamples(Map<String, Long> services, Path directory) {
        this.services = services;
        this.directory = directory;
    }

    static CpuSamples start(Map<String, Long> services, Path directory) {
        for (long pid : services.values()) {
            run(pid, "start,event=cpu,interval=" + INTERVAL);
        }
        return new CpuSamples(services, directory);
    }

    /** Stops the sampling and returns its tables (Markdown). */
    String stop() throws IOException {
        StringBuilder md = new StringBuilder("\n# Where the services' CPU went (async-profiler, CPU samples every "
                + INTERVAL + ", ingest phases)\n");
        for (Map.Entry<String, Long> service : services.entrySet()) {
            Path file = directory.resolve(service.getKey() + ".collapsed.txt");
            run(service.getValue(), "stop,collapsed,file=" + file);
            md.append("\n## ").append(service.getKey()).append('\n');
            md.append(Files.exists(file) ? tables(Files.readAllLines(file)) : "\n(no samples)\n");
        }
        return md.toString();
    }

    /**
     * Loads the profiler into the JVM with these agent arguments (jattach, as {@code asprof} does); a failure
     * is told and the run goes on (its tables say "no samples").
     */
    private static void run(long pid, String arguments) {
        try {
            AsyncProfilerLoader.ExecutionResult result = AsyncProfilerLoader.executeJattach(Long.toString(pid), "load",
                    AsyncProfilerLoader.getAsyncProfilerPath().toString(), "true", arguments);
            if (!result.getStderr().isBlank()) {
                System.out.println("  (async-profiler: " + result.getStderr().strip() + ")");
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("  (async-profiler " + arguments + " in " + pid + " failed: " + e + ")");
        }
    }

    /** Collapsed stacks ("frame;frame;... count", outermost first) into the three tables. */
    static String tables(List<String> stacks) {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> anywhere = new HashMap<>();
        long samples = 0;
        for (String line : stacks) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1));
            List<String> frames = Arrays.asList(line.substring(0, space).split(";"));
            samples += count;
            top.merge(frames.get(frames.size() - 1), count, Long::sum);
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (frames.get(i).startsWith("io/customersync/")) {
                    ours.merge(frames.get(i), count, Long::sum);
                    break;
                }
            }
            Set<String> distinct = new LinkedHashSet<>(frames);
            distinct.forEach(frame -> anywhere.merge(frame, count, Long::sum));
        }
        StringBuilder md = new StringBuilder(String.format("%n%d samples (%.1f s of CPU)%n", samples,
                samples * 0.002));
        md.append(table("method on top (the kernel's end in _[k])", top, samples));
        md.append(table("our code (first frame of io.customersync from the top)", ours, samples));
        md.append(table("anywhere in the stack (inclusive)", anywhere, samples));
        return md.toString();
    }

    private static String table(String what, Map<String, Long> counts, long samples) {
        return Profile.table(what, "share of samples", Profile.share(counts, samples));
    }
}
