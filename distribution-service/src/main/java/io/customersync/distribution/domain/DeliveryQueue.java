package io.customersync.distribution.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** What the distribution database says about each channel: deliveries waiting, parked, and the last download session. */
@ApplicationScoped
public class DeliveryQueue {

    /** A channel of the registry and how far behind its channel database is. */
    public record ChannelStatus(String channelId, String addressBook, boolean excludeCustomerData, long pending,
            long failed, long lagSeconds) {
    }

    /** The last download session of a channel: the last run of the 1010 job there. */
    public record LastSession(long id, String status, int rows, String lastError, Instant finishedAt) {
    }

    private final EntityManager em;
    private final ChannelRegistry registry;

    public DeliveryQueue(EntityManager em, ChannelRegistry registry) {
        this.em = em;
        this.registry = registry;
    }

    public ChannelStatus status(String channelId) {
        Object[] counts = (Object[]) em.createNativeQuery("""
                select count(*) filter (where failed_at is null), count(*) filter (where failed_at is not null),
                       coalesce(extract(epoch from now() - min(received_at))::bigint, 0)
                from pending_delivery where channel_id = ?1 and delivered_at is null""")
                .setParameter(1, channelId).getSingleResult();
        var channel = registry.channel(channelId);
        return new ChannelStatus(channelId, channel.addressBook().orElse(null), channel.excludeCustomerData(),
                ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(), ((Number) counts[2]).longValue());
    }

    @SuppressWarnings("unchecked")
    public Map<String, LastSession> lastSessions() {
        List<Object[]> rows = em.createNativeQuery("""
                select distinct on (channel_id) channel_id, id, status, rows, last_error, finished_at
                from download_session order by channel_id, id desc""").getResultList();
        Map<String, LastSession> sessions = new TreeMap<>();
        rows.forEach(r -> sessions.put((String) r[0], new LastSession(((Number) r[1]).longValue(), (String) r[2],
                ((Number) r[3]).intValue(), (String) r[4], (Instant) r[5])));
        return sessions;
    }
}
