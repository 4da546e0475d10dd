package io.customersync.bench;

import java.util.List;

/** The estate phase's results as markdown (bench/target/bench-results/estate.md). */
final class EstateReport {

    private EstateReport() {
    }

    static String markdown(Estate.Settings settings, Estate.Idle before, Estate.Idle after, List<Estate.Book> books) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("## Estate: %d channel databases on one PostgreSQL%n%n", settings.channels()));
        md.append(String.format("%d customers per book size posted at HOUSTON at %d/s; every estate channel added to "
                + "distribution's live registry through its ops API, no restart.%n%n", settings.customers(), settings.rate()));
        md.append("### What idle channels cost distribution-service\n\n");
        md.append("| channels in the registry | threads | RSS MB | heap after a full GC, MB | open connections to estate databases |\n");
        md.append("|---|---|---|---|---|\n");
        for (Estate.Idle idle : List.of(before, after)) {
            md.append(String.format("| %d | %d | %.0f | %.1f | %d |%n", idle.channels(), idle.threads(), idle.rssKb() / 1024.0,
                    idle.heapKb() / 1024.0, idle.connections()));
        }
        int added = after.channels() - before.channels();
        md.append(String.format("%nPer idle channel: %+.1f threads, %+.1f KB of heap, %+.1f KB RSS.%n%n",
                (after.threads() - before.threads()) / (double) added, (after.heapKb() - before.heapKb()) / (double) added,
                (after.rssKb() - before.rssKb()) / (double) added));
        md.append("### Fan-out to an address book\n\n");
        md.append("| channels in HOUSTON's book | customers posted | in every channel of the book | to the last copy p50 / p99 / max ms "
                + "| CPU ms per customer: distribution / PostgreSQL / machine | distribution threads (peak) | distribution RSS MB (peak) "
                + "| open estate connections (peak) | after idle close (s until) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Estate.Book book : books) {
            md.append(String.format("| %d | %d | %d | %.0f / %.0f / %.0f | %.1f / %.1f / %.1f | %d | %.0f | %d | %d (%.0f s) |%n",
                    book.size(), book.posted(), book.copiedEverywhere(), book.p50Ms(), book.p99Ms(), book.maxMs(),
                    book.distributionCpuMs(), book.postgresCpuMs(), book.machineCpuMs(), book.peakThreads(),
                    book.peakRssKb() / 1024.0, book.peakConnections(), book.connectionsAfterIdle(), book.secondsUntilClosed()));
        }
        md.append("\n\"To the last copy\": from the POST to the time distribution recorded the delivery to the book's last "
                + "channel (its queue row's delivered_at). CPU: distribution-service's process; every PostgreSQL process; the "
                + "whole machine less the load driver; each divided by the customers that reached every channel.\n");
        return md.toString();
    }
}
