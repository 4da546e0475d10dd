package io.customersync.api;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization: Bearer <api key>} for Quarkus Security ({@link ApiKeyIdentityProvider}
 * checks the key). No header: anonymous, and an endpoint that needs a role answers 401. A wrong key
 * counts against its client address's budget and a known key against its own ({@link RateLimits}):
 * over budget the request fails with {@link RateLimitExceededException} (429). Authentication is
 * lazy ({@code quarkus.http.auth.proactive=false}): it runs only for endpoints that need a role, so
 * health, metrics and OpenAPI never look at keys.
 */
@Singleton
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    private static final String PREFIX = SCHEME + " ";

    private final RateLimits rateLimits;

    public ApiKeyAuthenticationMechanism(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        // the scheme's name in any case (RFC 9110 11.1: "bearer" is "Bearer"), as some HTTP stacks and proxies send it
        String apiKey = header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : "";
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(apiKey),
                context))
                .onFailure(AuthenticationFailedException.class).transform(failure -> rateLimits
                        .allowFailedAuthentication(clientAddress(context)) ? failure : new RateLimitExceededException())
                .onItem().invoke(identity -> {
                    if (!rateLimits.allowCredential(identity.getAttribute(ApiKeyIdentityProvider.CREDENTIAL))) {
                        throw new RateLimitExceededException();
                    }
                });
    }

    private static String clientAddress(RoutingContext context) {
        return context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
