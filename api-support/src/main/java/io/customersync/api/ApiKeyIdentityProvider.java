package io.customersync.api;

import java.util.Locale;

import jakarta.inject.Singleton;

import io.customersync.api.ApiCredentials.Credential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a configured API key ({@link ApiCredentials}) into a {@link SecurityIdentity}: its role
 * ({@link ApiRoles}) and, as attributes, the channel it is bound to ({@link #CHANNEL}, {@code *} for
 * every channel) and its hash ({@link #CREDENTIAL}: names the key for rate limits without the key).
 * An unknown key fails with {@link AuthenticationFailedException}.
 */
@Singleton
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    public static final String CHANNEL = "channel";
    public static final String CREDENTIAL = "credential";

    private final ApiCredentials credentials;

    public ApiKeyIdentityProvider(ApiCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    /** Hashing a key and a map look-up: cheap enough for the event loop. */
    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return credentials.find(request.apiKey())
                .map(ApiKeyIdentityProvider::identity)
                .map(identity -> Uni.createFrom().item(identity))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API key")));
    }

    private static SecurityIdentity identity(Credential credential) {
        String role = credential.role().name().toLowerCase(Locale.ROOT);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(role + "@" + credential.channelId()))
                .addRole(role)
                .addAttribute(CHANNEL, credential.channelId())
                .addAttribute(CREDENTIAL, credential.hash())
                .build();
    }
}
