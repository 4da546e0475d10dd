package io.customersync.api;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import io.vertx.core.http.HttpServerRequest;

/**
 * Every API call needs {@code Authorization: Bearer <api key>}: without a known key it gets 401,
 * and over its rate limit 429. Health, metrics and OpenAPI endpoints are not API calls.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiCredentials credentials;
    private final RateLimits rateLimits;
    private final Caller caller;
    private final HttpServerRequest httpRequest;

    public ApiKeyAuthenticationFilter(ApiCredentials credentials, RateLimits rateLimits, Caller caller,
            HttpServerRequest httpRequest) {
        this.credentials = credentials;
        this.rateLimits = rateLimits;
        this.caller = caller;
        this.httpRequest = httpRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiCredentials.Credential> credential = header != null && header.startsWith(BEARER)
                ? credentials.find(header.substring(BEARER.length()).trim())
                : Optional.empty();
        String path = request.getUriInfo().getPath();
        if (credential.isEmpty()) {
            String client = httpRequest.remoteAddress() == null ? "unknown" : httpRequest.remoteAddress().hostAddress();
            request.abortWith(rateLimits.allowFailedAuthentication(client)
                    ? Problems.response(401, "send a valid API key as 'Authorization: Bearer <key>'",
                            path, List.of()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build()
                    : tooManyRequests(path));
            return;
        }
        if (!rateLimits.allowCredential(credential.get().hash())) {
            request.abortWith(tooManyRequests(path));
            return;
        }
        caller.authenticate(credential.get());
    }

    private Response tooManyRequests(String path) {
        return Problems.response(429, "slow down and retry after the period", path, List.of())
                .header("Retry-After", Math.max(1, rateLimits.period().toSeconds()))
                .build();
    }
}
