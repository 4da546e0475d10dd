package io.customersync.api;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The API key a request brought ({@code Authorization: Bearer <key>}), for {@link ApiKeyIdentityProvider}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String apiKey;

    public ApiKeyAuthenticationRequest(String apiKey) {
        this.apiKey = apiKey;
    }

    public String apiKey() {
        return apiKey;
    }
}
