package io.customersync.distribution.api;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.customersync.api.Problems;
import io.customersync.distribution.domain.ChannelNotDeliveredHereException;
import io.customersync.distribution.domain.DeadLetterAlreadyReplayedException;
import io.customersync.distribution.domain.InvalidChannelException;
import io.customersync.distribution.domain.UnknownChannelException;
import io.customersync.distribution.domain.UnknownDeadLetterException;

/** The distribution domain's refusals as problem+json answers. */
public class DistributionProblemMappers {

    /** No such dead letter (not a pipeline dead-letter topic, or nothing at that offset): 404. */
    @ServerExceptionMapper
    public Response unknownDeadLetter(UnknownDeadLetterException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** No such channel in the registry: 404. */
    @ServerExceptionMapper
    public Response unknownChannel(UnknownChannelException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** A channel registration that cannot be saved: 422 naming the field; nothing written. */
    @ServerExceptionMapper
    public Response invalidChannel(InvalidChannelException e, UriInfo uri) {
        return Problems.field(422, e.field(), e.getMessage(), uri.getPath());
    }

    /** A retry of a channel this deployment does not deliver to (retired, or another's): 409. */
    @ServerExceptionMapper
    public Response notDeliveredHere(ChannelNotDeliveredHereException e, UriInfo uri) {
        return Problems.response(409, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** A dead letter is replayed once: 409. */
    @ServerExceptionMapper
    public Response alreadyReplayed(DeadLetterAlreadyReplayedException e, UriInfo uri) {
        return Problems.response(409, e.getMessage(), uri.getPath(), List.of()).build();
    }
}
