package io.customersync.distribution.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.DeliveryQueue.ChannelStatus;
import io.customersync.distribution.jobs.DistributionJob;
import io.smallrye.common.annotation.Blocking;

/** What ops see and do about the 1010 job: each channel's backlog and lag, download sessions, retries, runs. */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DistributionOpsResource {

    public record DownloadSession(long id, String channelId, String status, int rows, UUID firstEventId,
            UUID lastEventId, int attempt, String lastError, Instant startedAt, Instant finishedAt) {
    }

    private final EntityManager em;
    private final ChannelRegistry registry;
    private final DistributionJob job;
    private final DeliveryQueue queue;
    private final Caller caller;

    public DistributionOpsResource(EntityManager em, ChannelRegistry registry, DistributionJob job, DeliveryQueue queue,
            Caller caller) {
        this.em = em;
        this.registry = registry;
        this.job = job;
        this.queue = queue;
        this.caller = caller;
    }

    @GET
    @Path("/channels")
    public List<ChannelStatus> channels() {
        return registry.channelIds().stream().filter(caller::sees).map(queue::status).toList();
    }

    @GET
    @Path("/download-sessions")
    public List<DownloadSession> sessions(@QueryParam("channelId") String channelId,
            @QueryParam("status") @Pattern(regexp = "APPLIED|RETRYING|FAILED") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, channel_id, status, rows, first_event_id, last_event_id, attempt, last_error,
                       started_at, finished_at
                from download_session
                where (cast(?1 as text) is null or channel_id = ?1) and (cast(?2 as text) is null or status = ?2)
                order by id desc limit ?3""")
                .setParameter(1, channelId).setParameter(2, status).setParameter(3, limit).getResultList();
        return rows.stream().filter(r -> caller.sees((String) r[1])).map(r -> new DownloadSession(
                ((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(), (UUID) r[4],
                (UUID) r[5], ((Number) r[6]).intValue(), (String) r[7], (Instant) r[8], (Instant) r[9])).toList();
    }

    /** Releases the channel's parked (FAILED) deliveries and retries everything waiting for it now. */
    @POST
    @Path("/channels/{channelId}/retry")
    @Transactional
    public Map<String, Object> retry(@PathParam("channelId") String channelId) {
        if (registry.database(channelId).isEmpty() || !caller.sees(channelId)) {
            throw new NotFoundException("no channel " + channelId + " in the registry");
        }
        int released = em.createNativeQuery("""
                update pending_delivery set failed_at = null, next_attempt_at = now()
                where channel_id = ?1 and delivered_at is null""")
                .setParameter(1, channelId).executeUpdate();
        em.createNativeQuery("select pg_notify('distribution_pending', ?1)").setParameter(1, channelId)
                .getSingleResult();
        job.runNow(channelId);
        return Map.of("channelId", channelId, "released", released);
    }

    /** Runs the 1010 job now (scheduled and on-demand modes; harmless in continuous mode). */
    @POST
    @Path("/jobs/1010/run")
    public Response run() {
        job.runNow();
        return Response.accepted(Map.of("job", "1010", "mode", job.mode().name())).build();
    }
}
