package io.customersync.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customersync.system.LocalSystem;

/** The system's processes as the benchmark reports them: their pids, memory and CPU. */
final class ServiceStats {

    private ServiceStats() {
    }

    /** Each process's peak RSS at the end of the run (#17: RSS through the drain phase too). */
    static void peakRssOfTheRun(LocalSystem system, Report report) {
        of(system).forEach((name, end) -> {
            Report.Resources ingest = report.resources.stream().filter(r -> r.service().equals(name)).findFirst()
                    .orElse(new Report.Resources(name, -1, -1, null));
            report.resources.remove(ingest);
            report.resources.add(new Report.Resources(name, ingest.peakRssMb(), ingest.cpuPercent(), end.peakRssKb() / 1024));
        });
    }

    /** The service JVMs, by name: their pids now (read again after a restart). */
    static Map<String, Long> pids(LocalSystem system) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : List.of(LocalSystem.HQ, LocalSystem.DISTRIBUTION, LocalSystem.channelService("HOUSTON"),
                LocalSystem.channelService("ONLINE"))) {
            pids.put(name, system.service(name).pid());
        }
        return pids;
    }

    /** Memory and CPU so far of each service JVM, the broker and the load driver. */
    static Map<String, ProcessStats> of(LocalSystem system) {
        Map<String, ProcessStats> stats = new LinkedHashMap<>();
        pids(system).forEach((name, pid) -> stats.put(name, ProcessStats.of(pid)));
        stats.put("Kafka broker", ProcessStats.of(system.kafkaPid()));
        stats.put("benchmark JVM (load driver)", ProcessStats.of(ProcessHandle.current().pid()));
        return stats;
    }
}
