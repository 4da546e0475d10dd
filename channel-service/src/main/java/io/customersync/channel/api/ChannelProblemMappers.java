package io.customersync.channel.api;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.customersync.api.Problems;
import io.customersync.channel.domain.CustomerCreation;

/** Problems particular to the channel API. */
public class ChannelProblemMappers {

    /** Sync mode without fallback and HQ away: not the caller's fault, and worth a retry. */
    @ServerExceptionMapper
    public Response hqUnavailable(CustomerCreation.HqUnavailableException e, UriInfo uri) {
        return Problems.response(503, "Service Unavailable", e.getMessage(), uri.getPath(), List.of())
                .header("Retry-After", 1).build();
    }
}
