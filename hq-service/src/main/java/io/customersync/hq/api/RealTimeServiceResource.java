package io.customersync.hq.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.hq.domain.RealTimeCreation;
import io.smallrye.common.annotation.Blocking;

/**
 * The real-time service (sync mode): a channel-service asks HQ to create the customer now and
 * gets the account number in the answer ({@link RealTimeCreation}). A customer held as a possible
 * duplicate is a 409, one HQ's rules refuse a 422.
 */
@RolesAllowed(ApiRoles.CHANNEL)
@Path("/api/v1/rts/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class RealTimeServiceResource {

    private final RealTimeCreation creation;
    private final Caller caller;

    public RealTimeServiceResource(RealTimeCreation creation, Caller caller) {
        this.creation = creation;
        this.caller = caller;
    }

    @APIResponse(responseCode = "200", description = "Numbered: the customer as HQ announces it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerSynchronized.class)))
    @APIResponse(responseCode = "409", description = "Conflict: held as a possible duplicate until ops decide, or the"
            + " customer id is another channel's customer")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: HQ refuses the customer")
    @POST
    public CustomerSynchronized create(@NotNull CustomerCreated customer) {
        if (!caller.sees(customer.channelId())) {
            throw new ForbiddenException("this key may create customers of channel " + caller.channelId() + " only");
        }
        RealTimeLimits.check(customer);
        return creation.create(customer);
    }
}
