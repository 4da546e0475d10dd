package io.customersync.api;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, for this request: the channel its API key is bound to (the Quarkus Security
 * identity's {@link ApiKeyIdentityProvider#CHANNEL} attribute). Roles are checked by
 * {@code @RolesAllowed}; the channel of a request always comes from here, never from its body.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String channelId() {
        return identity.getAttribute(ApiKeyIdentityProvider.CHANNEL);
    }

    /** Who is calling, as the job history records it: role and channel of the API key ({@code ops@*}). */
    public String name() {
        return identity.getPrincipal().getName();
    }

    /** True if the caller may see data of this channel. */
    public boolean sees(String channelId) {
        return ApiCredentials.ALL_CHANNELS.equals(channelId()) || channelId().equals(channelId);
    }
}
