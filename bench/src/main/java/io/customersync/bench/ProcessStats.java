package io.customersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Memory and CPU of a process, read from Linux's /proc. */
record ProcessStats(long rssKb, long peakRssKb, long cpuTicks) {

    /** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
    static final double TICKS_PER_SECOND = 100.0;

    static ProcessStats of(long pid) {
        try {
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            return new ProcessStats(rss, peak, ownTicks(statFields(pid)));
        } catch (IOException | RuntimeException e) {
            return new ProcessStats(0, 0, 0);
        }
    }

    /**
     * The fields of /proc/PID/stat after the command's name: [0] state, [1] ppid, [11] utime, [12] stime,
     * [13] cutime, [14] cstime, ...; none if the process is gone.
     */
    static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException exited) {
            return new String[0];
        }
    }

    /** The process's own CPU ticks (utime + stime) from its {@link #statFields}; 0 if it is gone. */
    static long ownTicks(String[] fields) {
        return fields.length > 12 ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : 0;
    }

    /**
     * CPU ticks every process of the machine used (the first line of /proc/stat: user, nice, system,
     * irq, softirq, steal), less those of the load driver's own threads (Vert.x event loops of this
     * JVM): what the system under test cost, PostgreSQL and the broker included.
     */
    static long systemTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
            long busy = 0;
            for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
                busy += Long.parseLong(cpu[field]);
            }
            long driver = threadTicks("self").entrySet().stream().filter(t -> t.getKey().startsWith("vert.x-eventloo"))
                    .mapToLong(Map.Entry::getValue).sum();
            return busy - driver;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The CPU ticks so far of a process's threads ({@code pid}, or "self"), by thread name as /proc has it (15
     * characters at most; threads of one name summed); a thread that exits meanwhile is left out, and a process
     * that is gone has none.
     */
    static Map<String, Long> threadTicks(String pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                ticks.merge(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                        ownTicks(stat.substring(stat.lastIndexOf(')') + 2).split(" ")), Long::sum);
            }
        } catch (IOException | RuntimeException gone) {
            // the process is gone
        }
        return ticks;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
