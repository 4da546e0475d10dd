package io.customersync.channel.api;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.customersync.api.Problems;
import io.customersync.channel.domain.TryLaterException;

/** Problems particular to the channel API. */
public class ChannelProblemMappers {

    /** Nothing saved and worth a retry (sync mode without fallback and HQ away; a customer not taken in time). */
    @ServerExceptionMapper
    public Response tryLater(TryLaterException e, UriInfo uri) {
        return Problems.response(503, e.getMessage(), uri.getPath(), List.of())
                .header("Retry-After", 1).build();
    }
}
