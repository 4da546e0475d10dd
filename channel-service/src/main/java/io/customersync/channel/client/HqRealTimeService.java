package io.customersync.channel.client;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;

/**
 * HQ's real-time service (D365's RTS), for channels in sync mode: HQ numbers the customer during
 * the call. Base URL and time-outs: {@code quarkus.rest-client.hq-rts.*}. Used through
 * {@link RealTimeServiceClient}, which tells HQ's answers apart for the domain.
 */
@RegisterRestClient(configKey = "hq-rts")
@Path("/api/v1/rts/customers")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${channel.rts.api-key}")
public interface HqRealTimeService {

    @POST
    CustomerSynchronized create(CustomerCreated customer);
}
