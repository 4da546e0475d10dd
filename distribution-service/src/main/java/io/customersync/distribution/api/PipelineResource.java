package io.customersync.distribution.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.api.Problems;
import io.customersync.distribution.client.HqOpsClient;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelBacklog;
import io.customersync.distribution.domain.ChannelProbes;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.jobs.DistributionJob;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.distribution.metrics.PipelineLag;
import io.smallrye.common.annotation.Blocking;

/**
 * The data and the buttons of the pipeline page (/pipeline.html): per channel what waits where,
 * HQ's staging and jobs, consumer lag, conversion latency; run a job now, retry a failed row.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PipelineResource {

    private static final String JOB_1010 = "1010";

    private final ChannelRegistry registry;
    private final DeliveryQueue queue;
    private final DownloadSessions downloadSessions;
    private final DistributionJob job;
    private final DistributionMetrics metrics;
    private final PipelineLag lag;
    private final HqOpsClient hq;
    private final DistributionConfig.Pipeline settings;
    private final Caller caller;
    private final ChannelProbes probes;

    public PipelineResource(ChannelRegistry registry, DeliveryQueue queue, DownloadSessions downloadSessions,
            DistributionJob job, DistributionMetrics metrics, PipelineLag lag, HqOpsClient hq, DistributionConfig config,
            Caller caller, ChannelProbes probes) {
        this.probes = probes;
        this.registry = registry;
        this.queue = queue;
        this.downloadSessions = downloadSessions;
        this.job = job;
        this.metrics = metrics;
        this.lag = lag;
        this.hq = hq;
        this.settings = config.pipeline();
        this.caller = caller;
    }

    @GET
    public PipelineSnapshot snapshot(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        List<String> channelIds = registry.channelIds().stream().filter(caller::sees).toList();
        Future<PipelineSnapshot.Hq> hqView = probes.submit(() -> hqView(authorization));
        // every channel's database, on the probes' few threads, all within one channel timeout
        List<ChannelProbes.Outcome<ChannelBacklog>> backlogs = probes.readAll(channelIds,
                id -> ChannelBacklog.read(registry.database(id).orElseThrow(), id, settings.listSize(),
                        settings.channelTimeout()), settings.channelTimeout());
        var sessions = downloadSessions.lastPerChannel();
        List<PipelineSnapshot.Channel> channels = new ArrayList<>();
        for (int i = 0; i < channelIds.size(); i++) {
            String id = channelIds.get(i);
            ChannelProbes.Outcome<ChannelBacklog> backlog = backlogs.get(i);
            channels.add(new PipelineSnapshot.Channel(id, registry.registered(id).map(c -> c.addressBook()).orElse(null),
                    backlog.answered(), backlog.error(), backlog.value(), queue.status(id), sessions.get(id)));
        }
        return new PipelineSnapshot(Instant.now(), channels, hqAnswer(hqView), job.mode().name(), lag.current(),
                lag.unavailable(), metrics.conversionLatency(), metrics.recentConversions().stream().filter(c -> caller.sees(c.channelId()))
                        .toList());
    }

    /** Runs a job now: {@code 1010} here, HQ's jobs (customer-sync, order-sync, statement-posting) at HQ. */
    @POST
    @APIResponse(responseCode = "202", description = "Asked of hq-service to run now (its answer passed on)")
    @Path("/jobs/{name}/run")
    public Response runJob(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (JOB_1010.equals(name)) {
            job.runNow(caller.name());
            return Response.accepted(Map.of("job", JOB_1010, "mode", job.mode().name())).build();
        }
        if (!name.matches("[a-z-]{1,40}")) {
            throw new NotFoundException("no job " + name);
        }
        return forward("/api/v1/jobs/" + name + "/run", authorization);
    }

    /** Retries a FAILED staged customer at HQ (after its data was fixed there). */
    @POST
    @Path("/staging/{customerId}/retry")
    public Response retryStaged(@PathParam("customerId") UUID customerId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward("/api/v1/staging/" + customerId + "/retry", authorization);
    }

    /** Ops' decision about a possible duplicate at HQ: KEEP_SEPARATE or LINK (HQ's decision body, as it is). */
    @POST
    @Path("/staging/{customerId}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("customerId") UUID customerId, JsonNode decision,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward("/api/v1/staging/" + customerId + "/decision", authorization, decision);
    }

    private Response forward(String path, String authorization) {
        return forward(path, authorization, null);
    }

    /** HQ's answer, as the answer of this resource's path (its problem's {@code instance} too); a 503 says when to retry. */
    private Response forward(String path, String authorization, JsonNode body) {
        String instance = path.replaceFirst("^/api/v1/", "/api/v1/pipeline/");
        try {
            HqOpsClient.Answer answer = hq.post(path, authorization, body);
            if (answer.status() >= 400 && answer.body() instanceof ObjectNode problem && problem.has("instance")) {
                problem.put("instance", instance);
            }
            Response.ResponseBuilder forwarded = Response.status(answer.status()).type(answer.status() >= 400
                    ? Problems.MEDIA_TYPE : MediaType.APPLICATION_JSON).entity(answer.body());
            return (answer.status() == 503 || answer.status() == 429 ? forwarded.header("Retry-After", 1) : forwarded)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw hqUnavailable(instance, e);
        } catch (Exception e) {
            throw hqUnavailable(instance, e);
        }
    }

    private static WebApplicationException hqUnavailable(String instance, Exception e) {
        return new WebApplicationException(Problems.response(503,
                "hq-service did not answer: " + e.getClass().getSimpleName(), instance, List.of())
                .header("Retry-After", 5).build());
    }

    private PipelineSnapshot.Hq hqView(String authorization) {
        if (!hq.configured()) {
            return PipelineSnapshot.Hq.unreachable("distribution.pipeline.hq-url is not set");
        }
        try {
            HqOpsClient.Answer jobs = hq.get("/api/v1/jobs", authorization);
            if (jobs.status() != 200) {
                return PipelineSnapshot.Hq.unreachable("hq-service answered " + jobs.status());
            }
            return new PipelineSnapshot.Hq(true, null, jobs.body(), hq.get("/api/v1/staging/counts", authorization).body(),
                    hq.get("/api/v1/staging?status=FAILED&limit=" + settings.listSize(), authorization).body(),
                    hq.get("/api/v1/staging/review?limit=" + settings.listSize(), authorization).body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PipelineSnapshot.Hq.unreachable("interrupted");
        } catch (Exception e) {
            return PipelineSnapshot.Hq.unreachable("hq-service did not answer: " + e.getClass().getSimpleName());
        }
    }

    private PipelineSnapshot.Hq hqAnswer(Future<PipelineSnapshot.Hq> view) {
        try {
            return view.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PipelineSnapshot.Hq.unreachable("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return PipelineSnapshot.Hq.unreachable("hq-service did not answer: " + e.getCause().getClass().getSimpleName());
        }
    }
}
