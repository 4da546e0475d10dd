package io.customersync.hq.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.api.ApiCredentials.Role;
import io.customersync.api.Caller;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.messaging.JobRunner;
import io.smallrye.common.annotation.Blocking;

/** HQ's jobs for ops: mode, last run, what waits, and "run now". */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    /** A job as ops see it; {@code waiting} counts the work it has not done yet. */
    public record JobView(String name, JobRunner.Mode mode, JobRunner.Run lastRun, long waiting) {
    }

    private static final Map<String, String> WAITING = Map.of(
            HqJobs.CUSTOMER_SYNC, "select count(*) from async_customer_staging where status = 'PENDING'",
            HqJobs.ORDER_SYNC, "select count(*) from channel_transaction where type = 'CUSTOMER_ORDER' and processed_at is null",
            HqJobs.STATEMENT_POSTING, "select count(*) from channel_transaction where type = 'CASH_AND_CARRY' and statement_id is null");

    private final HqJobs jobs;
    private final EntityManager em;
    private final Caller caller;

    public JobsResource(HqJobs jobs, EntityManager em, Caller caller) {
        this.jobs = jobs;
        this.em = em;
        this.caller = caller;
    }

    @GET
    public List<JobView> list() {
        caller.requireRole(Set.of(Role.OPS));
        return jobs.all().values().stream().map(runner -> new JobView(runner.name(), runner.mode(), runner.lastRun(),
                ((Number) em.createNativeQuery(WAITING.get(runner.name())).getSingleResult()).longValue())).toList();
    }

    @POST
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        caller.requireRole(Set.of(Role.OPS));
        JobRunner runner = jobs.find(name).orElseThrow(() -> new NotFoundException("no job " + name));
        runner.runNow();
        return Response.accepted(Map.of("job", name, "mode", runner.mode())).build();
    }
}
