package io.customersync.channel.api;

import java.text.Normalizer;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.api.FieldProblemException;
import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.CustomerCreation;
import io.customersync.channel.domain.CustomerEditing;
import io.customersync.channel.domain.Customers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Customers of the caller's channel: created offline-first (status ASYNC) and synced by HQ. */
@RolesAllowed({ApiRoles.POS, ApiRoles.STOREFRONT})
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerResource {

    private static final int MAX_QUERY = 100;

    private final CustomerCreation creation;
    private final CustomerEditing editing;
    private final CustomerEventStream events;
    private final IdempotentPost post;
    private final Caller caller;
    private final HandedOverAnswer handedOver;
    private final Customers customers;

    public CustomerResource(CustomerCreation creation, CustomerEditing editing, CustomerEventStream events,
            IdempotentPost post, Caller caller, HandedOverAnswer handedOver, Customers customers) {
        this.customers = customers;
        this.creation = creation;
        this.editing = editing;
        this.events = events;
        this.post = post;
        this.caller = caller;
        this.handedOver = handedOver;
    }

    @APIResponse(responseCode = "201", description = "Created (ASYNC, or numbered by HQ in a sync mode); Location names it",
            headers = @Header(name = "Location", description = "the customer's URL"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "422", description = "Unprocessable Content: the Idempotency-Key was used with another "
            + "request, or (sync modes) HQ refuses the customer; the field to fix is named")
    @APIResponse(responseCode = "409", description = "Conflict (sync modes): HQ holds the customer as a possible duplicate "
            + "until ops decide; the store saved it as an async customer, named in the detail (kept with an Idempotency-Key)")
    @POST
    @NonBlocking
    public Uni<Response> create(@Valid @NotNull CreateCustomerRequest request,
            @HeaderParam(IdempotentPost.HEADER) String idempotencyKey) {
        String channelId = caller.channelId();
        if (idempotencyKey == null && creation.createsAsync(channelId)) { // a till's usual POST: answered on the event loop
            return handedOver.answer(creation.handOver(channelId, request.toCommand()), created -> post.created(answer(created)));
        }
        return Uni.createFrom().item(() -> post.creation(channelId, idempotencyKey, "/api/v1/customers", request,
                key -> creation.create(channelId, request.toCommand(), key), CustomerResource::answer))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // it may wait for HQ or read the key
    }

    private static IdempotentPost.Created answer(CustomerCreation.Created created) {
        return new IdempotentPost.Created("/api/v1/customers/" + created.customer().id,
                CustomerResponse.from(created.customer(), created.outcome()));
    }

    @GET
    public CustomerPage search(@QueryParam("q") @DefaultValue("") @Parameter(description = "a name, e-mail, phone, account "
                    + "or async customer number, or part of one; at most " + MAX_QUERY + " characters (counted composed, NFC)",
                    schema = @Schema(maxLength = MAX_QUERY)) String text,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        // counted as the names are kept (NFC): a till that sends accents decomposed is not refused at half the length
        String typed = Normalizer.normalize(text.trim(), Normalizer.Form.NFC);
        if (typed.length() > MAX_QUERY) {
            throw new FieldProblemException(400, "q", "must be at most " + MAX_QUERY + " characters");
        }
        Customers.SearchPage found = customers.search(caller.channelId(), typed, page, size);
        return new CustomerPage(found.customers().stream().map(CustomerResponse::from).toList(), page, size, found.total());
    }

    @APIResponse(responseCode = "200", description = "The customer; its ETag the version of what an edit changes",
            headers = @Header(name = "ETag", description = "names, contacts, attributes and addresses as they are now "
                    + "(not changed by the customer's sync), for a PATCH's If-Match"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @GET
    @Path("/{customerId}")
    public Response get(@PathParam("customerId") UUID customerId) {
        return tagged(CustomerResponse.from(visible(customerId)));
    }

    @APIResponse(responseCode = "200", description = "Edited; its ETag the version after the edit",
            headers = @Header(name = "ETag", description = "as a GET's"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "412", description = "Precondition Failed: If-Match names a version that is no longer "
            + "the customer's (someone edited it since): nothing changed; read it again")
    @PATCH
    @Path("/{customerId}")
    @Transactional
    public Response edit(@PathParam("customerId") UUID customerId, @Valid @NotNull UpdateCustomerRequest request,
            @Parameter(description = "an ETag of the customer: edit only if it is still the current one (or *)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatchHeader, @Context HttpHeaders headers) {
        if (request.changesNothing()) {
            throw new BadRequestException("name at least one field to change");
        }
        return tagged(CustomerResponse.from(editing.edit(caller.channelId(), customerId, request.toCommand(),
                current(ifMatchHeader, headers))));
    }

    /** Whether a customer is still the version an If-Match names (every line: a list may come in several). */
    private static Predicate<Customer> current(String ifMatchHeader, HttpHeaders headers) {
        if (ifMatchHeader == null) {
            return customer -> true;
        }
        String ifMatch = String.join(",", headers.getRequestHeader(HttpHeaders.IF_MATCH)); // checked: RequestHeaderChecks
        return customer -> CustomerETag.matches(ifMatch, CustomerETag.of(CustomerResponse.from(customer)));
    }

    private static Response tagged(CustomerResponse customer) {
        return Response.ok(customer).header(HttpHeaders.ETAG, CustomerETag.of(customer)).build();
    }

    @APIResponse(responseCode = "422", description = "Unprocessable Content: the Idempotency-Key was used with another request, "
            + "the customer has 100 addresses (or has had 300, removed ones included), or it is a copy of another store's "
            + "customer (errors[].field customerId: an address is added at the store that created it)")
    @APIResponse(responseCode = "201", description = "Added; the answer is the customer with it (last), Location the customer",
            headers = {@Header(name = "Location", description = "the customer's URL"),
                @Header(name = "ETag", description = "of the customer answered, as a GET's")},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @POST
    @Path("/{customerId}/addresses")
    @Transactional
    public Response addAddress(@PathParam("customerId") UUID customerId, @Valid @NotNull AddressRequest request,
            @HeaderParam(IdempotentPost.HEADER) String idempotencyKey) {
        String target = "/api/v1/customers/" + customerId;
        return post.answerCustomer(caller.channelId(), idempotencyKey, target + "/addresses", request,
                () -> new IdempotentPost.Created(target,
                        CustomerResponse.from(editing.addAddress(caller.channelId(), customerId, request.toCommand()))));
    }

    @APIResponse(responseCode = "200", description = "Changed (or already so); the answer is the customer, its ETag the "
            + "version after the change", headers = @Header(name = "ETag", description = "as a GET's"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "412", description = "Precondition Failed: If-Match names a version that is no longer "
            + "the customer's: nothing changed; read it again")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: a copy of another store's customer (errors[].field "
            + "customerId: its addresses are changed at the store that created it)")
    @PUT
    @Path("/{customerId}/addresses/{addressId}")
    @Transactional
    public Response changeAddress(@PathParam("customerId") UUID customerId, @PathParam("addressId") UUID addressId,
            @Valid @NotNull AddressRequest request,
            @Parameter(description = "an ETag of the customer: change only if it is still the current one (or *)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatchHeader, @Context HttpHeaders headers) {
        return tagged(CustomerResponse.from(editing.changeAddress(caller.channelId(), customerId, addressId,
                request.toCommand(), current(ifMatchHeader, headers))));
    }

    @APIResponse(responseCode = "200", description = "Removed (or removed already); the answer is the customer without it, "
            + "its ETag the version after", headers = @Header(name = "ETag", description = "as a GET's"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "412", description = "Precondition Failed: If-Match names a version that is no longer "
            + "the customer's: nothing changed; read it again")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: a copy of another store's customer (errors[].field "
            + "customerId: its addresses are removed at the store that created it)")
    @DELETE
    @Path("/{customerId}/addresses/{addressId}")
    @Transactional
    public Response removeAddress(@PathParam("customerId") UUID customerId, @PathParam("addressId") UUID addressId,
            @Parameter(description = "an ETag of the customer: remove only if it is still the current one (or *)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatchHeader, @Context HttpHeaders headers) {
        return tagged(CustomerResponse.from(editing.removeAddress(caller.channelId(), customerId, addressId,
                current(ifMatchHeader, headers))));
    }

    /**
     * Server-sent events: the customer now, then again each time its status changes, ending with HQ's
     * answer (SYNCED, FAILED or ON_HOLD); {@code id}, {@code retry} and heartbeat comment lines. A
     * client reconnecting with the id of that final event (an EventSource does when a stream ends) is
     * answered 204, so that it stops.
     */
    @GET
    @Path("/{customerId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The customer now, then at each change of its status, until HQ's answer",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = CustomerResponse.class)))
    @APIResponse(responseCode = "204", description = "the Last-Event-ID is the final event: nothing more will come")
    public Multi<OutboundSseEvent> events(@PathParam("customerId") UUID customerId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Customer customer = visible(customerId);
        if (customer.status.answeredByHq()
                && CustomerEventStream.versionOf(customer.updatedAt).equals(lastEventId)) {
            throw new StreamEndedException();
        }
        return events.untilAnswered(customer.id, lastEventId, sse);
    }

    private Customer visible(UUID customerId) {
        return customers.findVisible(customerId, caller.channelId())
                .orElseThrow(() -> new NotFoundException("no customer " + customerId + " in this channel")).notErased();
    }
}
