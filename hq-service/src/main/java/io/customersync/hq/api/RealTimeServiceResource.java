package io.customersync.hq.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.hibernate.Session;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.api.FieldProblemException;
import io.customersync.hq.domain.AsyncCustomerBatchSynchronizer;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.SyncRefusedException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;

/**
 * The real-time service (sync mode): a channel-service asks HQ to create the customer now and
 * gets the account number in the answer. It goes through the same staging row as an upload, keyed
 * by the customer id, so if the channel fell back to async and uploads the customer later, the
 * upload finds it synced and no second account number is made. CustomerSynchronized is still
 * emitted, so distribution reaches every channel.
 */
@RolesAllowed(ApiRoles.CHANNEL)
@Path("/api/v1/rts/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class RealTimeServiceResource {

    private final AsyncCustomerSynchronizer synchronizer;
    private final AsyncCustomerBatchSynchronizer batch;
    private final EntityManager em;
    private final Caller caller;

    public RealTimeServiceResource(AsyncCustomerSynchronizer synchronizer, AsyncCustomerBatchSynchronizer batch,
            EntityManager em, Caller caller) {
        this.synchronizer = synchronizer;
        this.batch = batch;
        this.em = em;
        this.caller = caller;
    }

    @APIResponse(responseCode = "409", description = "Conflict: held as a possible duplicate until ops decide")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: HQ refuses the customer")
    @POST
    public CustomerSynchronized create(@NotNull CustomerCreated customer) {
        if (!caller.sees(customer.channelId())) {
            throw new ForbiddenException("this key may create customers of channel " + caller.channelId() + " only");
        }
        try {
            return QuarkusTransaction.requiringNew()
                    .call(() -> {
                        synchronizer.stage(customer, UUID.randomUUID());
                        // the plain case set-based; a possible duplicate or an already synced customer one by one
                        List<CustomerSynchronized> synced = em.unwrap(Session.class)
                                .doReturningWork(db -> batch.synchronize(db, List.of(customer.customerId()))).synced();
                        return synced.isEmpty() ? synchronizer.synchronize(synchronizer.locked(customer.customerId()))
                                : Optional.of(synced.get(0));
                    })
                    .orElseThrow(() -> new FieldProblemException(409, "customerId",
                            "held as a possible duplicate until ops decide; the channel may go on in async mode"));
        } catch (SyncRefusedException refused) {
            throw new FieldProblemException(422, "customerId", refused.getMessage());
        }
    }
}
