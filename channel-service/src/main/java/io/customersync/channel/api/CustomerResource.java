package io.customersync.channel.api;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.customersync.channel.config.ApiCredentials.Role;
import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.CustomerRegistration;
import io.smallrye.common.annotation.Blocking;

/** Customers of the caller's channel, created offline-first (status ASYNC) and synced by HQ. */
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerResource {

    private static final Set<Role> CUSTOMER_ROLES = Set.of(Role.POS, Role.STOREFRONT);

    private final CustomerRegistration registration;
    private final Caller caller;

    public CustomerResource(CustomerRegistration registration, Caller caller) {
        this.registration = registration;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull CreateCustomerRequest request) {
        caller.requireRole(CUSTOMER_ROLES);
        Customer customer = registration.register(caller.channelId(), request);
        return Response.created(URI.create("/api/v1/customers/" + customer.id))
                .entity(CustomerResponse.from(customer))
                .build();
    }

    @GET
    @Path("/{customerId}")
    public CustomerResponse get(@PathParam("customerId") UUID customerId) {
        caller.requireRole(CUSTOMER_ROLES);
        return Customer.findInChannel(customerId, caller.channelId())
                .map(CustomerResponse::from)
                .orElseThrow(() -> new NotFoundException("no customer " + customerId + " in this channel"));
    }
}
