package io.customersync.hq.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

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
import io.customersync.hq.domain.ChannelTransactions;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.messaging.JobRunner;
import io.smallrye.common.annotation.Blocking;

/**
 * HQ's jobs for ops: mode, last run and recent runs (from the job history in HQ's database, the
 * same from every instance), what waits, and "run now".
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    /** A job as ops see it; {@code lastRun} null if it never ran; {@code waiting} counts the work it has not done yet. */
    public record JobView(String name, JobRunner.Mode mode, JobRun lastRun, long waiting) {
    }

    private final HqJobs jobs;
    private final JobHistory history;
    private final Caller caller;
    private final Map<String, LongSupplier> waiting;

    public JobsResource(HqJobs jobs, JobHistory history, Caller caller, StagedCustomers staging,
            ChannelTransactions transactions) {
        this.jobs = jobs;
        this.history = history;
        this.caller = caller;
        this.waiting = Map.of(
                HqJobs.CUSTOMER_SYNC, () -> staging.countInStatus(StagingStatus.PENDING),
                HqJobs.ORDER_SYNC, transactions::countWaitingOrders,
                HqJobs.STATEMENT_POSTING, transactions::countUnpostedSales);
    }

    @GET
    public List<JobView> list() throws SQLException {
        Map<String, JobRun> last = history.last(jobs.all().keySet());
        return jobs.all().values().stream().map(runner -> new JobView(runner.name(), runner.mode(),
                last.get(runner.name()), waiting.get(runner.name()).getAsLong())).toList();
    }

    /** The job's newest runs, newest first (any job of HQ's that has a history: also retention, hq-sync-relay, ...). */
    @GET
    @Path("/{name}/runs")
    public List<JobRun> runs(@PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) throws SQLException {
        List<JobRun> runs = history.recent(name, limit);
        if (runs.isEmpty() && jobs.find(name).isEmpty()) {
            throw new NotFoundException("no job " + name);
        }
        return runs;
    }

    @POST
    @APIResponse(responseCode = "202", description = "Asked to run now (its run goes to the job history)")
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        JobRunner runner = jobs.find(name).orElseThrow(() -> new NotFoundException("no job " + name));
        runner.runNow(caller.name());
        return Response.accepted(Map.of("job", name, "mode", runner.mode())).build();
    }
}
