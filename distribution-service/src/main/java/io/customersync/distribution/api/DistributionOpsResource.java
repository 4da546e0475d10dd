package io.customersync.distribution.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
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
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.domain.DownloadSessions.DownloadSession;
import io.customersync.distribution.jobs.DistributionJob;
import io.smallrye.common.annotation.Blocking;

/** What ops see and do about the 1010 job: each channel's backlog and lag, download sessions, retries, runs. */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DistributionOpsResource {

    private final DownloadSessions downloadSessions;
    private final ChannelRegistry registry;
    private final DistributionJob job;
    private final DeliveryQueue queue;
    private final Caller caller;

    public DistributionOpsResource(DownloadSessions downloadSessions, ChannelRegistry registry, DistributionJob job,
            DeliveryQueue queue, Caller caller) {
        this.downloadSessions = downloadSessions;
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
        return downloadSessions.newest(channelId, status, limit).stream().filter(s -> caller.sees(s.channelId()))
                .toList();
    }

    /** Releases the channel's parked (FAILED) deliveries and retries everything waiting for it now. */
    @POST
    @Path("/channels/{channelId}/retry")
    @Transactional
    public Map<String, Object> retry(@PathParam("channelId") String channelId) {
        if (registry.database(channelId).isEmpty() || !caller.sees(channelId)) {
            throw new NotFoundException("no channel " + channelId + " in the registry");
        }
        int released = queue.release(channelId);
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
