package io.customersync.channel.api;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.customersync.api.Problems;
import io.customersync.channel.domain.CustomerChangedMeanwhileException;
import io.customersync.channel.domain.HeldAtHqException;
import io.customersync.channel.domain.RefusedException;
import io.customersync.channel.domain.TryLaterException;
import io.customersync.channel.domain.CustomerErasedException;
import io.customersync.channel.domain.NoSuchAddressException;
import io.customersync.channel.domain.UnknownCustomerException;
import io.customersync.channel.domain.UnknownWebhookException;
import io.customersync.channel.domain.WebhookConflictException;

/** The channel domain's refusals as problem+json answers, and problems particular to the channel API. */
public class ChannelProblemMappers {

    /** The field a hold's 409 names (the customer the store kept on hold), also in one kept with an Idempotency-Key. */
    static final String HELD_FIELD = "customerId";

    /**
     * Worth a retry: HQ away (sync mode without fallback), a customer not taken in time, a numbered
     * customer the store could not save (it arrives from HQ).
     */
    @ServerExceptionMapper
    public Response tryLater(TryLaterException e, UriInfo uri) {
        return Problems.response(503, e.getMessage(), uri.getPath(), List.of())
                .header("Retry-After", 1).build();
    }

    /** Not a problem: the client has the stream's final event (no body, EventSource stops). */
    @ServerExceptionMapper
    public Response streamEnded(StreamEndedException e) {
        return Response.noContent().build();
    }

    /** HQ holds a sync-mode customer for ops; the store kept it, ON_HOLD (the detail says under which id). */
    @ServerExceptionMapper
    public Response heldAtHq(HeldAtHqException e, UriInfo uri) {
        return Problems.field(409, HELD_FIELD, e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownCustomer(UnknownCustomerException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    @ServerExceptionMapper
    public Response noSuchAddress(NoSuchAddressException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** A PATCH whose If-Match no longer names the customer's current version: nothing changed. */
    @ServerExceptionMapper
    public Response changedMeanwhile(CustomerChangedMeanwhileException e, UriInfo uri) {
        return Problems.response(412, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** HQ erased the customer's personal data (docs/privacy.md): gone for good, 410. */
    @ServerExceptionMapper
    public Response erased(CustomerErasedException e, UriInfo uri) {
        return Problems.response(410, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** A field names something that is not there or reuses an idempotency key: 422 naming the field. */
    @ServerExceptionMapper
    public Response refused(RefusedException e, UriInfo uri) {
        return Problems.field(422, e.field(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownWebhook(UnknownWebhookException e, UriInfo uri) {
        return Problems.response(404, e.getMessage(), uri.getPath(), List.of()).build();
    }

    /** A second subscription for a channel, or a replay of a delivery that is not dead: 409 naming the field. */
    @ServerExceptionMapper
    public Response webhookConflict(WebhookConflictException e, UriInfo uri) {
        return Problems.field(409, e.field(), e.getMessage(), uri.getPath());
    }
}
