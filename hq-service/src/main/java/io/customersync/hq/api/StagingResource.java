package io.customersync.hq.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.customersync.api.ApiRoles;
import io.customersync.api.Caller;
import io.customersync.contracts.CustomerCreated;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.DuplicateReview;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingCorrections;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.UnknownStagedCustomerException;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.hq.metrics.StagingHistory;
import io.customersync.messaging.SampleHistory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;

/**
 * D365's "Customer synchronization status" page as an API for ops: staged async customers by status,
 * their history, and for a FAILED or held one: edit it, retry it, or decide about a possible duplicate.
 */
@RolesAllowed(ApiRoles.OPS)
@Path("/api/v1/staging")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StagingResource {

    public record StagedCustomer(UUID customerId, String channelId, String asyncCustomerNumber, StagingStatus status,
            String accountNumber, String lastError, String heldReason, Instant receivedAt, Instant syncedAt) {

        static StagedCustomer from(AsyncCustomerStaging row) {
            return new StagedCustomer(row.customerId, row.channelId, row.asyncCustomerNumber, row.status,
                    row.accountNumber, row.lastError, row.heldReason, row.receivedAt, row.syncedAt);
        }
    }

    public record StagedCustomerDetail(StagedCustomer customer, CustomerCreated payload,
            List<StagedCustomers.HistoryEntry> history) {
    }

    private final StagedCustomers staging;
    private final StagingCorrections corrections;
    private final HqJobs jobs;
    private final Caller caller;
    private final DuplicateReview review;
    private final StagingHistory stagingHistory;

    public StagingResource(StagedCustomers staging, StagingCorrections corrections, HqJobs jobs, Caller caller,
            DuplicateReview review, StagingHistory stagingHistory) {
        this.staging = staging;
        this.stagingHistory = stagingHistory;
        this.corrections = corrections;
        this.review = review;
        this.jobs = jobs;
        this.caller = caller;
    }

    /** Staged customers, newest first; {@code held=true} only those held for a duplicate decision (HOLD). */
    @GET
    public List<StagedCustomer> list(@QueryParam("status") StagingStatus status, @QueryParam("held") Boolean held,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return staging.list(status, held, limit).stream().filter(r -> caller.sees(r.channelId))
                .map(StagedCustomer::from).toList();
    }

    /** How many staged customers each channel has in each status (for the pipeline page). */
    @GET
    @Path("/counts")
    public List<StagedCustomers.Count> counts() {
        return staging.counts().stream().filter(c -> caller.sees(c.channelId())).toList();
    }

    /**
     * Staged customers pending per channel over the recent past (series {@code staging/<channel>}),
     * sampled by HQ every {@code hq.staging-history.sample-interval}: the pipeline page's chart.
     */
    @GET
    @Path("/counts/history")
    public SampleHistory.Columns countsHistory() {
        return stagingHistory.columns().select(series -> caller.sees(StagingHistory.channelOf(series)));
    }

    @GET
    @Path("/{customerId}")
    public StagedCustomerDetail get(@PathParam("customerId") UUID customerId) {
        AsyncCustomerStaging row = visible(staging.find(customerId));
        return new StagedCustomerDetail(StagedCustomer.from(row), row.upload(), staging.history(customerId));
    }

    /** Corrects a FAILED or held customer before it is retried; the fields given replace the staged ones. */
    @APIResponse(responseCode = "200", description = "Edited: the staged customer now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StagedCustomerDetail.class)))
    @APIResponse(responseCode = "409", description = "Conflict: only a FAILED or held customer can be edited")
    @PATCH
    @Path("/{customerId}")
    @Transactional
    public StagedCustomerDetail edit(@PathParam("customerId") UUID customerId, @Valid @NotNull StagedCustomerEdit edit) {
        corrections.edit(visible(staging.locked(customerId)), edit.toCommand());
        return get(customerId);
    }

    /** Puts a FAILED customer back to PENDING; the customer-sync job takes it (at once when continuous). */
    @APIResponse(responseCode = "200", description = "Pending again: the staged customer now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StagedCustomer.class)))
    @APIResponse(responseCode = "409", description = "Conflict: only a FAILED or held customer can be retried")
    @POST
    @Path("/{customerId}/retry")
    public StagedCustomer retry(@PathParam("customerId") UUID customerId) {
        QuarkusTransaction.requiringNew().run(() -> corrections.retry(visible(staging.locked(customerId))));
        jobs.find(HqJobs.CUSTOMER_SYNC).orElseThrow().runNow(caller.name());
        return StagedCustomer.from(staging.find(customerId));
    }

    /**
     * Decides about a possible duplicate, flagged or held: KEEP_SEPARATE, or LINK to an existing account
     * (the matched one unless another is named). The review queue lists what waits (GET /api/v1/staging/review).
     */
    @APIResponse(responseCode = "200", description = "Decided: the staged customer now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StagedCustomer.class)))
    @APIResponse(responseCode = "409", description = "Conflict: the decision conflicts with the customer's state")
    @APIResponse(responseCode = "422", description = "Unprocessable Content: the decision cannot be carried out")
    @POST
    @Path("/{customerId}/decision")
    @Transactional
    public StagedCustomer decide(@PathParam("customerId") UUID customerId, @Valid @NotNull DuplicateDecision decision) {
        AsyncCustomerStaging row = visible(staging.locked(customerId));
        review.decide(row, decision.toDomain(), decision.accountNumber());
        return StagedCustomer.from(row);
    }

    private AsyncCustomerStaging visible(AsyncCustomerStaging row) {
        if (row == null || !caller.sees(row.channelId)) {
            throw new UnknownStagedCustomerException();
        }
        return row;
    }
}
