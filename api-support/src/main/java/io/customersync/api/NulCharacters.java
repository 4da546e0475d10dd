package io.customersync.api;

import java.util.List;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A NUL character ({@code %00}) in a request's path or query parameters is refused (400 problem)
 * before any resource sees it: PostgreSQL cannot take it as text, and a path id, channel id or
 * search text holding one reached the database as a 500 (found by HttpFuzzingIT). Bodies:
 * {@link StrictJson}.
 */
public class NulCharacters {

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        boolean nul = uri.getPath().indexOf('\u0000') >= 0 || uri.getQueryParameters().values().stream()
                .flatMap(List::stream).anyMatch(value -> value.indexOf('\u0000') >= 0);
        if (nul) {
            throw new BadRequestException("the URL may not contain the NUL character (%00)");
        }
    }
}
