package io.customersync.channel.client;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * HQ's escrow of the customers' data keys ({@code PUT /api/v1/customer-keys}, docs/api.md), with
 * this channel's key at HQ ({@code channel.rts.api-key}). Base URL and time-outs:
 * {@code quarkus.rest-client.hq-keys.*} (by default HQ's real-time service URL). Used through
 * {@link KeyEscrowClient}.
 */
@RegisterRestClient(configKey = "hq-keys")
@Path("/api/v1/customer-keys")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${channel.rts.api-key}")
public interface HqCustomerKeys {

    /** One key: its id (the {@code keyId} of what it seals), its customer and the 32 bytes in base64. */
    record CustomerKey(UUID keyId, UUID customerId, String key) {
    }

    record CustomerKeys(List<CustomerKey> keys) {
    }

    @PUT
    void escrow(CustomerKeys keys);

    /** A key made ahead and never given to a customer, given back ({@code POST /api/v1/customer-keys/unused}). */
    record UnusedKey(UUID keyId, UUID customerId) {
    }

    record UnusedKeys(List<UnusedKey> keys) {
    }

    record Forgotten(int forgotten) {
    }

    @POST
    @Path("/unused")
    Forgotten forgetUnused(UnusedKeys keys);
}
