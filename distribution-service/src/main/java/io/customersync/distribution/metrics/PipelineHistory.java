package io.customersync.distribution.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelBacklog;
import io.customersync.distribution.domain.ChannelProbes;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.messaging.ConsumerLag;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.Workers;
import io.customersync.messaging.SampleHistory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The pipeline page's charts, sampled here every {@code distribution.pipeline.sample-interval} (a
 * SCHEDULED {@link JobRunner}) so that a page opened now shows the whole
 * {@code distribution.pipeline.history-window}: per channel the customers it created per second and its
 * P-job backlog (from its channel database; a channel that does not answer within
 * {@code channel-timeout} is a gap, the others are sampled all the same), deliveries pending per channel,
 * conversions per second and latency p50/p99 (the conversion window), and the lag of every consumer
 * group per topic (which also keeps {@code customersync_consumer_lag} registered from the start).
 * <p>
 * Series: {@code created/<channel>}, {@code outbox/<channel>}, {@code deliveries/<channel>},
 * {@code conversions}, {@code latency/p50}, {@code latency/p99}, {@code lag/<group>/<topic>}.
 */
@Singleton
public class PipelineHistory {

    private static final Logger LOG = Logger.getLogger(PipelineHistory.class);
    private static final Set<String> CHANNEL_SERIES = Set.of("created", "outbox", "deliveries");

    private final ChannelRegistry registry;
    private final DeliveryQueue queue;
    private final DistributionMetrics metrics;
    private final PipelineLag lag;
    private final DistributionConfig.Pipeline settings;
    private final Duration stopGrace;
    private final SampleHistory history;
    private final JobRunner runner;
    private final Workers workers;
    private final ChannelProbes probes;
    private Instant lastSampleAt;

    public PipelineHistory(ChannelRegistry registry, DeliveryQueue queue, DistributionMetrics metrics, PipelineLag lag,
            DistributionConfig config, Workers workers, JobHistory jobHistory, ChannelProbes probes) {
        this.probes = probes;
        this.workers = workers;
        this.registry = registry;
        this.queue = queue;
        this.metrics = metrics;
        this.lag = lag;
        this.settings = config.pipeline();
        this.stopGrace = config.delivery().stopGrace();
        this.history = new SampleHistory(settings.sampleInterval(), settings.historyWindow());
        this.runner = new JobRunner("pipeline-sampler", JobRunner.Mode.SCHEDULED, settings.sampleInterval(), null,
                this::sample, jobHistory);
    }

    void start(@Observes StartupEvent event) {
        lastSampleAt = Instant.now();
        runner.start(workers, Workers.Scope.OPS_VIEW); // the page's history: never the service's readiness
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop(stopGrace);
    }

    /** The channel a series is of ({@code created/HOUSTON}: HOUSTON), none for the pipeline's own. */
    public static Optional<String> channelOf(String series) {
        int slash = series.indexOf('/');
        return slash > 0 && CHANNEL_SERIES.contains(series.substring(0, slash))
                ? Optional.of(series.substring(slash + 1)) : Optional.empty();
    }

    /** The samples of the window, as columns. */
    public SampleHistory.Columns columns() {
        return history.columns(Instant.now());
    }

    /** Takes one sample now (the runner's job; tests call it too). */
    public synchronized JobRunner.Result sample() {
        Instant to = Instant.now();
        Instant from = lastSampleAt == null || !lastSampleAt.isBefore(to) ? to.minus(settings.sampleInterval())
                : lastSampleAt;
        lastSampleAt = to;
        double seconds = Duration.between(from, to).toNanos() / 1e9;
        List<String> channelIds = List.copyOf(registry.channelIds());
        // only channels in use are sampled: the charts must not open (and keep open) every channel's pool
        List<String> connected = channelIds.stream().filter(registry::connected).toList();
        List<ChannelProbes.Outcome<ChannelBacklog.Sample>> samples = probes.readAll(connected,
                channelId -> ChannelBacklog.sample(registry.openDatabase(channelId).orElseThrow(), channelId, from, to,
                        settings.channelTimeout()), settings.channelTimeout());
        Map<String, Double> gauges = new LinkedHashMap<>();
        Map<String, Double> latency = metrics.conversionLatency();
        gauges.put("latency/p50", latency.get("p50Millis"));
        gauges.put("latency/p99", latency.get("p99Millis"));
        int failed = 0;
        for (String channelId : channelIds) {
            try {
                gauges.put("deliveries/" + channelId,
                        (double) QuarkusTransaction.requiringNew().call(() -> queue.status(channelId).pending()));
            } catch (RuntimeException e) {
                failed++;
                LOG.debugf("pipeline sample: deliveries pending of %s not read: %s", channelId, e.toString());
            }
        }
        for (ConsumerLag.Lag l : lag.current()) {
            gauges.put("lag/" + l.group() + "/" + l.topic(), (double) l.lag());
        }
        for (int i = 0; i < connected.size(); i++) {
            ChannelProbes.Outcome<ChannelBacklog.Sample> sample = samples.get(i);
            if (sample.answered()) {
                gauges.put("created/" + connected.get(i), sample.value().created() / seconds);
                gauges.put("outbox/" + connected.get(i), (double) sample.value().outboxBacklog());
            } else {
                failed++; // a gap in the chart; the other channels are sampled all the same
                LOG.debugf("pipeline sample: channel %s did not answer: %s", connected.get(i), sample.error());
            }
        }
        Map<String, Double> counters = new HashMap<>();
        counters.put("conversions", latency.get("totalCount"));
        history.record(to, gauges, counters);
        return new JobRunner.Result(gauges.size(), failed);
    }
}
