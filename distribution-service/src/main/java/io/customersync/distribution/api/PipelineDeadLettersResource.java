package io.customersync.distribution.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.customersync.api.ApiKeyIdentityProvider;
import io.customersync.api.ApiRoles;
import io.customersync.distribution.messaging.DeadLetters;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

/**
 * The pipeline page's dead letters: per dead-letter topic the count and the latest records (never
 * their bodies), and the Replay button, which sends one back to its topic once.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/pipeline/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PipelineDeadLettersResource {

    private static final int KEY_HASH_PREFIX = 8;

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    public PipelineDeadLettersResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    public List<DeadLetters.Topic> list() {
        return deadLetters.latest();
    }

    /** Re-publishes the dead letter unchanged to its original topic; 409 when it was replayed before. */
    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    public Map<String, String> replay(@PathParam("topic") String topic, @PathParam("partition") @Min(0) int partition,
            @PathParam("offset") @Min(0) long offset) throws Exception {
        String where = deadLetters.replay(topic, partition, offset, who());
        return Map.of("replayed", topic + "/" + partition + "@" + offset, "to", where);
    }

    /** The caller's identity and its key's hash prefix: names the key without giving it away. */
    private String who() {
        String hash = identity.getAttribute(ApiKeyIdentityProvider.CREDENTIAL);
        return identity.getPrincipal().getName() + " (key sha256:" + (hash == null ? "?"
                : hash.substring(0, Math.min(KEY_HASH_PREFIX, hash.length()))) + "...)";
    }
}
