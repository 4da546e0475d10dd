package io.customersync.hq.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.hq.client.DistributionPersonalDataClient;
import io.customersync.hq.domain.CustomerErasures;
import io.customersync.hq.domain.PersonalDataErasure;
import io.customersync.hq.domain.PersonalDataExport;
import io.smallrye.common.annotation.Blocking;

/**
 * Privacy requests of a customer (docs/privacy.md), for ops: everything held about the customer (HQ's
 * database and every channel database, each part saying where it came from), and its erasure
 * everywhere. {@code reference} is an account number or a customer id.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/customers/{reference}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CustomerPrivacyResource {

    /**
     * The export: HQ's part, and each channel database's (or why distribution could not say); the same channel
     * part for each store customer linked to the account (its HQ part is in {@code hq.data.linked}).
     */
    public record PersonalData(UUID customerId, String accountNumber, Instant exportedAt, Part<PersonalDataExport.HqPart> hq,
            JsonNode channels, String channelsUnavailable, List<LinkedCustomer> linkedCustomers) {
    }

    /** A linked store customer's rows in every channel database (or why distribution could not say). */
    public record LinkedCustomer(UUID customerId, JsonNode channels, String channelsUnavailable) {
    }

    /** One part of the export and where it came from. */
    public record Part<T>(String source, T data) {
    }

    private final PersonalDataErasure erasure;
    private final PersonalDataExport export;
    private final DistributionPersonalDataClient distribution;
    private final Caller caller;

    public CustomerPrivacyResource(PersonalDataErasure erasure, PersonalDataExport export,
            DistributionPersonalDataClient distribution, Caller caller) {
        this.erasure = erasure;
        this.export = export;
        this.distribution = distribution;
        this.caller = caller;
    }

    /**
     * Everything held about the customer: HQ's master, staging and erasure record, and the customer's
     * rows in every channel database distribution knows; the same of each store customer linked or merged
     * to its account; a channel database (or distribution) that does not answer is listed as unavailable.
     */
    @APIResponse(responseCode = "409", description = "Conflict: the customer has no account of its own at HQ (yet)")
    @APIResponse(responseCode = "200", description = "The export",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonalData.class)))
    @GET
    @Path("/personal-data")
    public PersonalData personalData(@PathParam("reference") @Size(max = 64) String reference,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        PersonalDataExport.HqPart hq = export.export(reference, caller::sees);
        List<UUID> customerIds = new ArrayList<>();
        customerIds.add(hq.master().customerId());
        hq.linked().forEach(linked -> customerIds.add(linked.customerId()));
        List<DistributionPersonalDataClient.Answer> channels = distribution.channelsOf(customerIds, authorization);
        List<LinkedCustomer> linked = new ArrayList<>();
        for (int i = 1; i < customerIds.size(); i++) {
            linked.add(new LinkedCustomer(customerIds.get(i), channels.get(i).channels(), channels.get(i).unavailable()));
        }
        return new PersonalData(hq.master().customerId(), hq.master().accountNumber(), Instant.now(),
                new Part<>("hq-service database: customer, customer_address, async_customer_staging, staging_history, "
                        + "customer_erasure, customer_link", hq),
                channels.get(0).channels(), channels.get(0).unavailable(), linked);
    }

    /**
     * Erases the customer's personal data at HQ and, through distribution, in every channel database
     * of its address book; {@code 201} with the erasure record, {@code 200} with the same record when
     * it was erased before (nothing changes).
     */
    @APIResponse(responseCode = "409", description = "Conflict: the customer has no account of its own at HQ (yet)")
    @APIResponse(responseCode = "201", description = "Erased now: the erasure record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerErasures.Erasure.class)))
    @APIResponse(responseCode = "200", description = "Erased before: the same record, nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerErasures.Erasure.class)))
    @POST
    @Path("/erasure")
    public Response erase(@PathParam("reference") @Size(max = 64) String reference,
            @Valid @NotNull ErasureRequest request) {
        PersonalDataErasure.Outcome outcome = erasure.erase(reference, caller::sees, request.requestReference(),
                request.requestedBy() + " (" + caller.name() + ")");
        CustomerErasures.Erasure erased = outcome.erasure();
        return Response.status(outcome.erasedNow() ? 201 : 200).entity(erased).build();
    }
}
