package io.customersync.distribution.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiCredentials;
import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.distribution.domain.Channel;
import io.customersync.distribution.domain.ChannelNotDeliveredHereException;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.ChannelRules;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.FullSyncs;
import io.customersync.distribution.domain.PasswordReference;
import io.customersync.distribution.domain.UnknownChannelException;
import io.customersync.distribution.jobs.ChannelFullSync;
import io.customersync.distribution.jobs.DistributionJob;
import io.smallrye.common.annotation.Blocking;

/**
 * The live channel registry (docs/api.md#channel-registry): list and read the channels, add or
 * change one, retire one; effective at once, no restart. Changes need an ops key for every channel.
 * Also a channel's retry of its parked deliveries.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ChannelRegistryResource {

    private final ChannelRegistry registry;
    private final DeliveryQueue queue;
    private final Caller caller;
    private final DistributionJob job;
    private final ChannelFullSync fullSync;
    private final FullSyncs fullSyncs;

    public ChannelRegistryResource(ChannelRegistry registry, DeliveryQueue queue, Caller caller, DistributionJob job,
            ChannelFullSync fullSync, FullSyncs fullSyncs) {
        this.fullSync = fullSync;
        this.fullSyncs = fullSyncs;
        this.registry = registry;
        this.job = job;
        this.queue = queue;
        this.caller = caller;
    }

    /** Every channel of the registry the caller may see (retired and other deployments' too), with its queue here. */
    @GET
    public List<ChannelView> list() {
        return registry.all().stream().filter(c -> caller.sees(c.id())).map(this::view).toList();
    }

    @GET
    @Path("/{channelId}")
    public ChannelView get(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId) {
        return view(visible(channelId));
    }

    @APIResponse(responseCode = "201", description = "Added: delivered to, and a copy target of its address book, at once")
    @APIResponse(responseCode = "200", description = "Changed (a retired channel comes back)")
    @APIResponse(responseCode = "422", description = "Not acceptable (e.g. not a jdbc:postgresql: URL, unknown password reference scheme); nothing written")
    @PUT
    @Path("/{channelId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId,
            @Valid @NotNull ChannelRegistration request) {
        mayChange();
        Channel channel = new Channel(channelId, request.jdbcUrl(), request.username(),
                PasswordReference.parse(request.passwordRef()), blankToNull(request.addressBook()),
                request.excludeCustomerData(), request.poolSize(),
                request.deployment() != null ? request.deployment() : ownerOf(channelId), Channel.Status.ACTIVE);
        ChannelRegistry.Registered registered = registry.register(channel, caller.name());
        if (registered.needsFullSync()) {
            fullSync.startOver(channelId, caller.name());
        }
        ChannelView view = view(registry.registered(channelId).orElseThrow(() -> new UnknownChannelException(channelId)));
        return registered.added() ? Response.created(URI.create("/api/v1/channels/" + channelId)).entity(view).build()
                : Response.ok(view).build();
    }

    /** Retires the channel: no new deliveries but erasures; what else is queued for it waits (docs/api.md#channel-registry). */
    @DELETE
    @Path("/{channelId}")
    public ChannelView retire(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId) {
        mayChange();
        return view(registry.retire(channelId, caller.name()));
    }

    /** The same as DELETE, for clients that cannot send one. */
    @POST
    @Path("/{channelId}/retirement")
    public ChannelView retirement(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId) {
        return retire(channelId);
    }

    /** Releases the channel's parked (FAILED) deliveries and retries everything waiting for it now (a retired one's erasures). */
    @POST
    @Path("/{channelId}/retry")
    @Transactional
    public Map<String, Object> retry(@PathParam("channelId") String channelId) {
        Channel channel = visible(channelId);
        if (!registry.deliversErasuresTo(channelId)) {
            throw new ChannelNotDeliveredHereException(channel);
        }
        int released = queue.release(channelId);
        job.runNow(channelId, caller.name());
        return Map.of("channelId", channelId, "released", released);
    }

    /**
     * Sends the channel every customer of its address book as HQ has it now (docs/ops.md#a-stores-full-sync), as
     * adding it, bringing it back or moving it to another book or deployment does; a full sync running now starts over.
     */
    @APIResponse(responseCode = "202", description = "Started: GET .../full-sync follows it")
    @APIResponse(responseCode = "409", description = "Conflict: the channel is retired or another deployment's")
    @POST
    @Path("/{channelId}/full-sync")
    public Response startFullSync(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId) {
        visible(channelId);
        return Response.accepted(fullSync.request(channelId, caller.name())).build();
    }

    /** The channel's last full sync: how far it read HQ's customers, how many it queued, whether it finished. */
    @APIResponse(responseCode = "200", description = "The channel's last full sync",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FullSyncs.FullSync.class)))
    @APIResponse(responseCode = "404", description = "No such channel, or it never had a full sync")
    @GET
    @Path("/{channelId}/full-sync")
    public FullSyncs.FullSync fullSync(@PathParam("channelId") @Pattern(regexp = ChannelRules.CHANNEL_ID) String channelId) {
        visible(channelId);
        return fullSyncs.find(channelId).orElseThrow(() -> UnknownChannelException.withoutFullSync(channelId));
    }

    private Channel visible(String channelId) {
        if (!caller.sees(channelId)) {
            throw new UnknownChannelException(channelId);
        }
        return registry.registered(channelId).orElseThrow(() -> new UnknownChannelException(channelId));
    }

    /** Who delivers to a channel whose change names no deployment: its owner so far, or this deployment for a new one. */
    private String ownerOf(String channelId) {
        return registry.registered(channelId).map(Channel::deployment).orElse(registry.deployment());
    }

    private void mayChange() {
        if (!ApiCredentials.ALL_CHANNELS.equals(caller.channelId())) {
            throw new ForbiddenException("changing the channel registry needs an ops key for every channel");
        }
    }

    private ChannelView view(Channel channel) {
        return ChannelView.of(channel, registry.owns(channel.id()), queue.status(channel.id()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
