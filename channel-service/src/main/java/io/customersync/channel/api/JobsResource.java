package io.customersync.channel.api;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.api.ApiRoles;
import io.customersync.channel.messaging.PJob;
import io.smallrye.common.annotation.Blocking;

/** The channel's job for ops: "run now" for the P-job (what an ON_DEMAND P-job waits for). */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobsResource {

    private static final String P_JOB = "p-job";

    private final PJob pJob;

    public JobsResource(PJob pJob) {
        this.pJob = pJob;
    }

    @POST
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        if (!P_JOB.equals(name)) {
            throw new NotFoundException("no job " + name);
        }
        pJob.runNow();
        return Response.accepted(Map.of("job", P_JOB, "mode", pJob.mode())).build();
    }
}
