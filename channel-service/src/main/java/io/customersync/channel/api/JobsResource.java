package io.customersync.channel.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import io.customersync.channel.messaging.PJob;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.messaging.JobRunner;
import io.smallrye.common.annotation.Blocking;

/**
 * The channel's job for ops, the P-job: its mode, last run and recent runs (from the job history
 * in the channel database, the same from every instance on it) and "run now", in every mode.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    /** A job as ops see it; {@code lastRun} null if it never ran. */
    public record JobView(String name, JobRunner.Mode mode, JobRun lastRun) {
    }

    private final PJob pJob;
    private final JobHistory history;
    private final Caller caller;

    public JobsResource(PJob pJob, JobHistory history, Caller caller) {
        this.pJob = pJob;
        this.history = history;
        this.caller = caller;
    }

    @GET
    public List<JobView> list() throws SQLException {
        return List.of(new JobView(PJob.NAME, pJob.mode(), history.last(List.of(PJob.NAME)).get(PJob.NAME)));
    }

    /** The job's newest runs, newest first (the P-job, or another job of the channel with a history: retention). */
    @GET
    @Path("/{name}/runs")
    public List<JobRun> runs(@PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) throws SQLException {
        List<JobRun> runs = history.recent(name, limit);
        if (runs.isEmpty() && !PJob.NAME.equals(name)) {
            throw new NotFoundException("no job " + name);
        }
        return runs;
    }

    @POST
    @APIResponse(responseCode = "202", description = "Asked to run now (its run goes to the job history)")
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        if (!PJob.NAME.equals(name)) {
            throw new NotFoundException("no job " + name);
        }
        pJob.runNow(caller.name());
        return Response.accepted(Map.of("job", PJob.NAME, "mode", pJob.mode())).build();
    }
}
