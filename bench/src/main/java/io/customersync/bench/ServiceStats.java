package io.customersync.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customersync.system.LocalSystem;

/** The system's processes as the benchmark reports them: their pids, memory and CPU. */
final class ServiceStats {

    private ServiceStats() {
    }

    /**
     * Each process's peak RSS through the whole run (#17: RSS through the drain phase too): read at the end
     * of the run, or before a restart from the instance that stopped, whichever is higher.
     */
    static void peakRssOfTheRun(LocalSystem system, Report report) {
        of(system).forEach((name, now) -> {
            long peakKb = Math.max(now.peakRssKb(), report.stoppedPeakRssKb.getOrDefault(name, 0L));
            Report.Resources ingest = report.resources.stream().filter(r -> r.service().equals(name)).findFirst()
                    .orElse(new Report.Resources(name, -1, -1, null));
            report.resources.remove(ingest);
            report.resources.add(new Report.Resources(name, ingest.peakRssMb(), ingest.cpuPercent(), peakKb / 1024));
        });
    }

    /** Keeps a service's peak RSS so far, before it stops (the drains restart hq-service). */
    static void keepPeakRss(LocalSystem system, String name, Report report) {
        long peakKb = ProcessStats.of(system.service(name).pid()).peakRssKb();
        report.stoppedPeakRssKb.merge(name, peakKb, Math::max);
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
