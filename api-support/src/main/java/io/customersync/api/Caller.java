package io.customersync.api;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;

import io.customersync.api.ApiCredentials.Credential;
import io.customersync.api.ApiCredentials.Role;

/** Who is calling: set by {@link ApiKeyAuthenticationFilter} from the API key, for this request only. */
@RequestScoped
public class Caller {

    private Credential credential;

    void authenticate(Credential credential) {
        this.credential = credential;
    }

    public String channelId() {
        return credential.channelId();
    }

    /** True if the caller may see data of this channel. */
    public boolean sees(String channelId) {
        return credential.seesEveryChannel() || credential.channelId().equals(channelId);
    }

    /** @throws ForbiddenException (403) unless the caller has one of the roles */
    public void requireRole(Set<Role> allowed) {
        if (!allowed.contains(credential.role())) {
            throw new ForbiddenException("the " + credential.role().name().toLowerCase() + " role may not do this");
        }
    }
}
