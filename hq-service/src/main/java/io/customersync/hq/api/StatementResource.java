package io.customersync.hq.api;

import java.util.Set;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.api.ApiCredentials.Role;
import io.customersync.api.Caller;
import io.customersync.hq.jobs.StatementPosting;
import io.smallrye.common.annotation.Blocking;

/** End-of-day statement posting for one channel, on demand (the statement-posting job does all channels). */
@Path("/api/v1/statements")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StatementResource {

    private final StatementPosting posting;
    private final Caller caller;

    public StatementResource(StatementPosting posting, Caller caller) {
        this.posting = posting;
        this.caller = caller;
    }

    @POST
    @Path("/{channelId}/post")
    @Transactional
    public Response post(@PathParam("channelId") String channelId) {
        caller.requireRole(Set.of(Role.OPS));
        if (!caller.sees(channelId)) {
            throw new jakarta.ws.rs.ForbiddenException("this key may not post statements of channel " + channelId);
        }
        return Response.status(201).entity(posting.post(channelId)).build();
    }
}
