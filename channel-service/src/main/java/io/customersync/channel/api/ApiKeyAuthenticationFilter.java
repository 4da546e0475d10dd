package io.customersync.channel.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import io.customersync.channel.config.ApiCredentials;

/** Every API call needs {@code Authorization: Bearer <api key>}; without a known key it gets 401. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiCredentials credentials;
    private final Caller caller;

    public ApiKeyAuthenticationFilter(ApiCredentials credentials, Caller caller) {
        this.credentials = credentials;
        this.caller = caller;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        var credential = header != null && header.startsWith(BEARER)
                ? credentials.find(header.substring(BEARER.length()).trim())
                : java.util.Optional.<ApiCredentials.Credential>empty();
        if (credential.isEmpty()) {
            request.abortWith(Problems.response(401, "Unauthorized",
                    "send a valid API key as 'Authorization: Bearer <key>'", request.getUriInfo().getPath(),
                    java.util.List.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
            return;
        }
        caller.authenticate(credential.get());
    }
}
