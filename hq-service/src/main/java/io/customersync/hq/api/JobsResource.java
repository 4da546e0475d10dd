package io.customersync.hq.api;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.api.ApiRoles;
import io.customersync.hq.domain.ChannelTransactions;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.messaging.JobRunner;
import io.smallrye.common.annotation.Blocking;

/** HQ's jobs for ops: mode, last run, what waits, and "run now". */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    /** A job as ops see it; {@code waiting} counts the work it has not done yet. */
    public record JobView(String name, JobRunner.Mode mode, JobRunner.Run lastRun, long waiting) {
    }

    private final HqJobs jobs;
    private final Map<String, LongSupplier> waiting;

    public JobsResource(HqJobs jobs, StagedCustomers staging, ChannelTransactions transactions) {
        this.jobs = jobs;
        this.waiting = Map.of(
                HqJobs.CUSTOMER_SYNC, () -> staging.countInStatus(StagingStatus.PENDING),
                HqJobs.ORDER_SYNC, transactions::countWaitingOrders,
                HqJobs.STATEMENT_POSTING, transactions::countUnpostedSales);
    }

    @GET
    public List<JobView> list() {
        return jobs.all().values().stream().map(runner -> new JobView(runner.name(), runner.mode(), runner.lastRun(),
                waiting.get(runner.name()).getAsLong())).toList();
    }

    @POST
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        JobRunner runner = jobs.find(name).orElseThrow(() -> new NotFoundException("no job " + name));
        runner.runNow();
        return Response.accepted(Map.of("job", name, "mode", runner.mode())).build();
    }
}
