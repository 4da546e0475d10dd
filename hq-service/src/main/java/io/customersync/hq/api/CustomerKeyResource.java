package io.customersync.hq.api;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.hq.domain.CustomerDataKeys;
import io.smallrye.common.annotation.Blocking;

/**
 * The escrow of the customers' data keys (crypto-shredding, docs/privacy.md, decision 0014): a
 * channel's P-job hands HQ every key it made before it publishes the events the key sealed. Idempotent
 * (a key HQ holds is taken again); a key of an erased customer is answered 204 and not kept.
 */
@RolesAllowed(ApiRoles.CHANNEL)
@Path("/api/v1/customer-keys")
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerKeyResource {

    /** A key: its id, its customer, its 32 bytes in base64. */
    @JsonIgnoreProperties(ignoreUnknown = true) // a newer channel-service may send more
    public record CustomerKey(@NotNull UUID keyId, @NotNull UUID customerId,
            @NotNull @Pattern(regexp = "[A-Za-z0-9+/]{43}=", message = "must be 32 bytes in base64") String key) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true) // a newer channel-service may send more
    public record CustomerKeys(@NotEmpty @Size(max = 1000) List<@NotNull @Valid CustomerKey> keys) {
    }

    /** A key made ahead and never given to a customer: its id and the customer id it was made for. */
    @JsonIgnoreProperties(ignoreUnknown = true) // a newer channel-service may send more
    public record UnusedKey(@NotNull UUID keyId, @NotNull UUID customerId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true) // a newer channel-service may send more
    public record UnusedKeys(@NotEmpty @Size(max = 1000) List<@NotNull @Valid UnusedKey> keys) {
    }

    /** How many of the keys given back HQ forgot (the others it keeps: not this channel's, or a customer has them). */
    public record Forgotten(int forgotten) {
    }

    private final CustomerDataKeys keys;
    private final Caller caller;

    public CustomerKeyResource(CustomerDataKeys keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @APIResponse(responseCode = "204", description = "HQ holds the keys (or, for an erased customer, refuses to)")
    @APIResponse(responseCode = "409", description = "Conflict: a key id is held with another customer or other bytes")
    @PUT
    public void escrow(@NotNull @Valid CustomerKeys request) {
        Base64.Decoder base64 = Base64.getDecoder();
        keys.escrow(request.keys().stream().map(k -> new CustomerDataKeys.Escrowed(k.keyId(), k.customerId(),
                base64.decode(k.key()))).toList(), caller.channelId());
    }

    /**
     * Keys this channel made and escrowed ahead of their customers (decision 0018) and gives back unused: its
     * channel-service stopping with keys no customer took. HQ forgets those it holds for this channel whose
     * customer it has never seen; a key of another channel, or of a customer staged, numbered or erased, is kept.
     */
    @APIResponse(responseCode = "200", description = "How many of the keys HQ forgot")
    @POST
    @Path("/unused")
    @Produces(MediaType.APPLICATION_JSON)
    public Forgotten forgetUnused(@NotNull @Valid UnusedKeys request) {
        return new Forgotten(keys.forgetUnused(request.keys().stream()
                .map(k -> new CustomerDataKeys.Unused(k.keyId(), k.customerId())).toList(), caller.channelId()));
    }
}
