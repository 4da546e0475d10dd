package io.customersync.distribution.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.customersync.distribution.domain.ChannelBacklog;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.ChannelStatus;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.ConsumerLag;

/** Everything the pipeline page shows, at one moment. Ids and account numbers only; no personal data. */
public record PipelineSnapshot(Instant at, List<Channel> channels, Hq hq, String distributionJobMode,
        List<ConsumerLag.Lag> consumerLag, String consumerLagUnavailable, Map<String, Double> conversionLatency,
        List<DistributionMetrics.Conversion> recentConversions) {

    /**
     * One channel: what waits in its own database (null when it did not answer), and what waits in
     * distribution's queue for it, and its last download session.
     */
    public record Channel(String channelId, String addressBook, boolean reachable, String error,
            ChannelBacklog backlog, ChannelStatus deliveries, DownloadSessions.LastSession lastSession) {
    }

    /**
     * HQ's jobs (mode, last run, waiting), staging counts by channel and status, the FAILED rows and the
     * review queue of possible duplicates, as HQ gives them.
     */
    public record Hq(boolean reachable, String error, JsonNode jobs, JsonNode stagingCounts, JsonNode failed,
            JsonNode review) {

        static Hq unreachable(String error) {
            return new Hq(false, error, null, null, null, null);
        }
    }
}
