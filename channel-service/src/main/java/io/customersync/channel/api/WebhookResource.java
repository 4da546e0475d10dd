package io.customersync.channel.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiCredentials;
import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.channel.domain.ChannelNotServedException;
import io.customersync.channel.domain.WebhookDeliveries;
import io.customersync.channel.domain.WebhookDelivery;
import io.customersync.channel.domain.WebhookSubscriptions;
import io.customersync.channel.messaging.WebhookDispatcher;
import io.smallrye.common.annotation.Blocking;

/**
 * The storefront webhook, for ops: a channel's subscription (URL, events; the secret is answered only
 * at creation), its deliveries by status, and the replay of a dead-lettered one.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class WebhookResource {

    private static final String CHANNEL = "[A-Za-z0-9_-]{1,32}";

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final Caller caller;
    private final ApiCredentials credentials;

    public WebhookResource(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries,
            WebhookDispatcher dispatcher, Caller caller, ApiCredentials credentials) {
        this.credentials = credentials;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.caller = caller;
    }

    @APIResponse(responseCode = "201", description = "Subscribed; the answer carries the secret, shown this once")
    @APIResponse(responseCode = "409", description = "Conflict: the channel already has a subscription")
    @APIResponse(responseCode = "422", description = "A channel this channel-service does not serve")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(@Valid @NotNull WebhookSubscriptionRequest request) {
        URI url = request.uri();
        visible(request.channelId());
        if (!credentials.servesChannel(request.channelId())) {
            throw new ChannelNotServedException(request.channelId()); // its customers' news never come here
        }
        var created = subscriptions.create(request.channelId(), url, request.eventTypes());
        return Response.created(URI.create("/api/v1/webhooks/" + created.channelId()))
                .entity(WebhookSubscriptionResponse.created(created)).build();
    }

    @GET
    public List<WebhookSubscriptionResponse> list() {
        return subscriptions.list().stream().filter(s -> caller.sees(s.channelId()))
                .map(WebhookSubscriptionResponse::from).toList();
    }

    @GET
    @Path("/{channelId}")
    public WebhookSubscriptionResponse get(@PathParam("channelId") @Pattern(regexp = CHANNEL) String channelId) {
        visible(channelId);
        return subscriptions.find(channelId).map(WebhookSubscriptionResponse::from)
                .orElseThrow(() -> new NotFoundException("channel " + channelId + " has no webhook subscription"));
    }

    /** Unsubscribes; the channel's deliveries, dead letters included, go too. */
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @DELETE
    @Path("/{channelId}")
    public Response unsubscribe(@PathParam("channelId") @Pattern(regexp = CHANNEL) String channelId) {
        visible(channelId);
        subscriptions.delete(channelId);
        return Response.noContent().build();
    }

    /** The channel's deliveries in one status (DEAD: the dead letters), oldest first. */
    @GET
    @Path("/{channelId}/deliveries")
    public List<WebhookDeliveryResponse> deliveries(@PathParam("channelId") @Pattern(regexp = CHANNEL) String channelId,
            @QueryParam("status") @DefaultValue("DEAD") @Pattern(regexp = "PENDING|DELIVERED|DEAD",
                    message = "must be PENDING, DELIVERED or DEAD") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        visible(channelId);
        return deliveries.list(channelId, WebhookDelivery.Status.valueOf(status), limit).stream()
                .map(WebhookDeliveryResponse::from).toList();
    }

    @APIResponse(responseCode = "202", description = "Due again now, with the same event id")
    @APIResponse(responseCode = "409", description = "Conflict: the delivery is not dead-lettered")
    @POST
    @Path("/{channelId}/deliveries/{eventId}/replay")
    public Response replay(@PathParam("channelId") @Pattern(regexp = CHANNEL) String channelId,
            @PathParam("eventId") UUID eventId) {
        visible(channelId);
        deliveries.replay(channelId, eventId);
        dispatcher.wake();
        return Response.accepted(Map.of("eventId", eventId, "status", WebhookDelivery.Status.PENDING)).build();
    }

    /** An ops key bound to one channel sees only that channel's webhook. */
    private void visible(String channelId) {
        if (!caller.sees(channelId)) {
            throw new NotFoundException("channel " + channelId + " has no webhook subscription this key may see");
        }
    }
}
