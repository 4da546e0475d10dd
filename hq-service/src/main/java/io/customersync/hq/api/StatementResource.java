package io.customersync.hq.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.hq.domain.Statements;
import io.customersync.hq.jobs.StatementPosting;
import io.smallrye.common.annotation.Blocking;

/** End-of-day statement posting for one channel, on demand (the statement-posting job does all channels). */
@RolesAllowed(ApiRoles.OPS)
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

    @APIResponse(responseCode = "201", description = "Posted: the statement",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Statements.Statement.class)))
    @APIResponse(responseCode = "409", description = "Conflict: the channel has no unposted transactions")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: the statement could not be posted")
    @POST
    @Path("/{channelId}/post")
    @Transactional
    public Response post(@PathParam("channelId") String channelId) {
        if (!caller.sees(channelId)) {
            throw new jakarta.ws.rs.ForbiddenException("this key may not post statements of channel " + channelId);
        }
        return Response.status(201).entity(posting.post(channelId)).build();
    }
}
