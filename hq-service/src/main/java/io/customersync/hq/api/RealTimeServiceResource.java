package io.customersync.hq.api;

import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.customersync.api.ApiCredentials.Role;
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

    @POST
    public CustomerSynchronized create(@NotNull CustomerCreated customer) {
        caller.requireRole(Set.of(Role.CHANNEL));
        if (!caller.sees(customer.channelId())) {
            throw new ForbiddenException("this key may create customers of channel " + caller.channelId() + " only");
        }
        return creation.create(customer);
    }
}
