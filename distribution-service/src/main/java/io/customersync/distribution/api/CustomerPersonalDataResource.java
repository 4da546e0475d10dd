package io.customersync.distribution.api;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.customersync.api.Caller;
import io.customersync.api.ApiRoles;
import io.customersync.distribution.domain.ChannelPersonalData;
import io.smallrye.common.annotation.Blocking;

/**
 * A customer's rows in every channel database distribution knows (docs/privacy.md): HQ's personal-data
 * export asks for them with the ops caller's key. A channel database that does not answer is listed as
 * unavailable, not an error; an ops key bound to one channel sees that channel's database only.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/customers/{customerId}/personal-data")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerPersonalDataResource {

    /** Each channel database's part. */
    public record PersonalData(UUID customerId, List<ChannelPersonalData.ChannelPart> channels) {
    }

    private final ChannelPersonalData channels;
    private final Caller caller;

    public CustomerPersonalDataResource(ChannelPersonalData channels, Caller caller) {
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    public PersonalData get(@PathParam("customerId") UUID customerId) {
        return new PersonalData(customerId, channels.of(customerId, caller::sees));
    }
}
