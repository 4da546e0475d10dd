package io.customersync.distribution.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import jakarta.inject.Singleton;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventType;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.domain.DueDelivery;
import io.customersync.distribution.domain.NewDelivery;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.messaging.JobRunner;

/**
 * The 1010 job's short way (decision 0016): the sync consumer writes a poll's account numbers straight into
 * the channel databases whose queues are empty, instead of queueing them for a delivery worker. Per channel,
 * one transaction on the distribution database holds the channel's delivery lock (none while a worker
 * delivers there, none while anything waits in its queue, so order holds), records the deliveries as
 * delivered without their payload, and commits after the channel database did; a channel that cannot be
 * written (unreachable, or a customer not there yet) gets its deliveries queued as before, for the workers
 * and their back-off. A channel database that does not answer a request within a second is given up on then
 * (not after the connections' socket timeout: the consumer must go on to the other channels); one that took
 * more than a second in all, or could not be written, is left to the workers for a minute.
 * Only in the CONTINUOUS job mode, and only for polls that go to at most
 * {@code distribution.delivery.straight-to-channels} channels: a poll for many channels is queued, so that
 * the consumer does not write into hundreds of databases one after the other.
 */
@Singleton
public class StraightDelivery {

    private static final Logger LOG = Logger.getLogger(StraightDelivery.class);
    /** A channel database slower than this to write is left to the workers for {@link #SLOW_PAUSE}. */
    static final Duration SLOW = Duration.ofSeconds(1);
    static final Duration SLOW_PAUSE = Duration.ofMinutes(1);

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final DistributionConfig config;
    private final DistributionMetrics metrics;
    private final JobHistory history;
    private final Map<String, Instant> slowUntil = new ConcurrentHashMap<>();

    public StraightDelivery(DataSource queue, ChannelRegistry registry, DistributionConfig config,
            DistributionMetrics metrics, JobHistory history) {
        this.queue = queue;
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.history = history;
    }

    /**
     * @param opened the poll's sync events by event id, opened
     * @return the deliveries still to queue (all of them when this poll does not go straight)
     */
    public List<NewDelivery> deliver(List<NewDelivery> deliveries, Map<UUID, CustomerSynchronized> opened) {
        Map<String, List<NewDelivery>> byChannel = new LinkedHashMap<>();
        deliveries.forEach(d -> byChannel.computeIfAbsent(d.channelId(), id -> new ArrayList<>()).add(d));
        if (config.job().mode() != JobRunner.Mode.CONTINUOUS || byChannel.size() > config.delivery().straightToChannels()
                || deliveries.stream().anyMatch(d -> d.type() != EventType.CUSTOMER_SYNCHRONIZED)) {
            return deliveries;
        }
        List<NewDelivery> left = new ArrayList<>();
        byChannel.forEach((channelId, forChannel) -> left.addAll(deliver(channelId, forChannel, opened)));
        return left;
    }

    /** @return the deliveries not written */
    private List<NewDelivery> deliver(String channelId, List<NewDelivery> deliveries, Map<UUID, CustomerSynchronized> opened) {
        Optional<DataSource> channel = registry.database(channelId);
        Instant started = Instant.now();
        if (channel.isEmpty() || started.isBefore(slowUntil.getOrDefault(channelId, Instant.MIN))) {
            return deliveries;
        }
        try (Connection db = queue.getConnection()) {
            db.setAutoCommit(false);
            try {
                Optional<Map<UUID, Long>> caughtUp = DeliveryQueue.recordDeliveredIfCaughtUp(db, channelId, deliveries);
                if (caughtUp.isEmpty()) {
                    db.rollback();
                    return deliveries;
                }
                Map<UUID, Long> recorded = caughtUp.get();
                // the rows recorded now, as the queue would hand them to a worker: no attempt made yet
                List<DueDelivery> rows = deliveries.stream().filter(d -> recorded.containsKey(d.eventId()))
                        .map(d -> new DueDelivery(recorded.get(d.eventId()), d.eventId(), 0, opened.get(d.eventId()),
                                null, null))
                        .toList();
                List<DueDelivery> written = new ArrayList<>();
                List<DueDelivery> notWritten = new ArrayList<>();
                if (!rows.isEmpty()) {
                    List<Optional<String>> results = ChannelDelivery.write(channel.get(), channelId, rows,
                            Instant.now().minus(config.delivery().originGrace()), metrics, SLOW);
                    for (int i = 0; i < rows.size(); i++) {
                        (results.get(i).isEmpty() ? written : notWritten).add(rows.get(i));
                    }
                    if (!notWritten.isEmpty()) {
                        DeliveryQueue.withdraw(db, notWritten.stream().map(DueDelivery::id).toList());
                    }
                    if (!written.isEmpty()) {
                        ChannelDelivery.recordSession(db, channelId, DownloadSessions.Status.APPLIED, written,
                                Collections.nCopies(written.size(), Optional.empty()), 1, null, started);
                    }
                }
                db.commit();
                if (Duration.between(started, Instant.now()).compareTo(SLOW) > 0) {
                    slowUntil.put(channelId, Instant.now().plus(SLOW_PAUSE));
                }
                if (!written.isEmpty()) {
                    recordRun(channelId, started, written.size());
                }
                Set<UUID> queued = notWritten.stream().map(DueDelivery::eventId).collect(Collectors.toSet());
                return deliveries.stream().filter(d -> queued.contains(d.eventId())).toList();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            // unreachable, hanging (no answer within SLOW) or refusing: the workers and their back-off take it for a while
            slowUntil.put(channelId, Instant.now().plus(SLOW_PAUSE));
            LOG.infof("1010 job, channel %s: %d deliveries queued, not written straight (%s)", channelId,
                    deliveries.size(), e.toString());
            return deliveries;
        }
    }

    /** The 1010 job's run for the channel, as a delivery worker's turn has it (a history that fails is logged). */
    private void recordRun(String channelId, Instant started, int written) {
        String job = DistributionJob.JOB_PREFIX + channelId;
        try {
            history.record(JobRun.single(job, "EVENT", null, started, Instant.now(), written, 0, null));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: its run was not recorded (%s)", job, e.toString());
        }
    }
}
