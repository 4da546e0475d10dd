package io.customersync.api;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Quarkus Security's refusals as problem+json (its own answers have no body): no or a wrong API key
 * 401 with {@code WWW-Authenticate: Bearer}, a role that may not do this 403, over a rate limit 429
 * with {@code Retry-After}.
 */
public class SecurityProblems {

    private final RateLimits rateLimits;

    public SecurityProblems(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    @ServerExceptionMapper
    public Response noKey(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response wrongKey(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response wrongRole(ForbiddenException e, UriInfo uri) {
        return Problems.response(403, "the role of this API key may not do this", uri.getPath(), List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response tooManyRequests(RateLimitExceededException e, UriInfo uri) {
        return Problems.response(429, e.getMessage(), uri.getPath(), List.of())
                .header("Retry-After", Math.max(1, rateLimits.period().toSeconds()))
                .build();
    }

    private static Response unauthorized(UriInfo uri) {
        return Problems.response(401, "send a valid API key as 'Authorization: Bearer <key>'",
                uri.getPath(), List.of()).header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyAuthenticationMechanism.SCHEME)
                .build();
    }
}
