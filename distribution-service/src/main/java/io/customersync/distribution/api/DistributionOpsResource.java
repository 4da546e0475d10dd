package io.customersync.distribution.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
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

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.distribution.domain.DownloadSessions.DownloadSession;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.jobs.DistributionJob;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.messaging.JobRunner;
import io.smallrye.common.annotation.Blocking;

/**
 * What ops see and do about the 1010 job: download sessions, retries, its runs per channel with
 * their last and recent runs from the job history in
 * distribution's database, and "run now".
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DistributionOpsResource {

    private final DownloadSessions downloadSessions;
    private final DistributionJob job;
    private final Caller caller;
    private final JobHistory history;

    /** A job as ops see it; {@code lastRun} null if it never ran. */
    public record JobView(String name, JobRunner.Mode mode, JobRun lastRun) {
    }

    public DistributionOpsResource(DownloadSessions downloadSessions, DistributionJob job,
            Caller caller, JobHistory history) {
        this.history = history;
        this.downloadSessions = downloadSessions;
        this.job = job;
        this.caller = caller;
    }

    @GET
    @Path("/download-sessions")
    public List<DownloadSession> sessions(@QueryParam("channelId") String channelId,
            @QueryParam("status") @Pattern(regexp = "APPLIED|RETRYING|FAILED") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return downloadSessions.newest(channelId, status, limit).stream().filter(s -> caller.sees(s.channelId()))
                .toList();
    }

    /** The 1010 job, one entry per channel this deployment delivers to ({@code 1010-<channel>}), with its last run. */
    @GET
    @Path("/jobs")
    public List<JobView> jobs() throws SQLException {
        List<String> names = job.jobNames();
        Map<String, JobRun> last = history.last(names);
        return names.stream().map(name -> new JobView(name, job.mode(), last.get(name))).toList();
    }

    /** A job's newest runs, newest first (a 1010 runner, or another job with a history: download-relay, retention, ...). */
    @GET
    @Path("/jobs/{name}/runs")
    public List<JobRun> runs(@PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) throws SQLException {
        List<JobRun> runs = history.recent(name, limit);
        if (runs.isEmpty() && !job.jobNames().contains(name)) {
            throw new NotFoundException("no job " + name);
        }
        return runs;
    }

    /** Runs the 1010 job now (scheduled and on-demand modes; harmless in continuous mode). */
    @POST
    @APIResponse(responseCode = "202", description = "Asked to run now (its runs go to the job history)")
    @Path("/jobs/1010/run")
    public Response run() {
        job.runNow(caller.name());
        return Response.accepted(Map.of("job", "1010", "mode", job.mode().name())).build();
    }
}
