package io.customersync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Threads and heap of a service JVM, from /proc and jcmd. */
final class Jvm {

    /** A generation's line of GC.heap_info (Serial, Parallel, G1): "... total 30720K, used 12345K ...". */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Jvm() {
    }

    /** The process's thread count (/proc/PID/status). */
    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The JVM's heap in use right after a full collection (jcmd GC.run, then GC.heap_info), in KB. */
    static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long used = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
                continue;
            }
            Matcher matcher = USED.matcher(trimmed);
            if (trimmed.contains("generation") || trimmed.startsWith("garbage-first heap") || trimmed.startsWith("PSYoungGen")
                    || trimmed.startsWith("ParOldGen")) {
                if (matcher.find()) {
                    used += Long.parseLong(matcher.group(1));
                    if (trimmed.startsWith("garbage-first heap")) {
                        return used;
                    }
                }
            }
        }
        return used;
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Process process = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }
}
